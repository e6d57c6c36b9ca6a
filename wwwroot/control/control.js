// The display control desk: the registry of connected screens and overlays with the commands an operator sends them,
// the award ceremony with the public board's freeze, and the display keys. Directives and ceremony steps come back
// over the live channels, so two desks (or a desk and a phone) always show the same state.
import { requireUser, sendJson, postJson, el, wireStaffHeader } from "/js/common.js";
import { connectLive } from "/displays/shared/liveboard-client.js";
import { renderStatus } from "/displays/shared/status-badge.js";
import { competitionName } from "./text.js";
import { createRegistry } from "./registry.js";
import { createCeremony } from "./ceremony.js";
import { createKeys } from "./keys.js";

const $ = id => document.getElementById(id);
const VIEWS = ["displays", "ceremony", "keys"];

const ctx = {
  me: null,
  competitions: [],
  competition: id => ctx.competitions.find(c => c.id === id) ?? null,
  competitionLabel: id => id == null ? "—" : competitionName(ctx.competition(id)) || `#${id}`,
  getJson: url => sendJson("GET", url),
  postJson,
  toast,
  message,
  liveState,
  view: "displays",
};

const registry = createRegistry(ctx);
const ceremony = createCeremony(ctx);
const keys = createKeys(ctx);

async function start() {
  ctx.me = await requireUser();
  if (!ctx.me) return;
  wireStaffHeader(ctx.me);
  if (!ctx.me.roles?.some(r => r === "admin" || r === "display-operator")) {
    message("需要大屏操作员权限 · This desk needs the display operator role");
    return;
  }
  for (const tab of document.querySelectorAll(".control-tabs [role=tab]")) tab.addEventListener("click", () => showView(tab.dataset.view));

  ctx.competitions = await ctx.getJson("/api/competitions");
  registry.start();
  // Directives are full state per target ("all" or a display id): the channel's snapshot is the current state of each.
  connectLive({
    channels: ["displays"],
    onSnapshot: (_channel, events) => registry.replaceDirectives(events.filter(e => e.type === "directive" && e.data).map(e => e.data)),
    onEvent: event => {
      if (event.type !== "directive") return;
      if (event.data) registry.applyDirective(event.data);
      else registry.forgetDirective(event.id);
    },
    onState: state => liveState("displays", state),
  });
  const params = new URLSearchParams(location.search);
  await ceremony.start(Number(params.get("competition")) || null);
  showView(VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : "displays");
  window.addEventListener("hashchange", () => { if (VIEWS.includes(location.hash.slice(1))) showView(location.hash.slice(1)); });
}

function showView(view) {
  ctx.view = view;
  for (const tab of document.querySelectorAll(".control-tabs [role=tab]")) tab.setAttribute("aria-selected", String(tab.dataset.view === view));
  for (const id of VIEWS) $(`view-${id}`).hidden = id !== view;
  if (location.hash !== `#${view}`) history.replaceState(null, "", `${location.pathname}${location.search}#${view}`);
  if (view === "keys") keys.load();
}

// The header shows the worst of the desk's live links: an operator must know when what they see may be stale.
const states = new Map();
const rank = { offline: 3, connecting: 2, "catching-up": 1, live: 0 };
function liveState(name, state) {
  if (state === null) states.delete(name); else states.set(name, state);
  const worst = [...states.values()].sort((a, b) => rank[b.status] - rank[a.status])[0];
  if (worst) renderStatus($("live-state"), worst);
}

function message(text) {
  const p = $("message");
  p.textContent = text;
  p.hidden = !text;
}

function toast(text, kind = "info") {
  const note = el("p", { class: `toast ${kind}` }, text);
  $("toasts").append(note);
  setTimeout(() => note.remove(), 5000);
}

start().catch(error => message(`加载失败 · Failed to load: ${error.message}`));
