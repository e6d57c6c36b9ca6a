// The series at a glance: every competition with the state of each stage (one dot per module), and the medal table of
// official results by organisation.
import { el, bi, words } from "/displays/shared/display-text.js";
import { caption, fitText, medalMark } from "./parts.js";

const COMPETITIONS = 10, MEDAL_ROWS = 10;

export function createSeries(ctx) {
  const root = el("section", { class: "page page-series", "data-page": "series" });
  const compHead = caption();
  const competitions = el("div", { class: "series-list", role: "list" });
  const medalHead = caption(el("span", { class: "cap-stage" }, bi({ zh: "奖牌榜", en: "Medal table" })),
    el("span", { class: "cap-note" }, bi({ zh: "正式成绩", en: "Official results" })));
  const table = el("div", { class: "medal-table", role: "list" });
  root.append(el("div", { class: "se-competitions" }, compHead, competitions), el("div", { class: "se-medals" }, medalHead, table));

  function render() {
    const all = [...ctx.store.seriesCompetitions.values()].sort((a, b) => a.id - b.id);
    const currentId = ctx.store.competition?.id;
    // Ten fit; with more, keep the screen's own competition in view.
    let shown = all.slice(0, COMPETITIONS);
    if (currentId && !shown.some(c => c.id === currentId) && all.length > COMPETITIONS)
      shown = [...all.slice(0, COMPETITIONS - 1), all.find(c => c.id === currentId)].filter(Boolean);
    const live = all.filter(c => c.stages.some(s => s.modules.includes("Live"))).length;
    // The series' name is the header's subtitle on this page.
    compHead.replaceChildren(
      el("span", { class: "cap-stage" }, bi({ zh: `${all.length} 个赛项`, en: `${all.length} ${all.length === 1 ? "trade" : "trades"}` })),
      el("span", { class: "cap-note" }, bi({ zh: `${live} 个进行中`, en: `${live} live now` })));
    competitions.replaceChildren(...shown.map(c => el("div", {
      class: `series-comp${c.id === currentId ? " current" : ""}`, role: "listitem", "data-competition": c.id,
    },
      el("span", { class: "sc-trade fit wrap2" }, bi({ zh: c.tradeZh, en: c.tradeEn }, "stack")),
      el("span", { class: "sc-stages" }, ...c.stages.map(s => el("span", { class: "stage-chip", "data-state": stageState(s), "data-stage": s.id },
        el("span", { class: "sc-stage-name" }, bi(words.stageKind[s.kind] ?? { zh: s.nameZh, en: s.nameEn })),
        el("span", { class: "dots" }, ...s.modules.map(m => el("span", { class: "dot", "data-status": m, title: words.moduleStatus[m]?.en ?? m })))))),
      c.frozen ? el("span", { class: "sc-frozen" }, bi({ zh: "冻结", en: "Frozen" })) : "")));

    const rows = (ctx.store.medals?.rows ?? []).slice(0, MEDAL_ROWS);
    table.replaceChildren(el("div", { class: "medal-row medal-head" },
      el("span", { class: "mr-rank" }), el("span", { class: "mr-name" }, bi({ zh: "单位", en: "Organisation" })),
      ...["Gold", "Silver", "Bronze"].map(m => el("span", { class: "mr-count" }, medalMark(m))),
      el("span", { class: "mr-total" }, bi({ zh: "合计", en: "Total" }))),
    ...rows.map(r => el("div", { class: "medal-row", role: "listitem", "data-organisation": r.organisationId },
      el("span", { class: "mr-rank" }, r.rank),
      el("span", { class: "mr-name fit wrap2" }, bi({ zh: r.nameZh, en: r.nameEn }, "stack")),
      el("span", { class: "mr-count" }, r.gold), el("span", { class: "mr-count" }, r.silver), el("span", { class: "mr-count" }, r.bronze),
      el("span", { class: "mr-total" }, r.total))));
    if (!rows.length) table.append(el("div", { class: "empty small" }, bi({ zh: "尚无正式奖牌", en: "No official medals yet" }, "stack")));
    fitText(root);
  }

  return { name: "series", title: { zh: "系列赛总览", en: "Series overview" }, root, render, enter() { render(); }, leave() {} };
}

/// One word for a stage: live if any module is, done when every module is locked, scheduled before any started.
export function stageState(stage) {
  const m = stage.modules;
  if (m.includes("Live")) return "Live";
  if (m.length && m.every(s => s === "Locked")) return "Locked";
  if (m.length && m.every(s => s === "Scheduled")) return "Scheduled";
  return m.length ? "Closed" : "Scheduled";
}
