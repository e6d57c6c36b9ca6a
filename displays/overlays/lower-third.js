// Lower third: a new mark or a new leader (and, during the award ceremony, each award), from consecutive standings.
// ?autoplay=1: every piece of news plays in, holds `hold` seconds and plays out; news arriving meanwhile waits its turn.
// As a template: play() shows the latest news (or ?bib=, or the leader); next() steps back through earlier news.
import { defineOverlay, h, formatTotal, words } from "./overlay-common.js";

const queue = [];   // autoplay: news waiting for its turn
let current = null; // { kind, stageId, competitorId } on air (or last on air)
let browse = 0;     // template mode: how far next() has stepped back through the news
let hold = null;    // autoplay: the timer that ends the current item ("sticky" for a ceremony award)
let shownKey = null;

defineOverlay({
  name: "lower-third",
  fields: ["bib", "hold"],
  defaults: { bib: null },
  autoplay: "custom",
  changed(o, changes) {
    if (!o.settings.autoplay) return;
    for (const change of changes) {
      if (o.settings.stage && change.stageId !== o.settings.stage) continue;
      if (o.settings.bib && bibOf(o, change) !== o.settings.bib) continue;
      // The newest news of a competitor replaces their older news still waiting.
      const waiting = queue.findIndex(q => q.competitorId === change.competitorId && q.stageId === change.stageId);
      if (waiting >= 0) queue.splice(waiting, 1);
      if (change.kind === "mark" || change.kind === "correction") queue.push(change); else queue.unshift(change);
    }
    queue.splice(12);
    if (!hold || current?.kind === "award") advance(o);
  },
  ceremony(o, state) {
    const stillOn = state?.kind === "Award" && state.award?.competitorId === current?.competitorId;
    if (o.settings.autoplay && current?.kind === "award" && !stillOn) advance(o);
  },
  play(o) {
    if (o.settings.autoplay && current) return;
    browse = 0;
    current = pick(o, 0);
  },
  next(o) {
    if (o.settings.autoplay) { advance(o); return; }
    current = pick(o, ++browse);
  },
  stop() { clearHold(); },
  remove() { clearHold(); queue.length = 0; current = null; shownKey = null; },
  updated(o, before) { if (o.settings.bib !== before.bib || o.settings.stage !== before.stage) current = null; },
  render(o, graphic) {
    // Before play(), a template shows what play() would put on air.
    const item = current ?? (o.settings.autoplay ? null : pick(o, 0));
    const row = item && rowOf(o, item);
    if (!row) return false;
    const kind = item.kind === "award" ? row.medal : item.kind;
    const key = JSON.stringify([item.kind, item.competitorId, item.at, row, o.settings.lang, o.data.competition?.id, o.data.stages.size]);
    if (key === shownKey) return true;
    const swap = shownKey !== null && o.state === "in" && JSON.parse(shownKey)[1] !== item.competitorId;
    shownKey = key;
    graphic.className = `lower-third${row.medal !== "None" && item.kind === "award" ? ` medal-${row.medal}` : ""}${swap ? " swap" : ""}`;
    graphic.dataset.kind = item.kind;
    graphic.dataset.bib = row.bib;
    graphic.replaceChildren(
      h("div", "kicker", h("span", "tag", o.word(words[kind] ? kind : "result")), h("span", "context fit", o.context(item.stageId))),
      h("div", "main",
        h("div", "who",
          h("div", "name fit", o.bi(row.nameZh, row.nameEn)),
          h("div", "org", h("span", "fit", o.bi(row.organisationZh, row.organisationEn)), h("span", "bib", row.bib), o.chip(row.status))),
        h("div", "score", h("div", "total", formatTotal(row.total)), h("div", "rank", o.bi(`第${row.rank}名`, `Rank ${row.rank}`)))));
    return true;
  },
});

/// Template mode: news of the current stage newest first, one item per competitor; else ?bib=; else the leader.
function pick(o, index) {
  if (o.settings.bib) {
    const row = o.rows().find(r => r.bib === o.settings.bib);
    return row ? { kind: "result", stageId: o.stageId(), competitorId: row.competitorId } : null;
  }
  const seen = new Set();
  const news = o.changes().filter(c => !seen.has(c.competitorId) && seen.add(c.competitorId));
  if (news.length) return news[index % news.length];
  const leader = o.rows()[0];
  return leader && leader.aspectsScored > 0 ? { kind: "leading", stageId: o.stageId(), competitorId: leader.competitorId } : null;
}

function rowOf(o, item) {
  const award = o.data.ceremony?.award;
  if (item.kind === "award" && award?.competitorId === item.competitorId) return award;
  return (o.standings(item.stageId)?.rows ?? o.rows()).find(r => r.competitorId === item.competitorId) ?? null;
}

function bibOf(o, change) {
  return o.standings(change.stageId)?.rows.find(r => r.competitorId === change.competitorId)?.bib;
}

/// Autoplay: the next waiting item plays (in, or swapped in if one is on air); none left: play out.
function advance(o) {
  clearHold();
  const item = queue.shift();
  if (!item) {
    if (o.state === "in") o.stop();
    return;
  }
  current = item;
  hold = item.kind === "award" ? "sticky" : setTimeout(() => advance(o), (o.settings.hold ?? 8) * 1000);
  if (o.state === "in") o.render(); else o.play();
}

function clearHold() {
  if (hold !== "sticky") clearTimeout(hold);
  hold = null;
}
