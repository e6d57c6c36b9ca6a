// Top-N leaderboard of a stage (?top=8): rank, name, organisation, status, total; medal places and the advancement line.
// next() shows the next page of N; ?rotate=10 turns the pages by itself while on air. During the award ceremony only the
// rows revealed so far are listed.
import { defineOverlay, h, formatTotal } from "./overlay-common.js";

let page = 0;
let rotation = null;
const changedAt = new Map(); // competitorId → when their total last moved, to flash the row

defineOverlay({
  name: "leaderboard",
  fields: ["top", "rotate"],
  defaults: { top: 8, rotate: 0 },
  changed(o, changes) { for (const c of changes) changedAt.set(c.competitorId, Date.now()); },
  play(o) {
    page = 0;
    clearInterval(rotation);
    if (o.settings.rotate > 0) rotation = setInterval(() => window.next(), o.settings.rotate * 1000);
  },
  next() { page++; },
  stop() { clearInterval(rotation); },
  remove() { clearInterval(rotation); page = 0; },
  updated(o, before) { if (o.settings.stage !== before.stage || o.settings.top !== before.top) page = 0; },
  render(o, graphic) {
    // A ceremony draws from its own revealed rows: the final's standings may never have reached a frozen public channel.
    const standings = o.standings();
    const ceremony = o.inCeremony();
    if (!standings && !ceremony) return false;
    const rows = o.rows();
    const top = o.settings.top;
    const pages = Math.max(1, Math.ceil(rows.length / top));
    page %= pages;
    const shown = rows.slice(page * top, (page + 1) * top);
    // The line goes under the last row at the line's rank, unless nobody below it is listed.
    const lineAfter = ceremony ? null : standings.advancementLineAfterRank;
    const lineIndex = shown.findLastIndex(r => r.rank === lineAfter);
    const lineShown = lineIndex >= 0 && (lineIndex < shown.length - 1 || page < pages - 1);
    const range = pages > 1 ? `${page * top + 1}–${page * top + shown.length}` : null;

    graphic.className = "board";
    graphic.dataset.page = String(page + 1);
    graphic.replaceChildren(
      h("header", "",
        h("div", "title fit", o.data.competition ? o.bi(o.data.competition.tradeZh, o.data.competition.tradeEn) : "\u00a0"),
        h("div", "sub",
          h("span", "fit", stageLine(o), " · ", range ? o.bi(`第 ${range} 名`, `Ranks ${range}`) : o.bi(`前 ${top} 名`, `Top ${top}`)),
          ceremony && h("span", "chip", o.word("ceremony")),
          o.data.frozen && !ceremony && h("span", "chip", o.word("frozen")))),
      h("ol", "", shown.length ? shown.flatMap((row, i) => {
        const item = h("li", `row${row.medal !== "None" ? ` medal-${row.medal}` : ""}${Date.now() - (changedAt.get(row.competitorId) ?? 0) < 2_500 ? " fresh" : ""}`,
          h("span", "rank", row.rank),
          h("div", "who", h("div", "name fit", o.bi(row.nameZh, row.nameEn)), h("div", "org fit", o.bi(row.organisationZh, row.organisationEn))),
          o.chip(row.status),
          h("span", "total", formatTotal(row.total)));
        item.dataset.bib = row.bib;
        return i === lineIndex && lineShown ? [item, h("li", "line", o.bi("晋级线", "Advancement line"))] : [item];
      }) : h("li", "empty", o.bi("暂无成绩", "No results yet"))));
    return true;
  },
});

function stageLine(o) {
  const stage = o.stageName();
  return stage ? o.bi(stage.nameZh, stage.nameEn) : "";
}
