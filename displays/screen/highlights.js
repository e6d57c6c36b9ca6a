// Latest highlights (leader changes, new results, after-lock corrections, as this screen saw them) beside the current
// leaders of each stage, so the page says something even before anything has happened since it loaded.
import { el, bi, score, shanghaiClock } from "/displays/shared/display-text.js";
import { caption, fitText, medalMark, statusBadge } from "./parts.js";
import { stageName, stageOrder } from "./store.js";

const SHOWN = 6;
export const highlightKinds = {
  leader: { zh: "新领先", en: "Leader" }, result: { zh: "新成绩", en: "Result" }, correction: { zh: "成绩更正", en: "Correction" },
};

export function createHighlights(ctx) {
  const root = el("section", { class: "page page-highlights", "data-page": "highlights" });
  const feedHead = caption(el("span", { class: "cap-stage" }, bi({ zh: "最新动态", en: "Latest" })));
  const feed = el("div", { class: "highlight-list", role: "list" });
  const none = el("div", { class: "empty small", hidden: true }, bi({ zh: "新的成绩将在这里出现", en: "New results will appear here" }, "stack"));
  const leadersHead = caption(el("span", { class: "cap-stage" }, bi({ zh: "当前领先", en: "Leading now" })));
  const leaders = el("div", { class: "leader-list" });
  root.append(el("div", { class: "hl-feed" }, feedHead, feed, none), el("div", { class: "hl-leaders" }, leadersHead, leaders));

  function render() {
    const items = ctx.store.highlights.slice(0, SHOWN);
    none.hidden = items.length > 0;
    feed.replaceChildren(...items.map(h => el("div", { class: "highlight", role: "listitem", "data-kind": h.kind, "data-bib": h.bib ?? "" },
      el("span", { class: "h-time" }, shanghaiClock(h.at, false)),
      el("span", { class: "h-kind" }, bi(highlightKinds[h.kind])),
      el("span", { class: "h-text fit wrap2" }, bi({ zh: h.zh, en: h.en }, "stack")))));

    // The three most recent stages with marks, top three of each.
    const stages = stageOrder(ctx.store).filter(id => ctx.store.standings.get(id).rows.some(r => r.aspectsScored > 0)).slice(-3).reverse();
    leaders.replaceChildren(...stages.map(id => {
      const s = ctx.store.standings.get(id);
      return el("div", { class: "leader-stage", "data-stage": id },
        el("div", { class: "ls-name" }, bi(stageName(ctx.store, id))),
        ...s.rows.slice(0, 3).map(r => el("div", { class: "leader-row", "data-bib": r.bib, "data-medal": r.medal },
          el("span", { class: "lr-rank" }, r.rank),
          el("span", { class: "lr-medal" }, medalMark(r.medal)),
          el("span", { class: "lr-name fit" }, bi({ zh: r.nameZh, en: r.nameEn }, "stack")),
          el("span", { class: "lr-total" }, score(r.total)),
          el("span", { class: "lr-status" }, statusBadge(r.status)))));
    }));
    if (!stages.length) leaders.replaceChildren(el("div", { class: "empty small" }, bi({ zh: "尚无成绩", en: "No marks yet" }, "stack")));
    fitText(root);
  }

  return { name: "highlights", title: { zh: "赛场动态", en: "Highlights" }, root, render, enter() { render(); }, leave() {} };
}
