// Shared by the broadcast overlays (lower third, leaderboard, card, ticker): the CasparCG / SPX template contract
// (update, play, next, stop, remove), settings from the URL and from template data (JSON or CasparCG XML), the stage and
// its safe-area guides, and the live standings of one competition with change detection. README.md documents the use.
//
//   defineOverlay({ name: "card", fields: ["bib"], defaults: { bib: null },
//     render(o, graphic) { … return false when there is nothing to show … },
//     changed(o, changes), next(o), play(o), stop(o), remove(o), ceremony(o, state), autoplay: "show" | "custom" });

/// Template fields f0, f1, … name these settings in this order, then each overlay's own `fields` from f6 on.
const COMMON_FIELDS = ["competition", "stage", "lang", "layout", "server", "key"];
const SIZES = { horizontal: { width: 1920, height: 1080 }, vertical: { width: 1080, height: 1920 } };
const LANGS = ["zh-en", "zh", "en"];
const VERSION = "overlays-1";

export const words = {
  StartList: ["待赛", "Start list"], Live: ["进行中", "Live"], Unofficial: ["非正式", "Unofficial"],
  Official: ["正式", "Official"], Protested: ["申诉中", "Protested"],
  Gold: ["金奖", "Gold"], Silver: ["银奖", "Silver"], Bronze: ["铜奖", "Bronze"],
  mark: ["新成绩", "New mark"], leader: ["新领先", "New leader"], joint: ["并列领先", "Joint leader"],
  award: ["颁奖", "Award"], leading: ["领先", "Leader"], result: ["成绩", "Result"], correction: ["成绩更正", "Correction"],
  frozen: ["封榜", "Frozen"], ceremony: ["颁奖典礼", "Ceremony"], advances: ["晋级", "Advances"],
};

const int = (min, max) => v => Number.isInteger(+v) && +v >= min ? Math.min(+v, max) : undefined;
const flag = v => ["1", "true", "yes", "on"].includes(String(v).toLowerCase());
const text = max => v => String(v).trim().slice(0, max) || undefined;
const PARSERS = {
  competition: int(1, 2 ** 31), stage: v => int(1, 2 ** 31)(v)?.toString(), lang: v => LANGS.find(l => l === String(v).toLowerCase()),
  layout: v => ({ vertical: "vertical", horizontal: "horizontal", "9:16": "vertical", "16:9": "horizontal" })[String(v).toLowerCase()],
  top: int(1, 12), bib: text(20), hold: int(2, 600), rotate: int(0, 600), autoplay: flag, guides: flag,
  key: text(200), display: text(64), server: v => { try { return new URL(String(v).trim()).origin; } catch { return undefined; } },
};

/// One settings object from (name or fN → raw value) pairs; an empty value restores the default.
function coerce(values, fieldNames, defaults) {
  const out = {};
  for (const [key, raw] of Object.entries(values)) {
    const name = /^f\d+$/.test(key) ? fieldNames[+key.slice(1)] : key;
    if (!name || !(name in PARSERS) || raw === null || typeof raw === "object") continue;
    const value = String(raw).trim() === "" ? defaults[name] : PARSERS[name](raw);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/// CasparCG and SPX hand update() one string: JSON (CasparCG 2.1+, SPX) or the legacy templateData XML.
export function parseTemplateData(raw) {
  if (raw && typeof raw === "object") return raw;
  const source = String(raw ?? "").trim();
  if (!source) return {};
  if (source.startsWith("<")) {
    const doc = new DOMParser().parseFromString(source, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("template data: the XML does not parse");
    const values = {};
    for (const component of doc.getElementsByTagName("componentData")) {
      const data = [...component.getElementsByTagName("data")];
      const value = (data.find(d => d.getAttribute("id") === "text") ?? data[0])?.getAttribute("value");
      if (component.getAttribute("id") && value != null) values[component.getAttribute("id")] = value;
    }
    return values;
  }
  const parsed = JSON.parse(source);
  // Some controllers send the JSON text as a JSON string.
  if (typeof parsed === "string") return parseTemplateData(parsed);
  return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
}

/// Builds an element; strings become text nodes (never markup: names come from the API).
export function h(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children.flat()) if (child != null && child !== false) node.append(child instanceof Node ? child : String(child));
  return node;
}

export const formatTotal = total => Number(total ?? 0).toFixed(2);

export function defineOverlay(spec) {
  const fieldNames = [...COMMON_FIELDS, ...(spec.fields ?? [])];
  const defaults = { competition: null, stage: null, lang: "zh-en", layout: "horizontal", autoplay: false, guides: false, hold: 8,
    key: null, server: null, display: null, ...spec.defaults };
  const settings = { ...defaults, ...coerce(Object.fromEntries(new URLSearchParams(location.search)), fieldNames, defaults) };
  const body = document.body;
  const stageElement = document.getElementById("stage");
  const graphic = document.getElementById("graphic");
  const data = { competition: null, stages: new Map(), standings: new Map(), latestStage: null, latestSeq: 0, ceremony: null,
    frozen: false, changes: [], corrections: new Map() };
  let shared = null, sharedLoad = null, stage = null, feedToken = 0, refreshNonce = null, renderQueued = false;

  const o = {
    name: spec.name, settings, fieldNames, data, state: "idle", live: null,
    stageId: () => settings.stage ?? (data.ceremony ? String(data.ceremony.stageId) : data.latestStage),
    standings: (stageId = o.stageId()) => data.standings.get(stageId) ?? null,
    /// The rows to show: during a ceremony of this stage, only those revealed so far (best first).
    rows: () => o.inCeremony() ? [...data.ceremony.revealedRows].sort((a, b) => a.rank - b.rank) : o.standings()?.rows ?? [],
    inCeremony: () => data.ceremony !== null && String(data.ceremony.stageId) === o.stageId(),
    row: competitorId => o.rows().find(r => r.competitorId === competitorId) ?? null,
    changes: () => data.changes.filter(c => c.stageId === o.stageId()),
    /// Chinese first, then English, or one of them (?lang=zh | en); `p` is the lead line, `s` the second.
    pair: (zh, en) => (settings.lang === "zh" ? [[zh, "zh-CN"]] : settings.lang === "en" ? [[en || zh, "en"]] : [[zh, "zh-CN"], [en, "en"]])
      .filter(([t]) => t),
    bi(zh, en, className = "") {
      return h("span", `bi ${className}`, o.pair(zh, en).map(([t, lang], i) => {
        const span = h("span", i === 0 ? "p" : "s", t);
        span.lang = lang;
        return span;
      }));
    },
    word: key => o.bi(...(words[key] ?? [key, key])),
    stageName: (stageId = o.stageId()) => data.stages.get(stageId) ?? null,
    /// "数控铣工 CNC milling · 预赛 Preliminary", as one bilingual line.
    context(stageId = o.stageId()) {
      const c = data.competition, s = o.stageName(stageId);
      return h("span", "context", c && o.bi(c.tradeZh, c.tradeEn), c && s && " · ", s && o.bi(s.nameZh, s.nameEn));
    },
    chip: status => h("span", `chip status-${status}`, o.word(status)),
    render: () => queueRender(),
    play: () => window.play(),
    stop: () => window.stop(),
  };
  window.overlay = o; // for operators' consoles and the browser tests

  // The template contract (CasparCG html_cg_proxy and SPX): plain globals.
  window.update = raw => {
    let values;
    try { values = coerce(parseTemplateData(raw), fieldNames, defaults); } catch (error) { console.warn("overlay: update ignored", error); return; }
    const before = { ...settings };
    Object.assign(settings, values);
    if (settings.layout !== before.layout || settings.guides !== before.guides) mount();
    if (settings.server !== before.server || settings.competition !== before.competition || settings.key !== before.key) connect();
    spec.updated?.(o, before);
    renderNow();
  };
  window.play = () => {
    if (o.state === "removed") graphic.replaceChildren();
    spec.play?.(o);
    setState("in");
    renderNow();
  };
  window.next = () => { spec.next?.(o); renderNow(); };
  window.stop = () => { spec.stop?.(o); setState("out"); };
  window.remove = () => { spec.remove?.(o); setState("removed"); graphic.replaceChildren(); body.dataset.content = "0"; };

  // OBS reloads or hides sources on scene switches: an autoplaying overlay plays in again when shown.
  addEventListener("obsSourceVisibleChanged", event => {
    if (!settings.autoplay || spec.autoplay === "custom" || o.state === "removed") return;
    if (event.detail?.visible) window.play(); else setState("out");
  });
  setInterval(reportRendered, 5_000);

  setState("idle");
  body.dataset.overlay = spec.name;
  body.dataset.content = "0";
  connect();
  return o;

  function serverUrl(path) {
    return new URL(path, settings.server || location.origin).href;
  }

  /// The live client, stage scaler, SignalR and the font come from the LiveBoard server, which need not be this page's
  /// origin: SPX serves template copies from its own folder (?server= or the template's server field).
  function loadShared() {
    const base = serverUrl("/");
    if (sharedLoad?.base !== base) {
      const load = { base, promise: importShared() };
      sharedLoad = load;
      // A failed load (server away, wrong ?server=) is tried again by the next connect.
      load.promise.then(modules => { shared = modules; }, () => { if (sharedLoad === load) sharedLoad = null; });
    }
    return sharedLoad.promise;
  }

  async function importShared() {
    for (const weight of ["400", "700"]) {
      const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: serverUrl(`/lib/noto-sans-sc/${weight}.css`) });
      document.head.append(link);
    }
    if (!globalThis.signalR) await new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement("script"), { src: serverUrl("/lib/signalr/signalr.min.js"), onload: resolve, onerror: reject });
      document.head.append(script);
    });
    const [client, stageModule] = await Promise.all([
      import(serverUrl("/displays/shared/liveboard-client.js")), import(serverUrl("/displays/shared/stage.js"))]);
    return { ...client, ...stageModule };
  }

  function mount() {
    if (!shared) return;
    stage?.destroy();
    body.dataset.layout = settings.layout;
    stage = shared.mountStage(stageElement, SIZES[settings.layout]);
    stageElement.querySelectorAll(".lb-guide").forEach(g => g.remove());
    if (settings.guides) shared.showSafeAreaGuides(stageElement);
  }

  async function connect() {
    const token = ++feedToken;
    o.live?.stop();
    o.live = null;
    Object.assign(data, { competition: null, latestStage: null, latestSeq: 0, ceremony: null, frozen: false, changes: [] });
    data.standings.clear();
    data.stages.clear();
    try {
      shared = await loadShared();
    } catch (error) {
      console.warn("overlay: LiveBoard scripts did not load; trying again", error);
      setTimeout(() => token === feedToken && connect(), 5_000);
      return;
    }
    if (token !== feedToken) return;
    mount();
    if (!settings.competition) return;
    loadNames(token, settings.competition);
    const channel = `competition:${settings.competition}`;
    o.live = shared.connectLive({
      hubUrl: serverUrl("/hubs/live") + (settings.key ? `?key=${encodeURIComponent(settings.key)}` : ""),
      // Screens' commands (black out, refresh) reach only displays that carry a key.
      channels: settings.key ? [channel, "displays"] : [channel],
      onSnapshot: (name, events) => token === feedToken && applySnapshot(name, events),
      onEvent: event => token === feedToken && applyLive(event),
      // Broadcast output never shows connection trouble: the last good frame stays; this is for operators and tests.
      onState: state => { if (token === feedToken) body.dataset.live = state.status; },
      onConnected: () => token === feedToken && register(),
    });
  }

  /// Trade and stage names; retried quietly while the server is away.
  async function loadNames(token, competitionId) {
    try {
      const [competition, stages] = await Promise.all([`/api/competitions/${competitionId}`, `/api/competitions/${competitionId}/stages`]
        .map(path => fetch(serverUrl(path), { headers: { accept: "application/json" } }).then(r => r.ok ? r.json() : Promise.reject(r.status))));
      if (token !== feedToken) return;
      data.competition = competition;
      for (const s of stages) data.stages.set(String(s.id), s);
      queueRender();
    } catch {
      if (token === feedToken) setTimeout(() => token === feedToken && loadNames(token, competitionId), 5_000);
    }
  }

  function applySnapshot(channel, events) {
    if (channel === "displays") { events.forEach(applyDirective); return; }
    Object.assign(data, { latestStage: null, latestSeq: 0, ceremony: null, frozen: false });
    data.standings.clear();
    for (const event of events) apply(event);
    renderNow();
  }

  function applyLive(event) {
    if (event.channel === "displays") { applyDirective(event); return; }
    const changes = apply(event);
    if (changes.length) {
      data.changes = [...changes, ...data.changes].slice(0, 30);
      spec.changed?.(o, changes);
    }
    if (event.type === "ceremony") spec.ceremony?.(o, data.ceremony);
    renderNow();
  }

  /// Applies one event; returns the news it makes (only standings diffs and ceremony awards do).
  function apply(event) {
    const d = event.data;
    switch (event.type) {
      case "standings": {
        const before = data.standings.get(event.id);
        if (!d) { data.standings.delete(event.id); return []; }
        data.standings.set(event.id, d);
        if (event.seq >= data.latestSeq) Object.assign(data, { latestStage: event.id, latestSeq: event.seq });
        return before ? detectChanges(before, d) : [];
      }
      case "ceremony": {
        data.ceremony = d?.active ? d : null;
        const award = data.ceremony?.kind === "Award" ? data.ceremony.award : null;
        return award ? [{ kind: "award", medal: award.medal, stageId: String(d.stageId), competitorId: award.competitorId, at: Date.now() }] : [];
      }
      case "freeze": data.frozen = Boolean(d?.frozen); return [];
      case "correction": if (d) data.corrections.set(d.competitorId, Date.now()); return [];
      default: return [];
    }
  }

  /// A competitor whose total or count of marked aspects moved has a new mark; one who reaches rank 1 is a new leader.
  function detectChanges(before, after) {
    const old = new Map(before.rows.map(r => [r.competitorId, r]));
    const leadersBefore = new Set(before.rows.filter(r => r.rank === 1 && r.aspectsScored > 0).map(r => r.competitorId));
    const joint = after.rows.filter(r => r.rank === 1).length > 1;
    const stageId = String(after.stageId);
    const changes = [];
    for (const row of after.rows) {
      const was = old.get(row.competitorId);
      const moved = was && (was.total !== row.total || was.aspectsScored !== row.aspectsScored);
      const leads = row.rank === 1 && row.aspectsScored > 0 && !leadersBefore.has(row.competitorId);
      if (!moved && !leads) continue;
      const corrected = Date.now() - (data.corrections.get(row.competitorId) ?? 0) < 10_000;
      changes.push({ kind: leads ? (joint ? "joint" : "leader") : corrected ? "correction" : "mark", stageId, competitorId: row.competitorId,
        total: row.total, previousTotal: was?.total ?? null, previousRank: was?.rank ?? null, at: Date.now() });
    }
    return changes.sort((a, b) => (b.kind === "leader" || b.kind === "joint") - (a.kind === "leader" || a.kind === "joint"));
  }

  /// The display desk's commands: "all" black out / refresh / language; one display (?display=) also its competition.
  function applyDirective(event) {
    const d = event.data;
    if (!d || (d.target !== "all" && d.target !== settings.display)) return;
    body.dataset.blackout = d.blackout ? "1" : "0";
    if (LANGS.includes(d.language)) settings.lang = d.language;
    if (refreshNonce !== null && d.refreshNonce > refreshNonce) location.reload();
    refreshNonce = Math.max(refreshNonce ?? 0, d.refreshNonce ?? 0);
    if (d.target === settings.display && d.competitionId && d.competitionId !== settings.competition) {
      settings.competition = d.competitionId;
      connect();
    }
    queueRender();
  }

  function register() {
    if (!settings.key || !o.live?.invoke) return;
    o.live.invoke("RegisterDisplay", {
      displayId: settings.display, name: settings.display ?? `overlay ${spec.name}`, page: `overlays/${spec.name}`,
      language: settings.lang, viewport: `${innerWidth}x${innerHeight}`, version: VERSION, competitionId: settings.competition,
    }).catch(() => {});
  }

  function reportRendered() {
    if (!settings.key || !o.live?.invoke || o.live.state.status !== "live") return;
    const channel = `competition:${settings.competition}`;
    const seq = o.live.lastSeq(channel);
    if (seq !== null) o.live.invoke("ReportRendered", channel, seq).catch(() => {});
  }

  function setState(state) {
    o.state = state;
    body.dataset.state = state;
  }

  function queueRender() {
    if (renderQueued) return;
    renderQueued = true;
    queueMicrotask(renderNow);
  }

  /// Never an error on air: a render that throws leaves the last good frame in place.
  function renderNow() {
    renderQueued = false;
    if (o.state === "removed") return;
    let shows;
    try {
      shows = spec.render(o, graphic) !== false;
    } catch (error) {
      console.warn("overlay: render failed; keeping the last frame", error);
      return;
    }
    fitText(graphic);
    // Chinese glyphs arrive in font subsets on first use: show only once they are in, so no fallback font flashes on air.
    document.fonts.ready.then(() => {
      fitText(graphic);
      body.dataset.content = shows ? "1" : "0";
      if (shows && settings.autoplay && spec.autoplay !== "custom" && o.state === "idle") window.play();
    });
  }
}

/// Fits each `.fit` line (one line, fixed width): shrinks it a little; if that is not enough, a bilingual line drops its
/// English half (Chinese comes first) before shrinking further, down to 70 %; an ellipsis is the last resort.
export function fitText(root) {
  for (const line of root.querySelectorAll(".fit")) {
    const seconds = line.querySelectorAll(".bi > .s");
    seconds.forEach(s => s.classList.remove("dropped"));
    line.style.fontSize = "";
    const base = parseFloat(getComputedStyle(line).fontSize);
    if (shrink(line, base, seconds.length ? 0.85 : 0.7) || !seconds.length) continue;
    seconds.forEach(s => s.classList.add("dropped"));
    line.style.fontSize = "";
    shrink(line, base, 0.7);
  }
}

function shrink(line, base, least) {
  for (let size = base; line.scrollWidth > line.clientWidth + 1;) {
    if (size <= base * least) return false;
    size = Math.max(size * 0.95, base * least);
    line.style.fontSize = `${size}px`;
  }
  return true;
}
