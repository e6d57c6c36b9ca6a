// The live matrix: a row per competitor, a column per aspect grouped by criterion. Each cell shows the panel's
// scores in judge order ("2 · 3 · –", a dash for a judge still missing) and the resulting mark, coloured by outcome.
import { el, statusNames } from "/js/common.js";
import { outcomeNames, fixed2, entry, judgeName } from "./text.js";

export function createMatrix(ctx, table, onSelect) {
  const pick = td => onSelect({ aspectId: Number(td.dataset.aspectId), competitorId: Number(td.dataset.competitorId) });
  table.addEventListener("click", event => {
    const td = event.target.closest("td.cell");
    if (td) pick(td);
  });
  table.addEventListener("keydown", event => {
    const td = event.target.closest("td.cell");
    if (td && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); pick(td); }
  });

  function render() {
    const desk = ctx.desk;
    if (!desk) { table.replaceChildren(); return; }
    const groups = Map.groupBy(desk.aspects, a => a.criterionCode);
    const cells = new Map(desk.cells.map(c => [`${c.aspectId}:${c.competitorId}`, c]));
    const judges = new Map(desk.judges.map(j => [j.id, j]));
    const rows = new Map((ctx.standings?.rows ?? []).map(r => [r.competitorId, r]));
    const maxTotal = desk.aspects.reduce((sum, a) => sum + Number(a.maxMark), 0);

    const head = el("thead", {},
      el("tr", {},
        el("th", { rowspan: 2, class: "corner" }, "选手 ", el("span", { class: "en" }, "Competitor")),
        ...[...groups].map(([code, aspects]) => {
          const criterion = ctx.criteria?.get(code);
          return el("th", { colspan: aspects.length, class: "criterion" }, code, criterion ? ` ${criterion.nameZh} ` : " ",
            el("span", { class: "en" }, criterion?.nameEn ?? ""));
        }),
        el("th", { rowspan: 2, class: "total" }, "模块合计", el("br"), el("span", { class: "en" }, `Total / ${fixed2(maxTotal)}`))),
      el("tr", {}, ...[...groups.values()].flat().map(a =>
        el("th", { class: "aspect", title: `${a.code} ${a.descriptionZh} ${a.descriptionEn}` },
          el("span", { class: "code" }, a.code), " ", el("span", { class: "kind" }, `${a.type === "Judgement" ? "J" : "M"} ${fixed2(a.maxMark)}`),
          el("span", { class: "desc" }, a.descriptionZh)))));

    const order = [...groups.values()].flat();
    const body = el("tbody", {}, ...desk.competitors.map(c => {
      const standing = rows.get(c.id);
      let total = 0;
      const tds = order.map(a => {
        const cell = cells.get(`${a.id}:${c.id}`);
        if (cell?.outcome === "Scored") total += Number(cell.mark);
        return cellView(cell, a, c, desk.judges, judges);
      });
      return el("tr", { "data-bib": c.bib, "data-competitor-id": c.id },
        el("th", { scope: "row", class: "who", title: `${c.organisationZh} ${c.organisationEn}` },
          el("span", { class: "bib" }, c.bib), " ", c.nameZh,
          standing?.status === "Protested" ? el("span", { class: "status Protested" }, statusNames.Protested) : "",
          el("br"), el("span", { class: "en" }, c.nameEn)),
        ...tds,
        el("td", { class: "num total" }, fixed2(total)));
    }));
    table.replaceChildren(head, body);
    if (ctx.selected) table.querySelector(`td[data-aspect-id="${ctx.selected.aspectId}"][data-competitor-id="${ctx.selected.competitorId}"]`)
      ?.classList.add("selected");
  }

  return { render };
}

function cellView(cell, aspect, competitor, panel, judges) {
  const scores = cell?.scores ?? [];
  const missing = new Set(cell?.missingJudgeIds ?? []);
  const byJudge = new Map(scores.map(s => [s.judgeId, s]));
  // Judgement cells keep each judge's place, so a column of cells reads judge by judge; a judge who abstains
  // (conflict of interest) has no place at all.
  const parts = scores.length === 0 ? []
    : aspect.type === "Judgement"
    ? panel.filter(j => byJudge.has(j.id) || missing.has(j.id))
      .map(j => byJudge.has(j.id) ? entry(byJudge.get(j.id).value) : el("span", { class: "gap", title: `缺 Missing: ${judgeName(j)}` }, "–"))
    : scores.map(s => entry(s.value));
  const outcome = cell?.outcome ?? "Pending";
  const kind = outcome === "Pending" && scores.length === 0 ? "Empty" : outcome;
  const markText = kind === "Scored" ? fixed2(cell.mark)
    : kind === "RescoreRequired" ? "重评 re-score"
    : kind === "Pending" ? `缺 ${missing.size} missing`
    : "";
  const missingNames = [...missing].map(id => judgeName(judges.get(id))).join("、");
  const title = [
    `${aspect.code} ${aspect.descriptionZh} · ${competitor.bib} ${competitor.nameZh}`,
    kind === "Empty" ? "未评 Nothing yet" : outcomeNames[outcome],
    aspect.type === "Judgement" && cell?.spread > 0 ? `分差 Spread ${entry(cell.spread)}` : "",
    missing.size && aspect.type === "Judgement" ? `缺评委 Missing: ${missingNames}` : "",
  ].filter(Boolean).join("\n");
  return el("td", {
    class: `cell ${kind}`, tabindex: 0, role: "button", title,
    "data-aspect-id": aspect.id, "data-competitor-id": competitor.id, "data-aspect": aspect.code, "data-bib": competitor.bib,
    "data-outcome": kind, "data-missing": [...missing].join(","),
  },
  el("span", { class: "scores" }, ...(parts.length ? parts.flatMap((p, i) => i ? [el("span", { class: "sep" }, " · "), p] : [p]) : ["—"])),
  el("span", { class: "mark" }, markText));
}
