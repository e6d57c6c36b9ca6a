// Live leaderboard of one stage: rank (ties share it), medal places, competitor, organisation, total and the result
// status of every row; the advancement line under the last advancing rank. Rows keep their node, so a rank change
// slides the row to its new place.
import { el, bi, score } from "/displays/shared/display-text.js";
import { statusBadge, medalMark, caption, fitText, renderKeyed, Pager, pageRange } from "./parts.js";
import { currentStageId, stageName } from "./store.js";

const ROWS_PER_SCREEN = 10;

export function createLeaderboard(ctx) {
  const root = el("section", { class: "page page-leaderboard", "data-page": "leaderboard" });
  const head = caption();
  const columns = el("div", { class: "lb-columns" },
    el("span", { class: "c-rank" }, bi({ zh: "名次", en: "Rank" })), el("span", { class: "c-medal" }),
    el("span", { class: "c-name" }, bi({ zh: "选手", en: "Competitor" })), el("span", { class: "c-org" }, bi({ zh: "单位", en: "Organisation" })),
    el("span", { class: "c-total" }, bi({ zh: "总分", en: "Total" })), el("span", { class: "c-status" }, bi({ zh: "状态", en: "Status" })));
  const list = el("div", { class: "lb-rows", role: "list" });
  const empty = el("div", { class: "empty", hidden: true }, bi({ zh: "暂无成绩", en: "No results yet" }, "stack"));
  root.append(head, columns, list, empty);
  const nodes = new Map();
  const pager = new Pager(() => render({ animate: false }));

  function render({ animate = true } = {}) {
    const stageId = currentStageId(ctx.store, ctx.config.stageId);
    const standings = stageId ? ctx.store.standings.get(stageId) : null;
    root.dataset.stage = stageId ?? "";
    const rows = standings?.rows ?? [];
    empty.hidden = rows.length > 0;
    const page = pager.slice(rows, ROWS_PER_SCREEN);
    renderCaption(standings, stageId, page);
    // The line goes under the last row holding the line's rank (ties at the line all advance).
    const lineAt = standings?.advancementLineAfterRank ?? null;
    const lastAtLine = lineAt === null ? -1 : rows.findLastIndex(r => r.rank === lineAt);
    renderKeyed(list, nodes, page.items, {
      key: r => r.competitorId,
      create: createRow,
      update: (node, row, i) => updateRow(node, row, rows, page.from + i === lastAtLine && lastAtLine < rows.length - 1),
      animate,
    });
    fitText(list);
  }

  function renderCaption(standings, stageId, page) {
    if (!standings) { head.replaceChildren(); return; }
    const name = stageName(ctx.store, stageId);
    const parts = [el("span", { class: "cap-stage" }, bi(name))];
    parts.push(el("span", { class: "cap-note" }, bi({ zh: `满分 ${score(standings.maximumTotal)}`, en: `Max ${score(standings.maximumTotal)}` })));
    const rule = advancementText(standings);
    if (rule) parts.push(el("span", { class: "cap-note cap-advance" }, bi(rule)));
    if (ctx.store.freeze?.frozen) parts.push(el("span", { class: "cap-frozen" }, bi({ zh: "成绩已冻结", en: "Results frozen" })));
    const range = pageRange(page);
    parts.push(el("span", { class: "cap-range" }, range));
    head.replaceChildren(...parts);
  }

  function createRow(row) {
    return el("div", { class: "lb-row", role: "listitem", "data-competitor": row.competitorId },
      el("span", { class: "c-rank" }, el("span", { class: "rank-number" }), el("span", { class: "tie" }, bi({ zh: "并列", en: "TIE" }))),
      el("span", { class: "c-medal" }),
      el("span", { class: "c-name fit" }),
      el("span", { class: "c-org fit" }),
      el("span", { class: "c-total total" }),
      el("span", { class: "c-status" }));
  }

  function updateRow(node, row, rows, lineAfter) {
    const tie = rows.filter(r => r.rank === row.rank).length > 1;
    node.dataset.bib = row.bib;
    node.dataset.rank = row.rank;
    node.dataset.status = row.status;
    node.dataset.medal = row.medal;
    node.classList.toggle("advances", !!row.advances);
    node.classList.toggle("tied", tie);
    node.classList.toggle("line-after", lineAfter);
    if (lineAfter) node.dataset.lineLabel = ctx.lineLabel(); else delete node.dataset.lineLabel;
    const [rank, medal, name, org, total, status] = node.children;
    rank.firstChild.textContent = row.rank;
    medal.replaceChildren(medalMark(row.medal));
    name.replaceChildren(el("span", { class: "bib" }, row.bib), bi({ zh: row.nameZh, en: row.nameEn }, "stack"));
    org.replaceChildren(bi({ zh: row.organisationZh, en: row.organisationEn }, "stack"));
    const text = score(row.total);
    if (total.textContent !== text) {
      if (total.textContent) flash(total);
      total.textContent = text;
    }
    if (status.firstChild?.dataset.status !== row.status) status.replaceChildren(statusBadge(row.status));
  }

  return {
    name: "leaderboard", title: { zh: "实时排名", en: "Live standings" }, root,
    render, enter() { pager.start(); render({ animate: false }); }, leave() { pager.stop(); },
  };
}

function flash(node) {
  node.classList.remove("changed");
  void node.offsetWidth;
  node.classList.add("changed");
}

export function advancementText(s) {
  const n = s.advancementLineAfterRank;
  switch (s.advancement) {
    case "TopN": return { zh: `前 ${Number(s.advancementValue)} 名晋级`, en: `Top ${Number(s.advancementValue)} advance` };
    case "TopPercent": return { zh: `前 ${Number(s.advancementValue)}% 晋级`, en: `Top ${Number(s.advancementValue)}% advance` };
    case "AboveMark": return { zh: `${score(s.advancementValue)} 分以上晋级`, en: `${score(s.advancementValue)} or more advance` };
    default: return n ? { zh: "晋级线", en: "Advancement line" } : null;
  }
}
