// The judge's tablet: sign in (QR access code, typed code, or password), pick a module, pick a competitor, mark.
// Marks go through the device's queue (sender.js), so entry never waits for the network; the sheet (aspects,
// competitors, my marks, and the panel once complete) is cached on the device so a judge keeps working offline.
// Other judges' scores come only from the server's sheet, which reveals them once the whole panel has scored.
import { el, postJson, ApiError, stageNames } from "/js/common.js";
import { connectLive } from "/displays/shared/liveboard-client.js";
import { cache } from "./store.js";
import { createSender } from "./sender.js";
import {
  isJudgement, isDeviation, choicesFor, parseDeviation, describeBand, describeBands, checkValue, formatMark, formatValue,
} from "./values.js";

const app = document.getElementById("app");
const syncLine = document.getElementById("sync");
const who = document.getElementById("who");
const signOutButton = document.getElementById("sign-out");

const RESCORE_REASON = "重新评分 / re-score";
const moduleStatusNames = {
  Scheduled: "未开始 Scheduled", Live: "进行中 Live", Closed: "已结束 Closed", Locked: "已锁定 Locked",
};

const state = {
  me: null,
  signIn: { code: "", error: "", passwordError: "", busy: false },
  modules: new Map(), // competitionId → { list, cached, error }
  sheet: null, sheetKey: null, sheetAt: null, sheetCached: false, sheetError: null,
  drafts: new Map(), // cell key → text typed in a deviation box
  reasons: new Map(), // cell key → correction reason being typed
  errors: new Map(), // cell key → why the last entry was stopped
  confirm: null, // { key, value }: a correction waiting for its reason
};
let sender = null;
let live = null, liveCompetition = null;
let refreshTimer = null;

const cellKey = (aspectId, competitorId) => `${aspectId}:${competitorId}`;
const sheetUrl = (c, m) => `/api/competitions/${c}/judging/modules/${m}/sheet`;
const modulesUrl = c => `/api/competitions/${c}/judging/modules`;

function route() {
  const p = new URLSearchParams(location.search);
  const n = name => Number(p.get(name)) || null;
  return { c: n("c"), m: n("m"), p: n("p") };
}

function navigate(to) {
  const query = new URLSearchParams(Object.entries(to).filter(([, v]) => v != null)).toString();
  state.confirm = null;
  history.pushState(null, "", query ? `?${query}` : location.pathname);
  show();
  scrollTo(0, 0);
}

// ---------- start, sign-in, sign-out ----------

async function start() {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/judge/sw.js", { scope: "/judge/" }).catch(() => {});
  // The QR code carries a one-time code in the fragment (never sent to a server, so never in a log). Take it out of the
  // address at once, so it is not left in the history or on the screen.
  const code = new URLSearchParams(location.hash.slice(1)).get("code");
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  addEventListener("popstate", show);
  // Back online: replace the saved sheet with the server's (the queue sends itself).
  addEventListener("online", refreshSoon);
  signOutButton.addEventListener("click", signOut);
  if (code) {
    state.signIn.code = code;
    await signIn("/api/account/access-code", { code });
    // A used or expired code on a tablet that is still signed in: carry on as that judge.
    if (!state.me) {
      await loadMe();
      if (state.me) state.signIn.error = "";
    }
  } else {
    await loadMe();
  }
  show();
}

async function loadMe() {
  try {
    const response = await fetch("/api/account/me", { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (response.status === 401) { await setMe(null); return; }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await setMe(await response.json());
  } catch {
    // Offline: the judge who signed in on this tablet keeps working; the queue waits for the network.
    const cached = await cache.get("/api/account/me").catch(() => null);
    await setMe(cached?.data ?? null, { fromCache: true });
  }
}

async function setMe(me, { fromCache = false } = {}) {
  const previous = state.me;
  // Signed out, or another person on this tablet: nothing cached for the last one may show (sheets carry their marks).
  // The queue stays: unsent marks are sent when their judge signs in again.
  if (!me || (previous && previous.id !== me.id)) await cache.clear().catch(() => {});
  if (previous?.id !== me?.id) {
    state.modules.clear();
    state.sheet = null; state.sheetKey = null;
    sender?.stop(); sender = null;
    live?.stop(); live = null; liveCompetition = null;
  }
  state.me = me;
  if (me && !fromCache) await cache.put("/api/account/me", me).catch(() => {});
  if (me?.judgeId != null && !sender) {
    sender = createSender({
      judgeId: me.judgeId,
      onChange: () => { renderSync(); if (state.me) renderViewSoon(); },
      onSent: markSent,
      onSignedOut: () => {
        // The queue and the saved sheet stay: the same judge signs in again and carries on.
        state.signIn.error = "登录已过期,请重新登录;未发送的评分仍保存在本机 / Your sign-in expired; sign in again. Unsent marks are kept on this tablet";
        state.me = null;
        who.textContent = "";
        signOutButton.hidden = true;
        show();
      },
    });
    await sender.start();
  } else if (me && sender) {
    sender.resume();
  }
  who.textContent = me ? me.displayName : "";
  signOutButton.hidden = !me;
  renderSync();
}

async function signIn(url, body, form = "code") {
  state.signIn.busy = true;
  state.signIn.error = state.signIn.passwordError = "";
  render();
  try {
    await setMe(await postJson(url, body));
    state.signIn.code = "";
  } catch (error) {
    const message = error instanceof ApiError
      ? Object.values(error.errors).flat().join(" ") || error.message
      : "无法连接服务器,请联网后再试 / Cannot reach the server; try again when online";
    if (form === "code") state.signIn.error = message; else state.signIn.passwordError = message;
  } finally {
    state.signIn.busy = false;
  }
}

async function signOut() {
  const waiting = sender?.status().waiting ?? 0;
  if (waiting && !confirm(`还有 ${waiting} 条评分未发送,将保留在本机,下次登录后发送。确定退出? / ${waiting} marks are not yet sent; they stay on this tablet and are sent after you sign in again. Sign out?`)) return;
  try { await postJson("/api/account/sign-out"); } catch { /* offline: the cookie is dropped by the server's expiry */ }
  await setMe(null);
  navigate({});
}

// ---------- data ----------

/// Network first, the device's copy when the network fails: { data, cached, at } or throws the server's refusal.
async function fetchCached(url) {
  let response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
  } catch {
    const copy = await cache.get(url).catch(() => null);
    if (copy) return { data: copy.data, cached: true, at: new Date(copy.at) };
    throw new Error("离线,且本机没有保存的数据 / Offline, and nothing is saved on this tablet yet");
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  await cache.put(url, data).catch(() => {});
  return { data, cached: false, at: new Date() };
}

async function loadModules(competitionId) {
  try {
    const { data, cached } = await fetchCached(modulesUrl(competitionId));
    state.modules.set(competitionId, { list: data, cached });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signedOutByServer();
    state.modules.set(competitionId, { list: [], error: messageOf(error) });
  }
}

async function loadSheet(c, m) {
  const key = `${c}:${m}`;
  try {
    const { data, cached, at } = await fetchCached(sheetUrl(c, m));
    if (data.judgeId !== state.me?.judgeId) throw new Error("本机保存的是其他评委的评分表 / The saved sheet belongs to another judge");
    Object.assign(state, { sheet: data, sheetKey: key, sheetAt: at, sheetCached: cached, sheetError: null });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signedOutByServer();
    // Keep showing what we had for this module: a failed refresh must not take the sheet away from the judge.
    if (state.sheetKey !== key) Object.assign(state, { sheet: null, sheetKey: key });
    state.sheetError = `无法加载评分表 / Could not load the marking sheet: ${messageOf(error)}`;
  }
}

function signedOutByServer() {
  state.signIn.error = "登录已过期,请重新登录 / Your sign-in expired; sign in again";
  return setMe(null);
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    const { c, m } = route();
    if (!c || !m || !state.me) return;
    const before = JSON.stringify([state.sheet, state.sheetCached, state.sheetError]);
    await loadSheet(c, m);
    // Most marks of other judges change nothing this judge may see (the panel stays hidden): no redraw then.
    if (JSON.stringify([state.sheet, state.sheetCached, state.sheetError]) !== before) render();
  }, 250);
}

/// The server accepted a mark: show it as sent at once, then fetch the sheet for the panel's outcome.
function markSent(entry, mark) {
  const cell = state.sheet?.cells.find(x => x.aspectId === mark.aspectId && x.competitorId === mark.competitorId);
  if (cell && state.sheet.competitionId === entry.competitionId) {
    cell.myMarkId = mark.id;
    cell.myValue = mark.value;
    cache.put(sheetUrl(state.sheet.competitionId, state.sheet.module.id), state.sheet).catch(() => {});
  }
  refreshSoon();
}

/// Live updates of the competition's staff channel only say "something changed": the sheet is fetched again, and the
/// server decides what this judge may see.
function followCompetition(competitionId) {
  if (liveCompetition === competitionId) return;
  live?.stop();
  live = null;
  liveCompetition = competitionId;
  if (!competitionId || !globalThis.signalR) return;
  live = connectLive({
    channels: [`competition:${competitionId}:judging`],
    onSnapshot: () => refreshSoon(),
    onEvent(event) {
      const sheet = state.sheet;
      if (!sheet) return;
      const ours = event.type === "module" ? Number(event.id) === sheet.module.id
        : event.type === "mark" || event.type === "correction" ? sheet.aspects.some(a => a.id === event.data?.aspectId)
        : false;
      if (ours) refreshSoon();
    },
  });
}

const messageOf = error => error instanceof ApiError
  ? Object.values(error.errors).flat().join(" ") || error.message
  : error.message;

// ---------- rendering ----------

async function show() {
  const { c, m } = route();
  if (state.me?.judgeId != null && c) {
    followCompetition(c);
    if (m && state.sheetKey !== `${c}:${m}`) {
      state.sheet = null;
      state.sheetError = null;
      render(); // "loading" while the sheet comes
      await loadSheet(c, m);
    }
  } else if (state.me?.judgeId != null) {
    followCompetition(null);
    // Statuses change during the day (a module goes live, gets locked): read them again on every visit.
    await Promise.all([...new Set(state.me.assignments.map(a => a.competitionId))].map(loadModules));
  }
  render();
}

let renderQueued = false;
function renderViewSoon() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => { renderQueued = false; render(); });
}

// A redraw between a finger going down and coming up would swap the button under it and lose the tap: redraws wait
// for the finger (the click that follows pointerup still finds its button).
let fingerDown = false, renderHeld = false;
addEventListener("pointerdown", () => { fingerDown = true; }, true);
for (const type of ["pointerup", "pointercancel"])
  addEventListener(type, () => {
    fingerDown = false;
    if (renderHeld) setTimeout(() => { if (renderHeld && !fingerDown) render(); }, 50);
  }, true);

/// Redraws the view, keeping the focused control (and a half-typed entry) where the judge left it.
function render() {
  if (fingerDown) { renderHeld = true; renderSync(); return; }
  renderHeld = false;
  const focused = document.activeElement?.id;
  const selection = focused && document.activeElement.selectionStart != null
    ? [document.activeElement.selectionStart, document.activeElement.selectionEnd] : null;
  app.replaceChildren(...view());
  if (focused) {
    const again = document.getElementById(focused);
    if (again && again !== document.activeElement) {
      again.focus({ preventScroll: true });
      if (selection) try { again.setSelectionRange(...selection); } catch { /* not a text box */ }
    }
  }
  renderSync();
}

function view() {
  const { c, m, p } = route();
  if (!state.me) return signInView();
  if (state.me.judgeId == null)
    return [el("section", { class: "card notice" }, el("h2", {}, "此账号未关联评委 ", el("span", { class: "en" }, "This account is not a judge")),
      el("p", {}, "请用评委的登录码或评委账号登录。 ", el("span", { class: "en" }, "Sign in with a judge's access code or account.")))];
  const refusals = refusalsView();
  if (!c || !m) return [...refusals, ...pickerView()];
  if (!state.sheet) return [...refusals, loadingView()];
  const competitor = p && state.sheet.competitors.find(x => x.id === p);
  return [...refusals, ...(competitor && !competitor.conflict ? markingView(competitor) : listView())];
}

function renderSync() {
  const s = sender?.status() ?? { state: state.me ? "synced" : "signed-out", waiting: 0, refused: 0 };
  const text = {
    synced: "已同步 / All sent",
    waiting: `${s.waiting} 条待发送 / ${s.waiting} waiting`,
    sending: `发送中 / Sending${s.waiting > 1 ? ` · ${s.waiting}` : ""}`,
    offline: s.waiting ? `离线 · ${s.waiting} 条未发送 / Offline · ${s.waiting} not yet sent` : "离线 / Offline",
    "signed-out": s.waiting ? `未登录 · ${s.waiting} 条未发送 / Signed out · ${s.waiting} not yet sent` : "未登录 / Signed out",
  }[s.state];
  syncLine.dataset.state = s.state;
  syncLine.dataset.waiting = String(s.waiting);
  syncLine.dataset.refused = String(s.refused);
  syncLine.textContent = s.refused ? `${text} · ${s.refused} 条被拒 / ${s.refused} refused` : text;
}

function signInView() {
  const s = state.signIn;
  const codeInput = el("input", { id: "code", name: "code", autocomplete: "one-time-code", autocapitalize: "characters",
    spellcheck: "false", maxlength: "16", required: "" });
  codeInput.value = s.code;
  codeInput.addEventListener("input", () => { s.code = codeInput.value; });
  const codeForm = el("form", { class: "form", id: "code-form", novalidate: "" },
    el("label", { for: "code" }, "登录码 ", el("span", { class: "en" }, "Access code")), codeInput,
    el("button", { type: "submit", class: "primary big", ...(s.busy ? { disabled: "" } : {}) }, s.busy ? "正在登录… Signing in…" : "登录 Sign in"),
    el("p", { class: "field-error", role: "alert", id: "code-error" }, s.error));
  codeForm.addEventListener("submit", async event => {
    event.preventDefault();
    if (!codeInput.value.trim()) { s.error = "请输入登录码 / Enter your access code"; render(); return; }
    await signIn("/api/account/access-code", { code: codeInput.value.trim() });
    show();
  });

  const userInput = el("input", { id: "user-name", name: "userName", autocomplete: "username", required: "" });
  const passwordInput = el("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: "" });
  const passwordForm = el("form", { class: "form", id: "password-form", novalidate: "" },
    el("label", { for: "user-name" }, "用户名 ", el("span", { class: "en" }, "User name")), userInput,
    el("label", { for: "password" }, "密码 ", el("span", { class: "en" }, "Password")), passwordInput,
    el("button", { type: "submit", class: "primary big" }, "登录 Sign in"),
    el("p", { class: "field-error", role: "alert" }, s.passwordError));
  passwordForm.addEventListener("submit", async event => {
    event.preventDefault();
    await signIn("/api/account/sign-in", { userName: userInput.value.trim(), password: passwordInput.value }, "password");
    show();
  });

  const waiting = sender?.status().waiting ?? 0;
  return [el("section", { class: "card signin" },
    el("h2", {}, "评委登录 ", el("span", { class: "en" }, "Judge sign-in")),
    el("p", { class: "note" }, "请扫描登录二维码,或输入二维码下方的登录码。 ", el("span", { class: "en" }, "Scan your QR code, or type the code printed under it.")),
    waiting ? el("p", { class: "notice" }, `本机有 ${waiting} 条评分未发送,登录后自动发送。 `, el("span", { class: "en" }, `${waiting} marks on this tablet are sent after you sign in.`)) : "",
    codeForm,
    el("details", { class: "password" }, el("summary", {}, "用户名和密码登录 ", el("span", { class: "en" }, "Sign in with user name and password")), passwordForm))];
}

function pickerView() {
  const competitions = [];
  for (const a of state.me.assignments) if (!competitions.some(x => x.competitionId === a.competitionId)) competitions.push(a);
  if (competitions.length === 0)
    return [el("section", { class: "card notice" }, el("h2", {}, "尚未分配评分任务 ", el("span", { class: "en" }, "No assignments yet")),
      el("p", {}, "请联系裁判长。 ", el("span", { class: "en" }, "Ask the chief expert to assign you.")))];
  return [el("h2", { class: "view-title" }, "选择模块 ", el("span", { class: "en" }, "Choose a module")),
    ...competitions.map(a => {
      const modules = state.modules.get(a.competitionId);
      return el("section", { class: "competition", "data-competition": a.competitionId },
        el("h3", {}, a.tradeZh, " ", el("span", { class: "en" }, a.tradeEn)),
        modules?.error ? el("p", { class: "field-error" }, modules.error) : "",
        modules?.cached ? el("p", { class: "note" }, "离线:显示本机保存的列表 / Offline: showing the list saved on this tablet") : "",
        el("ul", { class: "modules" }, ...(modules?.list ?? []).map(m => el("li", {}, moduleButton(a.competitionId, m)))));
    })];
}

function moduleButton(competitionId, m) {
  const button = el("button", { type: "button", class: "module", "data-module": m.code },
    el("span", { class: "code" }, m.code),
    el("span", { class: "name" }, m.nameZh, " ", el("span", { class: "en" }, m.nameEn)),
    el("span", { class: "meta" }, stageNames[m.stageKind] ?? m.stageKind, " · ", el("span", { class: "time" }, timeWindow(m))),
    el("span", { class: `module-status ${m.status}` }, moduleStatusNames[m.status] ?? m.status));
  button.addEventListener("click", () => navigate({ c: competitionId, m: m.id }));
  return button;
}

function timeWindow(m) {
  const start = new Date(m.startsAt), end = new Date(m.endsAt);
  const two = n => String(n).padStart(2, "0");
  return `${two(start.getMonth() + 1)}-${two(start.getDate())} ${two(start.getHours())}:${two(start.getMinutes())}–${two(end.getHours())}:${two(end.getMinutes())}`;
}

function loadingView() {
  if (!state.sheetError)
    return el("section", { class: "card notice" }, el("p", {}, "正在加载评分表… ", el("span", { class: "en" }, "Loading the marking sheet…")));
  const retry = el("button", { type: "button", class: "primary" }, "重试 ", el("span", { class: "en" }, "Try again"));
  retry.addEventListener("click", () => { state.sheetKey = null; show(); });
  return el("section", { class: "card notice" }, el("p", { class: "field-error", role: "alert" }, state.sheetError),
    el("p", { class: "buttons" }, retry, " ", backButton("← 选择模块 ", "Modules", {})));
}

function backButton(zh, en, to) {
  const button = el("button", { type: "button", class: "back" }, zh, el("span", { class: "en" }, en));
  button.addEventListener("click", () => navigate(to));
  return button;
}

function moduleHeader() {
  const { module } = state.sheet;
  const readOnly = readOnlyReason();
  return [
    el("div", { class: "view-head" },
      el("h2", { class: "view-title" }, module.code, " ", module.nameZh, " ", el("span", { class: "en" }, module.nameEn)),
      el("span", { class: `module-status ${module.status}`, id: "module-status" }, moduleStatusNames[module.status] ?? module.status)),
    readOnly ? el("p", { class: "banner locked", id: "read-only" }, readOnly) : "",
    state.sheetCached || state.sheetError
      ? el("p", { class: "banner offline", id: "sheet-age" },
        `离线:显示本机保存的评分表(${clock(state.sheetAt)})/ Offline: the sheet saved on this tablet (${clock(state.sheetAt)})`)
      : "",
  ];
}

const clock = date => date ? date.toLocaleTimeString("zh-CN", { hour12: false }) : "";

function readOnlyReason() {
  const status = state.sheet.module.status;
  if (status === "Locked") return "模块已锁定,只读 / Module locked — read only";
  if (status === "Scheduled") return "模块尚未开始,暂不能评分 / The module has not started — marking opens when it does";
  return null;
}

function cellOf(aspectId, competitorId) {
  return state.sheet.cells.find(x => x.aspectId === aspectId && x.competitorId === competitorId)
    ?? { aspectId, competitorId, myMarkId: null, myValue: null, outcome: "Pending", panel: null };
}

function cellRef(aspect, competitor) {
  const cell = cellOf(aspect.id, competitor.id);
  return { competitionId: state.sheet.competitionId, moduleId: state.sheet.module.id, aspectId: aspect.id, competitorId: competitor.id,
    myMarkId: cell.myMarkId };
}

function progressOf(competitor) {
  const { aspects } = state.sheet;
  let marked = 0, waiting = 0, refused = 0, rescore = 0;
  for (const aspect of aspects) {
    const cell = cellOf(aspect.id, competitor.id);
    const entry = sender?.pendingFor(cellRef(aspect, competitor));
    if (entry?.state === "queued") waiting++;
    if (entry?.state === "refused") refused++;
    if (entry?.state === "queued" || cell.myValue != null) marked++;
    if (cell.outcome === "RescoreRequired") rescore++;
  }
  return { marked, total: aspects.length, waiting, refused, rescore };
}

function listView() {
  const { competitors } = state.sheet;
  return [
    backButton("← 选择模块 ", "Modules", {}),
    ...moduleHeader(),
    el("p", { class: "note" }, "点选选手开始评分;进度为本人已评的评分项。 ", el("span", { class: "en" }, "Tap a competitor to mark. Progress counts the aspects you have marked.")),
    el("ul", { class: "competitors" }, ...competitors.map(c => el("li", {}, competitorCard(c)))),
  ];
}

function competitorCard(c) {
  const names = [
    el("span", { class: "bib" }, c.bib),
    el("span", { class: "name" }, c.nameZh, el("span", { class: "en" }, c.nameEn)),
    el("span", { class: "org" }, c.organisationZh, " ", el("span", { class: "en" }, c.organisationEn)),
  ];
  if (c.conflict)
    return el("div", { class: "competitor conflict", "data-bib": c.bib, "aria-disabled": "true" }, ...names,
      el("span", { class: "flag conflict-flag" }, "利益冲突 回避 / Conflict of interest — abstain"));
  const p = progressOf(c);
  const done = p.marked === p.total;
  const button = el("button", { type: "button", class: `competitor${done ? " done" : ""}`, "data-bib": c.bib }, ...names,
    el("span", { class: "progress", "data-marked": p.marked, "data-total": p.total },
      el("span", { class: "bar", "aria-hidden": "true" }, el("span", { style: `width:${p.total ? (100 * p.marked) / p.total : 0}%` })),
      el("span", { class: "count" }, `${p.marked}/${p.total}`), " ", el("span", { class: "en" }, "已评 marked")),
    el("span", { class: "flags" },
      p.waiting ? el("span", { class: "flag waiting" }, `${p.waiting} 未发送 / not yet sent`) : "",
      p.refused ? el("span", { class: "flag refused" }, `${p.refused} 被拒 / refused`) : "",
      p.rescore ? el("span", { class: "flag rescore" }, "需重新评分 / Re-score required") : ""));
  button.addEventListener("click", () => navigate({ ...route(), p: c.id }));
  return button;
}

function markingView(competitor) {
  const { competitors, aspects } = state.sheet;
  const markable = competitors.filter(c => !c.conflict);
  const index = markable.indexOf(competitor);
  const step = (offset, zh, en) => {
    const target = markable[index + offset];
    const button = el("button", { type: "button", class: "step", ...(target ? {} : { disabled: "" }) }, zh, " ", el("span", { class: "en" }, en));
    if (target) button.addEventListener("click", () => navigate({ ...route(), p: target.id }));
    return button;
  };
  const p = progressOf(competitor);
  return [
    el("nav", { class: "marking-nav" }, backButton("← 选手列表 ", "Competitors", { c: route().c, m: route().m }),
      el("span", { class: "steps" }, step(-1, "‹ 上一位", "Previous"), step(1, "下一位 ›", "Next"))),
    ...moduleHeader(),
    el("header", { class: "competitor-head", id: "competitor", "data-bib": competitor.bib },
      el("span", { class: "bib" }, competitor.bib),
      el("span", { class: "name" }, competitor.nameZh, " ", el("span", { class: "en" }, competitor.nameEn)),
      el("span", { class: "org" }, competitor.organisationZh, " ", el("span", { class: "en" }, competitor.organisationEn)),
      el("span", { class: "progress" }, `${p.marked}/${p.total} `, el("span", { class: "en" }, "已评 marked"))),
    ...aspects.map(a => aspectCard(a, competitor)),
  ];
}

function aspectCard(aspect, competitor) {
  const ref = cellRef(aspect, competitor);
  const key = cellKey(aspect.id, competitor.id);
  const cell = cellOf(aspect.id, competitor.id);
  const entry = sender.pendingFor(ref);
  const queued = entry?.state === "queued" ? entry : null;
  const current = queued ? queued.value : cell.myValue;
  const readOnly = readOnlyReason() !== null;
  const rescore = cell.outcome === "RescoreRequired" && cell.myMarkId != null && !queued;
  const cellState = entry?.state === "refused" ? "refused" : queued ? (queued.key === sender.inFlight ? "sending" : "queued")
    : cell.myValue != null ? "sent" : "none";
  const headingId = `aspect-${aspect.id}`;

  const card = el("section", { class: `aspect ${cellState}`, "data-aspect": aspect.code, "data-cell-state": cellState,
    "data-outcome": cell.outcome, "aria-labelledby": headingId });
  card.append(el("header", {},
    el("span", { class: "code" }, aspect.code),
    el("h3", { id: headingId }, aspect.descriptionZh, " ", el("span", { class: "en" }, aspect.descriptionEn)),
    el("span", { class: "kind" }, isJudgement(aspect) ? "评价 Judgement" : "测量 Measurement", " · 满分 ", el("span", { class: "en" }, "Max"), " ",
      el("strong", {}, formatMark(aspect.maxMark)))));

  // Once the panel is revealed its scores come first: a judge re-scoring reads them before tapping.
  if (cell.panel != null) card.append(panelView(aspect, cell));
  if (rescore && !readOnly) {
    const reason = el("input", { id: `reason-${key}`, class: "reason", value: state.reasons.get(key) ?? RESCORE_REASON });
    reason.addEventListener("input", () => state.reasons.set(key, reason.value));
    card.append(el("div", { class: "rescore-entry" },
      el("label", { for: reason.id }, "重新评分的更正原因 ", el("span", { class: "en" }, "Reason for the re-score")), reason,
      el("p", { class: "note" }, "评分组讨论后,点选新的分数即提交更正。 ", el("span", { class: "en" }, "After the panel's discussion, tap the new score to submit a correction."))));
  }

  if (isDeviation(aspect)) card.append(deviationEntry(aspect, ref, key, current, readOnly, rescore));
  else card.append(scoreButtons(aspect, ref, key, current, readOnly, rescore));

  if (state.confirm?.key === key) card.append(confirmCorrection(aspect, ref, key));
  const stopped = state.errors.get(key);
  if (stopped) card.append(el("p", { class: "field-error entry-error", role: "alert" }, stopped));
  card.append(cellStatus(aspect, cell, entry, cellState, readOnly));
  if (cell.panel == null) card.append(panelView(aspect, cell));
  return card;
}

function scoreButtons(aspect, ref, key, current, readOnly, rescore) {
  const group = el("div", { class: `choices ${isJudgement(aspect) ? "judgement" : "measurement"}`, role: "group",
    "aria-labelledby": `aspect-${aspect.id}` });
  for (const choice of choicesFor(aspect)) {
    const button = el("button", { type: "button", class: "score", id: `score-${key}-${choice.value}`, "data-value": choice.value,
      "aria-pressed": String(current != null && Number(current) === Number(choice.value)), ...(readOnly ? { disabled: "" } : {}) },
    el("span", { class: "value" }, choice.label), el("span", { class: "descriptor" }, choice.text));
    button.addEventListener("click", () => choose(aspect, ref, key, choice.value, rescore));
    group.append(button);
  }
  return group;
}

function deviationEntry(aspect, ref, key, current, readOnly, rescore) {
  const id = `deviation-${key}`;
  const input = el("input", { id, class: "deviation", inputmode: "decimal", autocomplete: "off", enterkeyhint: "done",
    "aria-describedby": `bands-${key} hint-${key}`, ...(readOnly ? { disabled: "" } : {}) });
  input.value = state.drafts.get(key) ?? "";
  const hint = el("p", { class: "band-hint", id: `hint-${key}`, "aria-live": "polite" });
  const showHint = () => {
    const parsed = input.value.trim() ? parseDeviation(input.value) : null;
    hint.textContent = parsed?.value != null ? describeBand(aspect, parsed.value) : "";
  };
  showHint();
  input.addEventListener("input", () => {
    state.drafts.set(key, input.value);
    // Typing again answers the last complaint: take it away without redrawing the card under the judge's finger.
    if (state.errors.delete(key)) input.closest(".aspect")?.querySelector(".entry-error")?.remove();
    showHint();
  });
  const record = el("button", { type: "submit", class: "primary record", ...(readOnly ? { disabled: "" } : {}) }, "记录 ", el("span", { class: "en" }, "Record"));
  const form = el("form", { class: "deviation-entry", novalidate: "" },
    el("label", { for: id }, "测得偏差 ", el("span", { class: "en" }, "Measured deviation")),
    el("div", { class: "deviation-row" }, input, record),
    el("p", { class: "note", id: `bands-${key}` }, "公差带 ", el("span", { class: "en" }, "Bands"), ": ", describeBands(aspect)),
    hint,
    current != null ? el("p", { class: "current" }, "当前 ", el("span", { class: "en" }, "Current"), ": ",
      el("strong", { class: "current-value" }, formatValue(aspect, current)), " · ", describeBand(aspect, Number(current))) : "");
  form.addEventListener("submit", event => {
    event.preventDefault();
    const parsed = parseDeviation(input.value);
    if (parsed.error) { state.errors.set(key, parsed.error); render(); return; }
    choose(aspect, ref, key, parsed.value, rescore, () => state.drafts.delete(key));
  });
  return form;
}

/// One tap: the value goes to the queue at once. Changing a mark the server may hold is a correction, which needs a reason.
function choose(aspect, ref, key, value, rescore, entered = () => {}) {
  state.errors.delete(key);
  const problem = checkValue(aspect, value);
  if (problem) { state.errors.set(key, problem); render(); return; }
  const entry = sender.pendingFor(ref);
  const current = entry?.state === "queued" ? entry.value : cellOf(ref.aspectId, ref.competitorId).myValue;
  if (current != null && Number(current) === Number(value) && entry?.state !== "refused") { state.confirm = null; render(); return; }
  if (sender.needsReason(ref)) {
    if (rescore) {
      const reason = (state.reasons.get(key) ?? RESCORE_REASON).trim();
      if (!reason) { state.errors.set(key, "更正必须填写原因 / A correction needs a reason"); render(); return; }
      return enter(ref, key, value, reason, entered);
    }
    state.confirm = { key, value };
    render();
    // The whole question in view, buttons included, then the cursor in the reason box.
    const reason = document.getElementById(`confirm-reason-${key}`);
    const below = reason ? reason.closest("form").getBoundingClientRect().bottom - innerHeight + 16 : 0;
    if (below > 0) scrollBy(0, below);
    reason?.focus({ preventScroll: true });
    return;
  }
  return enter(ref, key, value, null, entered);
}

async function enter(ref, key, value, reason, entered) {
  try {
    await sender.enter(ref, value, reason);
    state.confirm = null;
    state.reasons.delete(key);
    entered();
  } catch (error) {
    state.errors.set(key, error.message);
  }
  render();
}

function confirmCorrection(aspect, ref, key) {
  const { value } = state.confirm;
  const reason = el("input", { id: `confirm-reason-${key}`, class: "reason", value: state.reasons.get(key) ?? "" });
  reason.addEventListener("input", () => state.reasons.set(key, reason.value));
  const ok = el("button", { type: "submit", class: "primary" }, "确认更正 ", el("span", { class: "en" }, "Confirm correction"));
  const cancel = el("button", { type: "button", class: "secondary" }, "取消 ", el("span", { class: "en" }, "Cancel"));
  cancel.addEventListener("click", () => { state.confirm = null; state.errors.delete(key); render(); });
  const form = el("form", { class: "confirm", novalidate: "" },
    el("p", {}, `更正为 ${formatValue(aspect, value)} `, el("span", { class: "en" }, `Correct to ${formatValue(aspect, value)}`)),
    el("label", { for: reason.id }, "更正原因(必填) ", el("span", { class: "en" }, "Reason (required)")), reason,
    el("div", { class: "buttons" }, ok, cancel));
  form.addEventListener("submit", event => {
    event.preventDefault();
    if (!reason.value.trim()) { state.errors.set(key, "更正必须填写原因 / A correction needs a reason"); render(); return; }
    enter(ref, key, value, reason.value.trim(), () => state.drafts.delete(key));
  });
  return form;
}

function cellStatus(aspect, cell, entry, cellState, readOnly) {
  const line = el("div", { class: `cell-status ${cellState}` });
  if (cellState === "refused") {
    const dismiss = el("button", { type: "button", class: "secondary small" }, "知道了 ", el("span", { class: "en" }, "Dismiss"));
    dismiss.addEventListener("click", () => sender.dismiss(entry.key));
    line.append(el("p", { class: "refusal", role: "alert" },
      el("strong", {}, `被拒绝 / Refused (${formatValue(aspect, entry.value)})`), ": ", entry.refusal.messages.join(" ")),
    readOnly
      ? el("p", { class: "note" }, "模块已锁定,如需更正请联系裁判长。 ", el("span", { class: "en" }, "The module is locked: ask the chief expert for a correction."))
      : el("p", { class: "note" }, "请修改后重新录入,或点“知道了”移除。 ", el("span", { class: "en" }, "Enter the value again to fix it, or dismiss it.")),
    dismiss);
  } else if (cellState === "queued" || cellState === "sending") {
    line.append(el("p", {}, el("span", { class: "pill waiting" }, cellState === "sending" ? "发送中 / Sending" : "未发送 / Not yet sent"),
      " ", formatValue(aspect, entry.value), entry.kind === "correction" ? ` · 更正 / correction: ${entry.reason}` : ""));
  } else if (cellState === "sent") {
    line.append(el("p", {}, el("span", { class: "pill sent" }, "已发送 / Sent"), " ", formatValue(aspect, cell.myValue)));
  } else {
    line.append(el("p", { class: "note" }, "未评分 / Not marked"));
  }
  return line;
}

/// Other judges' scores exist here only when the server revealed them (the whole panel has scored).
function panelView(aspect, cell) {
  const box = el("div", { class: "panel", "data-revealed": String(cell.panel != null) });
  if (cell.panel == null) {
    if (isJudgement(aspect) && cell.myValue != null)
      box.append(el("p", { class: "note" }, "评分组尚未评完,其他评委的分数暂不显示。 ", el("span", { class: "en" }, "Other judges' scores stay hidden until the whole panel has scored.")));
    return box;
  }
  const myJudge = state.sheet.judgeId;
  if (isJudgement(aspect) || cell.panel.length > 1)
    box.append(el("span", { class: "label" }, "评分组 ", el("span", { class: "en" }, "Panel")),
      el("ul", { class: "panel-scores", "aria-label": "评分组 Panel" }, ...cell.panel.map(s =>
      el("li", { class: `panel-score${s.judgeId === myJudge ? " mine" : ""}`, "data-judge": s.judgeId, "data-value": s.value },
        s.judgeId === myJudge ? "我 " : "评委 ", el("span", { class: "en" }, s.judgeId === myJudge ? "Me" : `Judge #${s.judgeId}`), " ",
        el("strong", {}, formatValue(aspect, s.value))))));
  if (cell.outcome === "RescoreRequired")
    box.append(el("p", { class: "flag rescore outcome" }, `需重新评分 / Re-score required · 分差 ${cell.spread} / spread ${cell.spread}`));
  else if (cell.outcome === "Scored")
    box.append(el("p", { class: "outcome" }, "评定得分 ", el("span", { class: "en" }, "Aspect mark"), " ", el("strong", {}, formatMark(cell.mark))));
  return box;
}

function refusalsView() {
  const refused = sender?.entries.filter(e => e.state === "refused") ?? [];
  if (refused.length === 0) return [];
  const names = new Map(state.sheet?.competitors.map(c => [c.id, c]) ?? []);
  const codes = new Map(state.sheet?.aspects.map(a => [a.id, a]) ?? []);
  return [el("section", { class: "refusals", id: "refusals", "aria-label": "被拒绝的评分 Refused marks" },
    el("h2", {}, `被拒绝的评分 ${refused.length} 条 `, el("span", { class: "en" }, `Refused marks: ${refused.length}`)),
    el("ul", {}, ...refused.map(e => {
      const who = names.get(e.competitorId), aspect = codes.get(e.aspectId);
      const dismiss = el("button", { type: "button", class: "secondary small" }, "知道了 ", el("span", { class: "en" }, "Dismiss"));
      dismiss.addEventListener("click", () => sender.dismiss(e.key));
      const go = el("button", { type: "button", class: "secondary small" }, "查看 ", el("span", { class: "en" }, "Open"));
      go.addEventListener("click", () => navigate({ c: e.competitionId, m: e.moduleId, p: e.competitorId }));
      return el("li", { "data-key": e.key },
        el("span", {}, who ? `${who.bib} ${who.nameZh}` : `#${e.competitorId}`, " · ", aspect?.code ?? `#${e.aspectId}`, " · ",
          aspect ? formatValue(aspect, e.value) : e.value, " — "),
        el("span", { class: "refusal-reason" }, e.refusal.messages.join(" ")), " ", go, dismiss);
    })))];
}

start();
