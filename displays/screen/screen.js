// The venue big screen: one live connection (public competition and series channels, plus the displays channel when
// the URL carries a key), a store of the latest state, and pages that rotate. It runs unattended all day, so it never
// shows an error: it keeps the last good frame, marks it "last updated hh:mm:ss" while the link is down, and recovers
// by itself. URL parameters: see screen.html.
import { connectLive, retryDelay } from "/displays/shared/liveboard-client.js";
import { mountStage, startBurnInGuard, reducedMotion, showSafeAreaGuides } from "/displays/shared/stage.js";
import { el, bi, LANGS, shanghaiClock, shanghaiDate } from "/displays/shared/display-text.js";
import { createStore, resetCompetition, applySnapshot, applyEvent } from "./store.js";
import { createLeaderboard } from "./leaderboard.js";
import { createProgress } from "./progress.js";
import { createSchedule } from "./schedule.js";
import { createHighlights, highlightKinds } from "./highlights.js";
import { createAwards } from "./awards.js";
import { createSeries } from "./series.js";
import { createCeremony } from "./ceremony.js";
import { fitText } from "./parts.js";

const VERSION = "screen/1.0";
const PAGE_NAMES = ["leaderboard", "progress", "schedule", "highlights", "awards", "series"];
const REPORT_EVERY_MS = 5_000;

const params = new URLSearchParams(location.search);
const config = {
  key: params.get("key") || null,
  competitionId: Number(params.get("competition")) || null,
  pages: pageList(params.get("pages")) ?? PAGE_NAMES,
  rotateMs: Math.max(5, Number(params.get("rotate")) || 20) * 1000,
  lang: LANGS.includes(params.get("lang")) ? params.get("lang") : "zh-en",
  theme: params.get("theme") === "light" ? "light" : "dark",
  stageId: params.get("stage") || null,
  displayId: displayIdOf(params),
  name: params.get("name") || null,
  shiftEveryMs: Math.max(1, Number(params.get("shift")) || 180) * 1000,
};

const store = createStore();
let serverOffsetMs = 0;
let language = config.lang;
const ctx = {
  store, config,
  now: () => new Date(Date.now() + serverOffsetMs),
  lang: () => language,
  lineLabel: () => ({ zh: "晋级线", en: "Advancement line", "zh-en": "晋级线 Advancement line" })[language],
};

// ---- Frame ----------------------------------------------------------------------------------------------------------
const body = document.body;
body.dataset.theme = config.theme;
setLanguage(config.lang);
const stage = mountStage(document.getElementById("stage"));
startBurnInGuard(stage, { everyMs: config.shiftEveryMs, maxPx: 4 });
if (params.get("guides") === "1") showSafeAreaGuides(stage.element);

const pagesHost = document.getElementById("pages");
const pages = new Map([createLeaderboard, createProgress, createSchedule, createHighlights, createAwards, createSeries]
  .map(create => create(ctx)).map(page => [page.name, page]));
for (const page of pages.values()) { page.root.dataset.active = "false"; pagesHost.append(page.root); }
const ceremonyRoot = document.getElementById("ceremony");
const ceremony = createCeremony(ctx, ceremonyRoot);

// ---- Rotation -------------------------------------------------------------------------------------------------------
let rotation = { list: config.pages, index: 0, timer: null };
let current = null;
let ceremonyShown = false;

function setRotation(list) {
  if (rotation.list.join() === list.join() && current) return;
  clearInterval(rotation.timer);
  rotation = { list, index: 0, timer: null };
  show(list[0]);
  if (list.length > 1) rotation.timer = setInterval(() => {
    rotation.index = (rotation.index + 1) % rotation.list.length;
    show(rotation.list[rotation.index]);
  }, config.rotateMs);
  renderDots();
  register();
}

function show(name) {
  const next = pages.get(name);
  if (!next || next === current) return;
  current?.leave();
  if (current) current.root.dataset.active = "false";
  current = next;
  current.root.dataset.active = "true";
  body.dataset.page = name;
  current.enter();
  renderHeader();
  renderDots();
}

function renderDots() {
  const dots = document.getElementById("page-dots");
  dots.replaceChildren(...(rotation.list.length > 1 ? rotation.list.map(name =>
    el("span", { class: `page-dot${pages.get(name) === current ? " on" : ""}`, "data-page": name })) : []));
}

// ---- Rendering --------------------------------------------------------------------------------------------------------
let renderQueued = false;
const dirty = new Set();

function changed(topics) {
  for (const topic of topics) dirty.add(topic);
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(flush, 0);
}

function flush() {
  renderQueued = false;
  const topics = new Set(dirty);
  dirty.clear();
  if (topics.has("directives") || topics.has("all")) applyDirectives();
  renderCeremony();
  if (!ceremonyShown) current?.render();
  renderHeader();
  renderTicker();
}

function renderHeader() {
  const competition = store.competition;
  const trade = document.getElementById("trade");
  if (competition) trade.replaceChildren(bi({ zh: competition.tradeZh, en: competition.tradeEn }, "stack"));
  const subtitle = [];
  if (current?.name === "series" && !ceremonyShown && store.series) subtitle.push({ zh: store.series.nameZh, en: store.series.nameEn });
  else if (competition?.venueZh || competition?.venueEn) subtitle.push({ zh: competition.venueZh ?? competition.venueEn, en: competition.venueEn ?? competition.venueZh });
  document.getElementById("subtitle").replaceChildren(...subtitle.flatMap((s, i) => [i ? el("span", { class: "sep" }, " · ") : "", bi(s)]));
  const title = ceremonyShown ? { zh: "颁奖典礼", en: "Award ceremony" } : current?.title;
  document.getElementById("page-title").replaceChildren(title ? bi(title, "stack") : "");
  fitText(document.querySelector(".screen-head"));
}

function renderCeremony() {
  const active = !!store.ceremony?.active;
  if (active !== ceremonyShown) {
    ceremonyShown = active;
    ceremonyRoot.hidden = !active;
    body.dataset.ceremony = active ? "on" : "off";
    if (!active) current?.enter();
    register();
  }
  if (active) ceremony.render();
}

// The ticker runs the latest highlights right to left. News that arrives while news is running joins when the loop
// ends, so the line never jumps under a reader's eyes; the first news replaces the idle line at once. With reduced
// motion nothing scrolls: the items take turns, one at a time.
const tickerTrack = document.getElementById("ticker-track");
const TICKER_TURN_MS = 8_000;
let tickerPending = null;
let tickerItems = [];
let tickerTurn = 0;
tickerTrack.addEventListener("animationiteration", () => { if (tickerPending) { fillTicker(tickerPending); tickerPending = null; } });
setInterval(() => {
  if (!reducedMotion() || tickerItems.length < 2) return;
  tickerTurn = (tickerTurn + 1) % tickerItems.length;
  fillTicker(tickerItems);
}, TICKER_TURN_MS);

function renderTicker() {
  const news = store.highlights.slice(0, 8);
  const items = news.length ? news : [defaultTickerItem()].filter(Boolean);
  const signature = items.map(i => i.key ?? i.zh).join("|") + language;
  if (tickerTrack.dataset.signature === signature) return;
  const idle = !tickerTrack.dataset.news;
  tickerTrack.dataset.signature = signature;
  tickerTrack.dataset.news = news.length ? "yes" : "";
  tickerTurn = 0;
  if (!idle && news.length && tickerTrack.classList.contains("moving") && !reducedMotion()) tickerPending = items;
  else { tickerPending = null; fillTicker(items); }
}

function fillTicker(items) {
  tickerItems = items;
  const item = i => el("span", { class: "tick-item", "data-kind": i.kind ?? "info" },
    i.kind ? el("span", { class: "tick-kind" }, bi(highlightKinds[i.kind])) : "", bi({ zh: i.zh, en: i.en }));
  const box = document.getElementById("ticker");
  if (reducedMotion()) {
    tickerTrack.classList.remove("moving");
    tickerTrack.replaceChildren(el("span", { class: "tick-run fit" }, item(items[tickerTurn % Math.max(1, items.length)] ?? { zh: "", en: "" })));
    tickerTrack.firstChild.style.maxWidth = `${box.clientWidth}px`;
    fitText(tickerTrack);
    return;
  }
  tickerTrack.replaceChildren(el("span", { class: "tick-run" }, ...items.map(item)));
  const run = tickerTrack.firstChild;
  const moving = run.scrollWidth > box.clientWidth;
  tickerTrack.classList.toggle("moving", moving);
  if (moving) {
    // Two copies side by side make the loop seamless; the speed stays readable whatever the length.
    tickerTrack.append(el("span", { class: "tick-run", "aria-hidden": "true" }, ...items.map(item)));
    tickerTrack.style.animationDuration = `${Math.max(12, run.scrollWidth / 110)}s`;
  }
}

function defaultTickerItem() {
  const c = store.competition;
  if (!c) return null;
  const series = store.series;
  return {
    zh: [series?.nameZh, c.tradeZh, "实时成绩"].filter(Boolean).join(" · "),
    en: [series?.nameEn, c.tradeEn, "live results"].filter(Boolean).join(" · "),
  };
}

// ---- Clock and link marker -------------------------------------------------------------------------------------------
function tick() {
  const now = ctx.now();
  document.getElementById("clock").textContent = shanghaiClock(now, false);
  document.getElementById("clock-date").replaceChildren(bi(shanghaiDate(now)));
  current?.tick?.();
}
tick();
setInterval(tick, 1000);

let linkState = { status: "connecting", lastUpdate: null };
function renderLink(state) {
  linkState = state;
  body.dataset.link = state.status;
  const marker = document.getElementById("link-marker");
  // Discreet on purpose: a viewer should notice the board may be stale, without an error taking over the screen.
  const lost = state.status === "offline" || (state.status === "connecting" && state.offlineSince);
  marker.hidden = !lost;
  if (lost) {
    const at = state.lastUpdate ? shanghaiClock(state.lastUpdate) : "--:--:--";
    marker.replaceChildren(bi({ zh: `最后更新 ${at}`, en: `Last updated ${at}` }));
  }
}

// ---- Directives from the control desk ----------------------------------------------------------------------------------
// A directive is full state for its target ("all" or one display id): apply "all", then this display's own where set.
// Blackout is on when either says so: an operator who blacks out every screen must not have one stay lit because it
// once got a page of its own.
const refreshSeen = new Map();
let refreshBaselineTaken = false;

function applyDirectives() {
  const all = store.directives.get("all"), own = store.directives.get(config.displayId);
  if (!refreshBaselineTaken && liveSession?.displaysReady) {
    for (const [target, d] of store.directives) refreshSeen.set(target, d.refreshNonce);
    refreshBaselineTaken = true;
  }
  for (const d of [all, own]) {
    if (!d || !refreshBaselineTaken) continue;
    if (d.refreshNonce > (refreshSeen.get(d.target) ?? 0)) { location.reload(); return; }
  }
  const page = pageList(own?.page) ?? pageList(all?.page);
  setRotation(page ?? config.pages);
  const lang = [own?.language, all?.language].find(l => LANGS.includes(l)) ?? config.lang;
  if (lang !== language) { setLanguage(lang); rerenderAll(); }
  const blackout = !!(own?.blackout || all?.blackout);
  document.getElementById("blackout").hidden = !blackout;
  body.dataset.blackout = blackout ? "on" : "off";
  renderBanner(own?.message ?? all?.message ?? null);
  const competitionId = own?.competitionId ?? all?.competitionId ?? config.competitionId;
  if (competitionId && liveSession && competitionId !== liveSession.competitionId) startSession(competitionId);
}

function renderBanner(message) {
  const banner = document.getElementById("banner");
  banner.hidden = !message;
  document.getElementById("ticker").hidden = !!message;
  banner.replaceChildren(message ? el("span", { class: "banner-text" }, message) : "");
  if (message) fitText(banner.parentElement);
}

function setLanguage(lang) {
  language = lang;
  for (const l of LANGS) body.classList.toggle(`lang-${l}`, l === lang);
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
}

function rerenderAll() {
  tickerTrack.dataset.signature = "";
  tickerTrack.dataset.news = "";
  for (const page of pages.values()) page.render();
  changed(["all"]);
}

// ---- Live session ------------------------------------------------------------------------------------------------------
let liveSession = null;
let reportTimer = null;

async function startSession(competitionId) {
  const previous = liveSession;
  const session = { competitionId, live: null, stopped: false, displaysReady: false };
  liveSession = session;
  if (previous) {
    previous.stopped = true;
    previous.live?.stop();
    resetCompetition(store);
  }
  const info = await loadCompetition(competitionId, session);
  if (!info || session.stopped) return;
  session.competitionId = info.competition.id;
  Object.assign(store, info);
  changed(["all"]);
  const channels = [`competition:${info.competition.id}`, `series:${info.competition.seriesId}`];
  if (config.key) channels.push("displays");
  session.live = connectLive({
    hubUrl: config.key ? `/hubs/live?key=${encodeURIComponent(config.key)}` : "/hubs/live",
    channels,
    onSnapshot(channel, events) {
      if (session.stopped) return;
      if (channel === "displays") session.displaysReady = true;
      changed(applySnapshot(store, channel, events));
    },
    onEvent(event) {
      if (session.stopped) return;
      const topics = applyEvent(store, event);
      if (event.type === "standings" && !store.stages.some(s => String(s.id) === event.id)) refreshStages(session);
      changed(topics);
    },
    onState(state) { if (!session.stopped) renderLink(state); },
    onConnected() { if (!session.stopped) register(); },
  });
  clearInterval(reportTimer);
  reportTimer = setInterval(() => reportRendered(session), REPORT_EVERY_MS);
}

/// Static facts over HTTP (trade names, stages, series). The server may be down when the screen starts: try again with
/// the same jittered backoff as the live link, for ever, keeping whatever is on screen.
async function loadCompetition(competitionId, session) {
  for (let attempt = 0; !session.stopped; attempt++) {
    try {
      const id = competitionId ?? (await getJson("/api/competitions"))[0]?.id;
      if (!id) throw new Error("no competition yet");
      const competition = await getJson(`/api/competitions/${id}`);
      const [stages, seriesList] = await Promise.all([getJson(`/api/competitions/${id}/stages`), getJson("/api/series")]);
      return { competition, stages, series: seriesList.find(s => s.id === competition.seriesId) ?? null };
    } catch {
      renderLink({ ...linkState, status: "offline", offlineSince: linkState.offlineSince ?? new Date() });
      await new Promise(resolve => setTimeout(resolve, Math.max(500, retryDelay(Math.min(attempt, 6)))));
    }
  }
  return null;
}

async function refreshStages(session) {
  try {
    const stages = await getJson(`/api/competitions/${session.competitionId}/stages`);
    if (!session.stopped) { store.stages = stages; changed(["standings"]); }
  } catch { /* the next unknown stage asks again */ }
}

async function getJson(url) {
  const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  // The screen counts down to module starts: measure how far this machine's clock is from the server's.
  // The Date header has whole seconds: only a clock that is clearly wrong is corrected, so a right one does not jitter.
  const date = Date.parse(response.headers.get("date") ?? "");
  if (!Number.isNaN(date)) {
    const offset = date + 500 - Date.now();
    serverOffsetMs = Math.abs(offset) > 1500 ? offset : 0;
  }
  return response.json();
}

/// Tells the control desk what this screen shows; repeated after every (re)connect, since the server forgets.
function register() {
  const live = liveSession?.live;
  if (!config.key || !live || live.state.status === "offline") return;
  live.invoke("RegisterDisplay", {
    displayId: config.displayId,
    name: config.name ?? config.displayId,
    page: ceremonyShown ? "ceremony" : rotation.list.join(","),
    language,
    viewport: `${innerWidth}x${innerHeight}`,
    version: VERSION,
    competitionId: liveSession.competitionId,
  }).catch(() => { /* not connected or refused; the next onConnected registers again */ });
}

function reportRendered(session) {
  const live = session.live;
  if (!config.key || !live || session.stopped || live.state.status !== "live") return;
  const channels = [`competition:${session.competitionId}`, `series:${store.competition?.seriesId}`, "displays"];
  for (const channel of channels) {
    const seq = live.lastSeq(channel);
    if (seq !== null) live.invoke("ReportRendered", channel, seq).catch(() => {});
  }
}

// ---- Helpers -----------------------------------------------------------------------------------------------------------
function pageList(value) {
  const list = (value ?? "").split(",").map(s => s.trim()).filter(s => PAGE_NAMES.includes(s));
  return list.length ? list : null;
}

function displayIdOf(query) {
  const fromUrl = query.get("display");
  if (fromUrl) return fromUrl.slice(0, 64);
  try {
    let id = localStorage.getItem("liveboard.displayId");
    if (!id) localStorage.setItem("liveboard.displayId", id = `screen-${crypto.randomUUID().slice(0, 8)}`);
    return id;
  } catch {
    return `screen-${Math.random().toString(36).slice(2, 10)}`;
  }
}

// For tests and for someone at the screen with devtools: the state without parsing the DOM, and the page and language
// switches the control desk would send (they replace the URL's choice, as a directive would).
globalThis.liveboardScreen = {
  get config() { return { ...config }; },
  get page() { return ceremonyShown ? "ceremony" : current?.name; },
  get link() { return { ...linkState }; },
  get language() { return language; },
  get displayId() { return config.displayId; },
  store,
  show(name) { if (pages.has(name)) { config.pages = [name]; setRotation(config.pages); } },
  setLanguage(lang) { if (LANGS.includes(lang)) { config.lang = lang; setLanguage(lang); rerenderAll(); } },
};

setRotation(config.pages);
startSession(config.competitionId);
