// Marking progress of the current stage: for each competitor (in bib order, so bars fill in place), the aspects marked
// out of the stage's aspects, as a bar; above, the stage's modules with their status and the overall count.
import { el, bi, words } from "/displays/shared/display-text.js";
import { caption, fitText, renderKeyed, Pager, pageRange } from "./parts.js";
import { currentStageId, stageName } from "./store.js";

const PER_SCREEN = 20; // two columns of ten

export function createProgress(ctx) {
  const root = el("section", { class: "page page-progress", "data-page": "progress" });
  const head = caption();
  const grid = el("div", { class: "progress-grid", role: "list" });
  const empty = el("div", { class: "empty", hidden: true }, bi({ zh: "暂无选手", en: "No competitors yet" }, "stack"));
  root.append(head, grid, empty);
  const nodes = new Map();
  const pager = new Pager(() => render());

  function render() {
    const stageId = currentStageId(ctx.store, ctx.config.stageId);
    const standings = stageId ? ctx.store.standings.get(stageId) : null;
    root.dataset.stage = stageId ?? "";
    const rows = [...(standings?.rows ?? [])].sort((a, b) => a.bib.localeCompare(b.bib, "en", { numeric: true }));
    empty.hidden = rows.length > 0;
    const page = pager.slice(rows, PER_SCREEN);
    const scored = rows.reduce((n, r) => n + r.aspectsScored, 0), total = rows.reduce((n, r) => n + r.aspectsTotal, 0);
    const modules = [...ctx.store.modules.values()].filter(m => String(m.stageId) === String(stageId))
      .sort((a, b) => new Date(a.startsAt) - new Date(b.startsAt));
    head.replaceChildren(...(standings ? [
      el("span", { class: "cap-stage" }, bi(stageName(ctx.store, stageId))),
      el("span", { class: "cap-note", "data-overall": `${scored}/${total}` },
        bi({ zh: `已评 ${scored} / ${total} 项`, en: `${scored} of ${total} marked` })),
      ...modules.slice(0, 4).map(m => el("span", { class: "module-chip", "data-status": m.status },
        el("b", {}, m.code), " ", bi(words.moduleStatus[m.status] ?? { zh: m.status, en: m.status }))),
      el("span", { class: "cap-range" }, pageRange(page)),
    ] : []));
    // Two columns, filled top to bottom: short lists use both columns instead of one long one.
    grid.style.gridTemplateRows = `repeat(${Math.max(1, Math.min(PER_SCREEN / 2, Math.ceil(page.items.length / 2)))}, 62px)`;
    renderKeyed(grid, nodes, page.items, { key: r => r.competitorId, create, update, animate: false });
    fitText(grid);
  }

  function create() {
    return el("div", { class: "progress-item", role: "listitem" },
      el("span", { class: "p-name fit" }),
      el("span", { class: "p-bar" }, el("span", { class: "p-fill" })),
      el("span", { class: "p-count" }));
  }

  function update(node, row) {
    const [name, bar, count] = node.children;
    const share = row.aspectsTotal ? row.aspectsScored / row.aspectsTotal : 0;
    node.dataset.bib = row.bib;
    node.dataset.scored = row.aspectsScored;
    node.dataset.total = row.aspectsTotal;
    node.classList.toggle("done", row.aspectsTotal > 0 && row.aspectsScored >= row.aspectsTotal);
    node.classList.toggle("rescore", row.rescoreRequired > 0);
    name.replaceChildren(el("span", { class: "bib" }, row.bib), bi({ zh: row.nameZh, en: row.nameEn }, "stack"));
    bar.firstChild.style.width = `${(share * 100).toFixed(1)}%`;
    bar.setAttribute("aria-label", `${row.aspectsScored}/${row.aspectsTotal}`);
    count.textContent = `${row.aspectsScored} / ${row.aspectsTotal}`;
  }

  return {
    name: "progress", title: { zh: "评分进度", en: "Marking progress" }, root,
    render, enter() { pager.start(); render(); }, leave() { pager.stop(); },
  };
}
