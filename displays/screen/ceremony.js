// The award ceremony, as the ICPC Resolver plays it: the final's rows are revealed from the bottom up, one per step;
// rows not yet revealed are "?" placeholders; before each medallist's row a citation screen shows the award. The
// window of rows follows the reveal and keeps the next row a few rows above the bottom edge. Every screen draws the
// same step, because the step is the server's (a `ceremony` event), never a local timer.
import { el, bi, score, words } from "/displays/shared/display-text.js";
import { fitText, medalMark, renderKeyed, statusBadge } from "./parts.js";
import { stageName } from "./store.js";

const WINDOW = 9;
const BELOW_FOCUS = 2;

export function createCeremony(ctx, root) {
  const title = el("div", { class: "cer-title fit" });
  const step = el("div", { class: "cer-step" });
  const list = el("div", { class: "cer-rows", role: "list" });
  const citation = el("div", { class: "citation", hidden: true });
  const board = el("div", { class: "cer-board" }, list);
  root.replaceChildren(el("div", { class: "cer-safe" }, el("header", { class: "cer-head" }, title, step), board, citation));
  const nodes = new Map();

  function render() {
    const c = ctx.store.ceremony;
    if (!c?.active) return;
    root.dataset.step = c.step;
    root.dataset.kind = c.kind;
    root.dataset.revealed = c.revealed;
    const stage = stageName(ctx.store, c.stageId), trade = ctx.store.competition;
    title.replaceChildren(bi({
      zh: `${trade?.tradeZh ?? ""} ${stage.zh}颁奖典礼`.trim(), en: `${trade?.tradeEn ?? ""} · ${stage.en} award ceremony`.replace(/^ · /, ""),
    }, "stack"));
    step.replaceChildren(bi({ zh: `第 ${c.step + 1} / ${c.totalSteps} 步`, en: `Step ${c.step + 1} of ${c.totalSteps}` }, "stack"));

    fitText(root.querySelector(".cer-head"));
    const award = c.kind === "Award" ? c.award : null;
    citation.hidden = !award;
    board.hidden = !!award;
    if (award) renderCitation(award);

    const total = c.rows, revealed = c.revealed;
    const firstRevealed = total - revealed;
    // The row to reveal next sits BELOW_FOCUS rows above the bottom edge, unless the list's ends say otherwise.
    const focus = Math.max(0, firstRevealed - 1);
    const start = Math.max(0, Math.min(focus - (WINDOW - 1 - BELOW_FOCUS), total - WINDOW));
    const slots = [];
    for (let i = start; i < Math.min(total, start + WINDOW); i++)
      slots.push({ index: i, row: i >= firstRevealed ? c.revealedRows[i - firstRevealed] ?? null : null });
    renderKeyed(list, nodes, slots, {
      key: s => s.index,
      create: () => el("div", { class: "cer-row", role: "listitem" }),
      update: (node, s) => updateRow(node, s, firstRevealed),
      animate: !award,
    });
    fitText(list);
  }

  function updateRow(node, { index, row }, firstRevealed) {
    const state = row ? "revealed" : "hidden";
    const changed = node.dataset.state !== state || node.dataset.bib !== (row?.bib ?? "");
    node.dataset.index = index;
    node.dataset.state = state;
    node.dataset.bib = row?.bib ?? "";
    node.dataset.medal = row?.medal ?? "None";
    node.classList.toggle("next", index === firstRevealed - 1);
    if (!changed) return;
    if (!row) {
      node.replaceChildren(el("span", { class: "cr-rank" }, "?"), el("span", { class: "cr-medal" }),
        el("span", { class: "cr-name" }, el("span", { class: "placeholder" }, "?")), el("span", { class: "cr-org" }, el("span", { class: "placeholder short" }, "?")),
        el("span", { class: "cr-total" }, "?"), el("span", { class: "cr-status" }));
      return;
    }
    node.replaceChildren(el("span", { class: "cr-rank" }, row.rank), el("span", { class: "cr-medal" }, medalMark(row.medal)),
      el("span", { class: "cr-name fit" }, bi({ zh: row.nameZh, en: row.nameEn }, "stack")),
      el("span", { class: "cr-org fit wrap2" }, bi({ zh: row.organisationZh, en: row.organisationEn }, "stack")),
      el("span", { class: "cr-total total" }, score(row.total)), el("span", { class: "cr-status" }, statusBadge(row.status)));
  }

  function renderCitation(row) {
    const medal = words.medal[row.medal] ?? { zh: "", en: "" };
    citation.dataset.medal = row.medal;
    citation.dataset.bib = row.bib;
    citation.replaceChildren(
      el("div", { class: "ct-medal" }, medalMark(row.medal)),
      el("div", { class: "ct-award" }, bi({ zh: medal.zh, en: `${medal.en} medal` }, "stack")),
      el("div", { class: "ct-name fit" }, bi({ zh: row.nameZh, en: row.nameEn }, "stack")),
      el("div", { class: "ct-org fit wrap2" }, bi({ zh: row.organisationZh, en: row.organisationEn }, "stack")),
      el("div", { class: "ct-total" }, bi({ zh: `总分 ${score(row.total)}`, en: `Total ${score(row.total)}` })));
    fitText(citation);
  }

  return { render };
}
