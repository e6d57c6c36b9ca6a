// What a big screen knows: the latest full state of every object on its channels, plus the highlights it derives by
// watching standings change (leader changes, new results) and after-lock corrections. Events are full state, so
// applying one is a replace; highlights are the only thing that needs the previous state.
import { score, words } from "/displays/shared/display-text.js";

const MAX_HIGHLIGHTS = 40;
const MAX_RESULTS_PER_EVENT = 3;

export function createStore() {
  return {
    competition: null, stages: [], series: null,
    standings: new Map(), modules: new Map(), awards: null, freeze: null, ceremony: null, corrections: new Map(),
    seriesCompetitions: new Map(), medals: null,
    directives: new Map(),
    highlights: [],
  };
}

/// Forgets everything that came from a competition (a directive switched the screen to another one).
export function resetCompetition(store) {
  Object.assign(store, createStore(), { directives: store.directives });
}

/// A snapshot replaces what the channel held. Returns the topics that changed, for the renderer.
export function applySnapshot(store, channel, events) {
  const kind = channel.split(":")[0];
  if (kind === "competition") {
    store.standings.clear();
    store.modules.clear();
    store.corrections.clear();
    store.awards = store.freeze = store.ceremony = null;
  } else if (kind === "series") {
    store.seriesCompetitions.clear();
    store.medals = null;
  } else if (kind === "displays") {
    store.directives.clear();
  }
  const topics = new Set(["all"]);
  // A snapshot is the present, not news: only corrections (which carry their own time) become highlights.
  for (const event of events) for (const topic of applyEvent(store, event, { quiet: true })) topics.add(topic);
  return topics;
}

export function applyEvent(store, event, { quiet = false } = {}) {
  const { type, id, data } = event;
  switch (type) {
    case "standings": {
      const previous = store.standings.get(id);
      if (data) store.standings.set(id, data); else store.standings.delete(id);
      if (!quiet && previous && data) noteStandingsChange(store, previous, data, event.at);
      return ["standings", "highlights"];
    }
    case "module":
      if (data) store.modules.set(id, data); else store.modules.delete(id);
      return ["modules"];
    case "awards":
      store.awards = data;
      return ["awards"];
    case "freeze":
      store.freeze = data;
      return ["freeze"];
    case "ceremony":
      store.ceremony = data;
      return ["ceremony"];
    case "correction":
      if (!data) { store.corrections.delete(id); return ["highlights"]; }
      if (!store.corrections.has(id)) addHighlight(store, correctionHighlight(id, data));
      store.corrections.set(id, data);
      return ["highlights"];
    case "competition":
      if (data) store.seriesCompetitions.set(id, data); else store.seriesCompetitions.delete(id);
      return ["series"];
    case "medals":
      store.medals = data;
      return ["series"];
    case "directive":
      if (data) store.directives.set(id, data); else store.directives.delete(id);
      return ["directives"];
    default:
      return [];
  }
}

export function stageName(store, stageId) {
  const stage = store.stages.find(s => String(s.id) === String(stageId));
  if (stage) return { zh: stage.nameZh, en: stage.nameEn };
  const kind = store.standings.get(String(stageId))?.stageKind;
  return words.stageKind[kind] ?? { zh: "阶段", en: "Stage" };
}

/// The stage a leaderboard shows when the URL does not say: one with a live module, else the latest stage with marks,
/// else the first stage.
export function currentStageId(store, preferred) {
  if (preferred && store.standings.has(String(preferred))) return String(preferred);
  const order = stageOrder(store);
  const live = new Set([...store.modules.values()].filter(m => m.status === "Live").map(m => String(m.stageId)));
  const withLive = order.filter(id => live.has(id));
  if (withLive.length) return withLive.at(-1);
  const marked = order.filter(id => store.standings.get(id)?.rows.some(r => r.aspectsScored > 0));
  if (marked.length) return marked.at(-1);
  return order[0] ?? null;
}

/// Stage ids that have standings, in competition order.
export function stageOrder(store) {
  const known = store.stages.map(s => String(s.id)).filter(id => store.standings.has(id));
  const extra = [...store.standings.keys()].filter(id => !known.includes(id)).sort((a, b) => a - b);
  return [...known, ...extra];
}

function noteStandingsChange(store, previous, next, at) {
  const when = at ? new Date(at) : new Date();
  const stage = stageName(store, next.stageId);
  const before = new Map(previous.rows.map(r => [r.competitorId, r]));
  const changed = next.rows
    .filter(r => before.has(r.competitorId) && Number(before.get(r.competitorId).total) !== Number(r.total))
    .slice(0, MAX_RESULTS_PER_EVENT);
  for (const row of changed) {
    const delta = Number(row.total) - Number(before.get(row.competitorId).total);
    const signed = `${delta >= 0 ? "+" : "−"}${score(Math.abs(delta))}`;
    addHighlight(store, {
      key: `result:${next.stageId}:${row.competitorId}:${row.total}`, kind: "result", at: when, bib: row.bib,
      zh: `${row.nameZh} ${score(row.total)} 分(${signed}),${stage.zh}第 ${row.rank} 名`,
      en: `${row.nameEn} ${score(row.total)} (${signed}), ${ordinal(row.rank)} in ${stage.en}`,
    });
  }
  const leadersBefore = leaders(previous), leadersNow = leaders(next);
  if (leadersNow.length && leadersNow.map(r => r.competitorId).join() !== leadersBefore.map(r => r.competitorId).join()) {
    const tie = leadersNow.length > 1;
    addHighlight(store, {
      key: `leader:${next.stageId}:${leadersNow.map(r => r.competitorId).join()}:${leadersNow[0].total}`, kind: "leader", at: when,
      bib: leadersNow[0].bib,
      zh: `${stage.zh}${tie ? "并列领先" : "新领先"}:${leadersNow.map(r => r.nameZh).join("、")} ${score(leadersNow[0].total)} 分`,
      en: `${tie ? "Joint leaders" : "New leader"} in ${stage.en}: ${leadersNow.map(r => r.nameEn).join(", ")} ${score(leadersNow[0].total)}`,
    });
  }
}

function leaders(standings) {
  return standings.rows.filter(r => r.rank === 1 && Number(r.total) > 0);
}

function correctionHighlight(id, c) {
  const reason = c.reason ? `(${c.reason})` : "";
  return {
    key: `correction:${id}`, kind: "correction", at: c.at ? new Date(c.at) : new Date(), bib: c.bib,
    zh: `成绩更正:${c.bib} ${c.nameZh} ${c.aspectCode} ${score(c.oldValue)} → ${score(c.newValue)}${reason}`,
    en: `Correction: ${c.bib} ${c.nameEn} ${c.aspectCode} ${score(c.oldValue)} → ${score(c.newValue)}${c.reason ? ` (${c.reason})` : ""}`,
  };
}

function addHighlight(store, highlight) {
  if (store.highlights.some(h => h.key === highlight.key)) return;
  store.highlights.push(highlight);
  store.highlights.sort((a, b) => b.at - a.at);
  store.highlights.length = Math.min(store.highlights.length, MAX_HIGHLIGHTS);
}

function ordinal(n) {
  const tens = n % 100, ones = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}
