// The chief expert's desk: pick a competition and module, then watch its marking matrix live, lock the module,
// correct marks, handle protests and read the audit trail. Everything is re-read from the desk endpoint on each
// relevant live event, so what the desk shows is always the server's own scoring.
import { requireUser, sendJson, postJson, el, stageNames, wireStaffHeader } from "/js/common.js";
import { connectLive } from "/displays/shared/liveboard-client.js";
import { renderStatus } from "/displays/shared/status-badge.js";
import { moduleStatusNames } from "./text.js";
import { createMatrix } from "./matrix.js";
import { createCellPanel } from "./cell-panel.js";
import { createModuleControl } from "./module-control.js";
import { createProtests } from "./protests.js";
import { createAudit } from "./audit.js";

const getJson = url => sendJson("GET", url);
const $ = id => document.getElementById(id);
// Marks arrive in bursts (a judge's tablet sending its queue): one re-read per burst is enough.
const REFRESH_DELAY_MS = 300;

const ctx = {
  me: null,
  competitionId: null,
  modules: [],
  moduleId: null,
  desk: null,        // GET …/desk/modules/{mid}
  standings: null,   // the stage's standings, from the GET and then the staff channel
  entries: [],       // the stage's entries (protest reasons)
  selected: null,    // { aspectId, competitorId } of the open side panel
  criteria: new Map(), criteriaStage: null,
  view: "matrix",
  get base() { return `/api/competitions/${ctx.competitionId}`; },
  get module() { return ctx.desk?.module ?? ctx.modules.find(m => m.id === ctx.moduleId) ?? null; },
  refreshSoon,
  refreshNow,
  toast,
  getJson,
  postJson,
};

const matrix = createMatrix(ctx, $("matrix"), cell => { ctx.selected = cell; panel.open(); matrix.render(); });
const panel = createCellPanel(ctx, $("cell-panel"), () => { ctx.selected = null; matrix.render(); });
const control = createModuleControl(ctx, $("module-control"));
const protests = createProtests(ctx, $("protest-rows"));
const audit = createAudit(ctx);
let live = null;

async function start() {
  ctx.me = await requireUser();
  if (!ctx.me) return;
  wireStaffHeader(ctx.me);
  for (const tab of document.querySelectorAll(".desk-tabs [role=tab]")) tab.addEventListener("click", () => showView(tab.dataset.view));

  const competitions = await deskCompetitions();
  const select = $("competition");
  select.replaceChildren(...competitions.map(c => el("option", { value: c.id }, `${c.tradeZh} ${c.tradeEn}`)));
  if (competitions.length === 0) {
    message("您不是任何竞赛的裁判长 · You are not the chief expert of any competition");
    return;
  }
  const params = new URLSearchParams(location.search);
  const wanted = Number(params.get("competition"));
  if (wanted && !competitions.some(c => c.id === wanted)) message("您不是该竞赛的裁判长 · You are not this competition's chief expert");
  select.value = String(competitions.some(c => c.id === wanted) ? wanted : competitions[0].id);
  select.addEventListener("change", () => selectCompetition(Number(select.value), null));
  $("module").addEventListener("change", () => selectModule(Number($("module").value)));
  await selectCompetition(Number(select.value), Number(params.get("module")) || null);
}

/// Admins may sit at any competition's desk; chief experts at their own.
async function deskCompetitions() {
  if (ctx.me.roles?.includes("admin")) return getJson("/api/competitions");
  const seen = new Map();
  for (const a of ctx.me.assignments ?? [])
    if (a.chiefExpert && !seen.has(a.competitionId)) seen.set(a.competitionId, { id: a.competitionId, tradeZh: a.tradeZh, tradeEn: a.tradeEn });
  return [...seen.values()];
}

async function selectCompetition(competitionId, moduleId) {
  ctx.competitionId = competitionId;
  ctx.modules = await getJson(`${ctx.base}/judging/modules`);
  renderModuleOptions();
  // The module being marked now is the one a chief expert wants first.
  const chosen = ctx.modules.find(m => m.id === moduleId) ?? ctx.modules.find(m => m.status === "Live") ?? ctx.modules[0];
  live?.stop();
  live = connectLive({
    channels: [`competition:${competitionId}:staff`],
    // After a (re)connect the desk may have missed anything: read it again.
    onSnapshot: (_channel, events) => { for (const e of events) applyEvent(e, false); refreshSoon(); },
    onEvent: event => applyEvent(event, true),
    onState: state => renderStatus($("live-state"), state),
  });
  if (chosen) await selectModule(chosen.id);
  else message("此竞赛还没有模块 · This competition has no modules yet");
}

function renderModuleOptions() {
  const byStage = Map.groupBy(ctx.modules, m => m.stageId);
  $("module").replaceChildren(...[...byStage.values()].map(modules => el("optgroup", { label: stageNames[modules[0].stageKind] ?? "" },
    ...modules.map(m => el("option", { value: m.id }, `${m.code} ${m.nameZh} ${m.nameEn} · ${moduleStatusNames[m.status] ?? m.status}`)))));
  if (ctx.moduleId) $("module").value = String(ctx.moduleId);
}

async function selectModule(moduleId) {
  ctx.moduleId = moduleId;
  ctx.selected = null;
  ctx.desk = null;
  ctx.standings = null;
  panel.close();
  $("module").value = String(moduleId);
  history.replaceState(null, "", `?competition=${ctx.competitionId}&module=${moduleId}`);
  $("marks-csv").href = `${ctx.base}/marks.csv`;
  await refreshNow();
}

let timer = null;
let loading = null;
let again = false;

function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refreshNow, REFRESH_DELAY_MS);
}

/// Re-reads the module; a call while one is out runs once more afterwards, so the last change is never missed.
async function refreshNow() {
  clearTimeout(timer);
  if (loading) { again = true; return loading; }
  loading = (async () => {
    do {
      again = false;
      const moduleId = ctx.moduleId;
      if (!moduleId) return;
      try {
        const desk = await getJson(`${ctx.base}/desk/modules/${moduleId}`);
        const stageId = desk.module.stageId;
        const [entries, standings] = await Promise.all([
          getJson(`${ctx.base}/stages/${stageId}/entries`),
          ctx.standings?.stageId === stageId ? ctx.standings : getJson(`${ctx.base}/stages/${stageId}/standings`),
        ]);
        if (ctx.criteriaStage !== stageId) {
          // Criterion names head the matrix's column groups; without them the codes alone still do.
          const scheme = await getJson(`${ctx.base}/stages/${stageId}/scheme`).catch(() => ({ criteria: [] }));
          ctx.criteria = new Map(scheme.criteria.map(c => [c.code, c]));
          ctx.criteriaStage = stageId;
        }
        if (moduleId !== ctx.moduleId) continue; // the user switched module meanwhile
        ctx.desk = desk;
        ctx.entries = entries;
        ctx.standings = standings;
        hideMessage();
        renderAll();
        if (ctx.view === "audit") await audit.load();
      } catch (error) {
        control.render();
        message(error.status === 403 ? "无权查看此模块 · You may not view this module" : `加载失败 · Failed to load: ${error.message}`);
      }
    } while (again);
  })();
  try { await loading; } finally { loading = null; }
}

function applyEvent(event, live) {
  switch (event.type) {
    case "module": {
      const m = ctx.modules.find(x => String(x.id) === event.id);
      if (m && event.data) { m.status = event.data.status; renderModuleOptions(); }
      if (live && String(ctx.moduleId) === event.id && event.data) {
        if (ctx.desk) ctx.desk.module.status = event.data.status;
        control.render();
      }
      if (live) refreshSoon();
      break;
    }
    case "standings":
      if (event.data && ctx.desk && String(ctx.desk.module.stageId) === event.id) {
        ctx.standings = event.data;
        if (live) { protests.render(); control.render(); }
      }
      if (live) refreshSoon();
      break;
    case "correction":
      if (live && event.data) toast(`更正 Correction · ${event.data.bib} ${event.data.nameZh} ${event.data.aspectCode}: ` +
        `${Number(event.data.oldValue)} → ${Number(event.data.newValue)}${event.data.afterLock ? " · 锁定后 after lock" : ""}`);
      if (live) refreshSoon();
      break;
    case "mark":
      if (live) refreshSoon();
      break;
  }
}

function renderAll() {
  renderSummary();
  control.render();
  matrix.render();
  renderPatterns();
  protests.render();
  panel.render();
}

function renderSummary() {
  const s = ctx.desk.summary;
  const count = (key, zh, en, value) => el("span", { class: `count ${key}`, "data-count": key }, el("strong", {}, value), " ", zh, " ",
    el("span", { class: "en" }, en));
  $("summary").replaceChildren(
    count("scored", "已评", "scored", `${s.scored}/${s.cells}`),
    count("pending", "待评", "pending", s.pending),
    count("rescore", "需重评", "re-score", s.rescoreRequired));
}

const PATTERN_LIMIT = 0.5;

function renderPatterns() {
  const flagged = ctx.desk.patterns.filter(p => Math.abs(p.meanDeviation) >= PATTERN_LIMIT);
  const flag = $("pattern-flag");
  flag.hidden = flagged.length === 0;
  flag.textContent = `⚠ ${flagged.length}`;
  const rows = ctx.desk.judges.map(j => {
    const p = ctx.desk.patterns.find(x => x.judgeId === j.id);
    const d = p ? Number(p.meanDeviation) : null;
    const warn = d !== null && Math.abs(d) >= PATTERN_LIMIT;
    // The bar grows from the centre: left harsher, right more generous, full length at ±1.
    const width = d === null ? 0 : Math.min(Math.abs(d), 1) * 50;
    const bar = el("div", { class: "dev-bar" }, el("span", {
      class: `dev ${d < 0 ? "harsh" : "generous"}`,
      style: `width:${width}%;${d < 0 ? `right:50%` : `left:50%`}`,
    }));
    return el("tr", { "data-judge": j.id, class: warn ? "warn" : "" },
      el("td", {}, j.nameZh, " ", el("span", { class: "en" }, j.nameEn)),
      el("td", { class: "num" }, p?.compared ?? 0),
      el("td", { class: "num deviation" }, d === null ? "—" : `${d > 0 ? "+" : d < 0 ? "−" : "±"}${Math.abs(d).toFixed(2)}`),
      el("td", { class: "bar-col" }, bar),
      el("td", { class: "flag" }, warn ? `⚠ 评分倾向${d > 0 ? "偏宽" : "偏严"} Marking pattern: ${d > 0 ? "generous" : "harsh"}` : ""));
  });
  if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 5, class: "note" }, "本模块没有评分组评委 · No panel judges for this module")));
  $("pattern-rows").replaceChildren(...rows);
}

function showView(view) {
  ctx.view = view;
  // The side panel belongs to the matrix; the other views get the whole width.
  if (view !== "matrix") panel.close();
  for (const tab of document.querySelectorAll(".desk-tabs [role=tab]")) tab.setAttribute("aria-selected", String(tab.dataset.view === view));
  for (const section of document.querySelectorAll("main .view")) section.hidden = section.id !== `view-${view}`;
  if (view === "audit" && ctx.desk) audit.load();
}

function message(text) {
  const p = $("message");
  p.textContent = text;
  p.hidden = false;
}

function hideMessage() { $("message").hidden = true; }

function toast(text, kind = "info") {
  const note = el("p", { class: `toast ${kind}` }, text);
  $("toasts").append(note);
  setTimeout(() => note.remove(), 6000);
}

start().catch(error => message(`加载失败 · Failed to load: ${error.message}`));
