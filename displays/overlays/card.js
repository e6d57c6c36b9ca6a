// Competitor card: ?bib=C-01, or else the competitor with the latest news (the leader before any news).
// ?autoplay=1 follows the news; as a template the card keeps its competitor while on air and next() moves down the ranks.
import { defineOverlay, h, formatTotal } from "./overlay-common.js";

let pinned = null;   // competitorId held by play() or next()
let followed = null; // autoplay: the latest news
let shown = null;

defineOverlay({
  name: "card",
  fields: ["bib"],
  defaults: { bib: null },
  changed(o, changes) { if (o.settings.autoplay) followed = changes[0].competitorId; },
  play(o) { if (!o.settings.autoplay) pinned = subject(o)?.competitorId ?? null; },
  next(o) {
    const rows = o.rows();
    const at = rows.findIndex(r => r.competitorId === subject(o)?.competitorId);
    o.settings.bib = null;
    pinned = rows[(at + 1) % rows.length]?.competitorId ?? null;
  },
  remove() { pinned = followed = shown = null; },
  updated(o, before) { if (o.settings.bib !== before.bib || o.settings.stage !== before.stage) pinned = null; },
  render(o, graphic) {
    const row = subject(o);
    if (!row) return false;
    const latest = o.changes()[0];
    const news = latest?.competitorId === row.competitorId ? latest : null;
    const swap = shown !== null && shown !== row.competitorId && o.state === "in";
    shown = row.competitorId;
    const max = o.standings()?.maximumTotal ?? 0;
    const progress = row.aspectsTotal ? row.aspectsScored / row.aspectsTotal : 0;
    graphic.className = `card${row.medal !== "None" ? ` medal-${row.medal}` : ""}${swap ? " swap" : ""}`;
    graphic.dataset.bib = row.bib;
    graphic.replaceChildren(
      h("div", "kicker", h("span", "tag", o.word(news ? news.kind : "result")), h("span", "context fit", o.context())),
      h("div", "body",
        h("div", "ids", h("span", "bib", row.bib), o.chip(row.status)),
        o.pair(row.nameZh, row.nameEn).map(([text, lang], i) => Object.assign(h("div", `name fit${i ? " s" : ""}`, text), { lang })),
        h("div", "org fit", o.bi(row.organisationZh, row.organisationEn)),
        h("div", "stats",
          stat(o, "total", ["总分", "Total"], formatTotal(row.total), max ? ` / ${formatTotal(max)}` : null),
          stat(o, "rank", ["名次", "Rank"], row.rank),
          stat(o, "progress", ["进度", "Marked"], `${row.aspectsScored}/${row.aspectsTotal}`, null,
            h("div", "bar", Object.assign(h("div", ""), { style: `width:${Math.round(progress * 100)}%` })))),
        (row.medal !== "None" || row.advances) && h("div", "award",
          row.medal !== "None" && h("span", "chip", o.word(row.medal)),
          row.advances && h("span", "chip advances", o.word("advances")))));
    return true;
  },
});

function stat(o, name, [zh, en], value, small, after) {
  return h("div", `stat ${name}`, h("div", "label fit", o.bi(zh, en)), h("div", "value", value, small && h("small", "", small)), after);
}

/// The card's competitor: ?bib=, else the one held on air, else the latest news, else the leader.
function subject(o) {
  const rows = o.rows();
  if (o.settings.bib) return rows.find(r => r.bib === o.settings.bib) ?? null;
  const id = pinned ?? (o.settings.autoplay ? followed : null) ?? o.changes()[0]?.competitorId;
  return rows.find(r => r.competitorId === id) ?? rows[0] ?? null;
}
