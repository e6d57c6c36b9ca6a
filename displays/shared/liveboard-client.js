// LiveBoard live client: follows the client rules of docs/live-protocol.md so that pages (results, screens,
// overlays) only ever see an ordered, gap-free stream of full-state events per channel.
// Load /lib/signalr/signalr.min.js (global `signalR`) before importing this module.
//
//   const live = connectLive({
//     channels: ["competition:2"],
//     onSnapshot(channel, events) { /* drop what you hold for channel, then apply events */ },
//     onEvent(event) { /* the next event of event.channel, in seq order; a stage's standings come whole, as one
//                         `standings` event, although the wire carries only the rows that changed */ },
//     onState(state) { /* { status, offlineSince, lastUpdate } */ },
//     onConnected() { /* after every (re)connect, once every channel's subscribe has returned */ },
//   });
//   live.stop(); live.state; live.lastSeq("competition:2");
//   await live.invoke("RegisterDisplay", hello);   // any hub method; rejects while disconnected
//
// hubUrl may carry a query (screens and overlays pass "/hubs/live?key=" + encodeURIComponent(key)): SignalR keeps it on
// negotiate and on the WebSocket URL, where the server authenticates it.
// onConnected is the place for per-connection work that must follow every reconnect (RegisterDisplay, say): the server
// forgets a connection's registrations when it drops, including across a server restart.

const RETRY_BASE_MS = 500;
const RETRY_CAP_MS = 30_000;
const HEAD_JITTER_MS = 1_000;

/// Full jitter: a server restart must not bring every screen back in the same second.
export function retryDelay(attempt, random = Math.random) {
  return Math.floor(random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
}

export function connectLive({ hubUrl = "/hubs/live", channels, onSnapshot = () => {}, onEvent = () => {}, onState = () => {},
  onConnected = () => {}, logLevel } = {}) {
  const signalR = globalThis.signalR;
  if (!signalR) throw new Error("liveboard-client: load /lib/signalr/signalr.min.js before this module");

  // Per channel: the last applied seq (null: nothing yet, the next subscribe asks for a snapshot), whether a subscribe
  // is in flight, whether another is needed once it returns, and the pushes held meanwhile (rule 3).
  const subscriptions = new Map(channels.map(name => [name, { last: null, busy: false, again: false, held: [], behindOn: null }]));
  // Per channel and stage: the `stage` and `row` events, put back together as one `standings` event for the pages
  // (the wire carries only the rows that changed; docs/live-protocol.md, "Standings on the wire").
  const stages = new Map(channels.map(name => [name, new Map()]));
  let epoch = null;
  let connected = false;
  let everLive = false;
  let lost = false; // a try failed or the link dropped: from then on, disconnected means offline, not connecting
  let stopped = false;
  let restartAttempt = 0;
  let restartTimer = null;
  const state = { status: "connecting", offlineSince: null, lastUpdate: null };

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(hubUrl)
    // Never returns null, so SignalR never gives up (its default gives up after four tries).
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => retryDelay(context.previousRetryCount) })
    // Connection trouble is reported through onState; SignalR's own error lines would only repeat it in the console.
    .configureLogging(logLevel ?? signalR.LogLevel.None)
    .build();

  // A push covers seqs from..to of one channel and carries the last state of each object changed in that range.
  connection.on("Events", batch => {
    if (dropForTest()) return;
    const sub = subscriptions.get(batch.channel);
    if (!sub) return;
    if (sub.busy || sub.last === null) { sub.held.push(batch); return; }
    if (batch.to <= sub.last) return;
    if (batch.from <= sub.last + 1) { applyBatch(sub, batch); report(); return; }
    // A gap: pushes were lost. Hold this one and ask for what is missing (rule 2).
    sub.held.push(batch);
    subscribe(batch.channel);
  });

  // Heads come one channel at a time. A head above what we hold may be a push still on its way, so it is acted on only
  // when the next head finds us still behind it, after a random pause: a busy moment never turns into a herd (rule 4).
  connection.on("Heads", message => {
    if (epoch !== null && message.epoch !== epoch) { newEpoch(message.epoch); return; }
    let current = true;
    for (const [name, head] of Object.entries(message.heads)) {
      const sub = subscriptions.get(name);
      if (!sub) continue;
      const behind = sub.last === null || head > sub.last;
      if (!behind) { sub.behindOn = null; continue; }
      current = false;
      if (sub.busy) continue;
      if (sub.behindOn !== null && sub.last !== null && sub.last < sub.behindOn) {
        sub.behindOn = null;
        const last = sub.last;
        setTimeout(() => { if (sub.last === last && connected) subscribe(name); }, Math.floor(Math.random() * HEAD_JITTER_MS));
      } else sub.behindOn = head;
    }
    if (current) { state.lastUpdate = new Date(); report(); }
  });

  connection.onreconnecting(() => { connected = false; lost = true; report(); });
  // Group membership does not survive a reconnect: subscribing again restores it and fetches what was missed (rule 1).
  connection.onreconnected(() => { connected = true; subscribeAll().then(connectedAgain); });
  // Automatic reconnect never gives up, but onclose still fires when the transport fails in ways it does not cover.
  connection.onclose(() => { connected = false; lost = true; report(); scheduleRestart(); });

  // A device that loses its network says so at once, while its WebSocket can look alive until SignalR's 30 s server
  // timeout (Chromium's offline mode even holds the frames back without closing the socket). Report offline and drop
  // the link on the spot; when the network returns, reconnect now instead of waiting out the backoff.
  const goneOffline = () => { if (!stopped) connection.stop(); };
  const backOnline = () => {
    if (stopped || connection.state !== signalR.HubConnectionState.Disconnected) return;
    clearTimeout(restartTimer);
    restartTimer = setTimeout(start, retryDelay(0));
  };
  globalThis.addEventListener?.("offline", goneOffline);
  globalThis.addEventListener?.("online", backOnline);

  start();

  return {
    stop() {
      stopped = true;
      clearTimeout(restartTimer);
      globalThis.removeEventListener?.("offline", goneOffline);
      globalThis.removeEventListener?.("online", backOnline);
      return connection.stop();
    },
    get state() { return { ...state }; },
    lastSeq(channel) { return subscriptions.get(channel)?.last ?? null; },
    /// Calls a hub method on the live connection; rejects while disconnected (callers retry from onConnected).
    invoke(method, ...args) {
      if (!connected) return Promise.reject(new Error(`liveboard-client: not connected, ${method} not sent`));
      return connection.invoke(method, ...args);
    },
  };

  async function start() {
    if (stopped) return;
    try {
      await connection.start();
      restartAttempt = 0;
      connected = true;
      subscribeAll().then(connectedAgain);
    } catch {
      // The server is down or unreachable at load: keep trying with the same jittered backoff (rule 5).
      lost = true;
      report();
      scheduleRestart();
    }
  }

  function scheduleRestart() {
    if (stopped || connection.state !== signalR.HubConnectionState.Disconnected) return;
    clearTimeout(restartTimer);
    restartTimer = setTimeout(start, retryDelay(restartAttempt++));
  }

  /// Resolves once every channel's subscribe has returned (or failed: subscribe never rejects).
  function subscribeAll() {
    const all = Promise.all([...subscriptions.keys()].map(subscribe));
    report();
    return all;
  }

  function connectedAgain() {
    if (!connected || stopped) return;
    try { onConnected(); } catch (error) { console.warn("liveboard-client: onConnected failed", error); }
  }

  async function subscribe(name) {
    const sub = subscriptions.get(name);
    if (sub.busy) { sub.again = true; return; }
    sub.busy = true;
    report();
    try {
      do {
        sub.again = false;
        const since = sub.last;
        const reply = await connection.invoke("Subscribe", name, since);
        applyReply(sub, reply);
      } while (sub.again && connected);
    } catch (error) {
      // The connection dropped mid-call (the reconnect subscribes again) or the server refused the channel.
      if (connected) console.warn(`liveboard-client: subscribe ${name} failed`, error);
    } finally {
      sub.busy = false;
      report();
    }
    // Asked for again while the failed call was out (a reconnect racing with it): go round once more.
    if (sub.again && connected) subscribe(name);
  }

  function applyReply(sub, reply) {
    if (epoch !== null && reply.epoch !== epoch) {
      // The log was replaced (restored or new database): every seq we hold means nothing now.
      newEpoch(reply.epoch);
      return;
    }
    epoch = reply.epoch;
    if (reply.snapshot) {
      sub.last = reply.head;
      onSnapshot(reply.channel, assembleSnapshot(reply.channel, reply.events));
    } else {
      for (const event of reply.events) if (event.seq > sub.last) apply(sub, event);
      sub.last = Math.max(sub.last, reply.head);
    }
    // Pushes that arrived during the call: apply those after the reply's head, in order; a gap among them means
    // more pushes were lost, so go round again (rules 2 and 3).
    const held = sub.held.sort((a, b) => a.from - b.from);
    sub.held = [];
    for (let i = 0; i < held.length; i++) {
      const batch = held[i];
      if (batch.to <= sub.last) continue;
      if (batch.from > sub.last + 1) { sub.held = held.slice(i); sub.again = true; break; }
      applyBatch(sub, batch);
    }
    flushStandings(reply.channel);
    state.lastUpdate = new Date();
  }

  function apply(sub, event) {
    sub.last = event.seq;
    state.lastUpdate = new Date();
    if (event.type === "stage" || event.type === "row") collect(event);
    else onEvent(event);
  }

  function collect(event) {
    const byStage = stages.get(event.channel);
    const stageId = event.type === "stage" ? event.id : event.id.split("-")[0];
    if (!byStage.has(stageId)) byStage.set(stageId, { head: null, rows: new Map(), changed: null });
    const stage = byStage.get(stageId);
    if (event.type === "stage") stage.head = event.data;
    else if (event.data) stage.rows.set(event.id, event.data);
    else stage.rows.delete(event.id);
    stage.changed = event;
  }

  /// One `standings` event per stage that changed, once the batch or reply that changed it is applied.
  function flushStandings(channel) {
    for (const [stageId, stage] of stages.get(channel)) {
      if (!stage.changed) continue;
      const { seq, at, token } = stage.changed;
      stage.changed = null;
      onEvent({ channel, seq, type: "standings", id: stageId, data: standingsOf(stage), at, token });
    }
  }

  function assembleSnapshot(channel, events) {
    stages.get(channel).clear();
    const others = [];
    for (const event of events) {
      if (event.type === "stage" || event.type === "row") collect(event); else others.push(event);
    }
    const assembled = [];
    for (const [stageId, stage] of stages.get(channel)) {
      const { seq, at, token } = stage.changed;
      stage.changed = null;
      if (stage.head) assembled.push({ channel, seq, type: "standings", id: stageId, data: standingsOf(stage), at, token });
    }
    return [...others, ...assembled].sort((a, b) => a.seq - b.seq);
  }

  function standingsOf(stage) {
    if (!stage.head) return null;
    const { rowCount, ...head } = stage.head;
    return { ...head, rows: [...stage.rows.values()].sort((a, b) => a.position - b.position).map(r => r.row) };
  }

  /// The events of a batch we have not applied yet, then its end: objects left out of it changed again within it.
  function applyBatch(sub, batch) {
    for (const event of batch.events) if (event.seq > sub.last) apply(sub, event);
    sub.last = Math.max(sub.last, batch.to);
    flushStandings(batch.channel);
    state.lastUpdate = new Date();
  }

  function newEpoch(value) {
    epoch = value;
    for (const [name, sub] of subscriptions) {
      stages.get(name).clear();
      sub.last = null;
      sub.held = [];
      subscribe(name);
    }
  }

  function report() {
    const behind = [...subscriptions.values()].some(s => s.busy || s.last === null);
    const status = !connected ? (lost ? "offline" : "connecting")
      : behind ? (everLive ? "catching-up" : "connecting")
      : "live";
    // offlineSince is the moment the link was lost (or the first try failed) and stays put until live again.
    if (status === "offline") state.offlineSince ??= new Date();
    if (status === "live") { everLive = true; state.offlineSince = null; }
    state.status = status;
    onState({ ...state });
  }
}

// Test seam (tests/LiveBoard.Browser.Tests): `window.__liveboardDropNext = n` makes the client ignore the next n pushed
// batches, as if the backplane had lost them, so a test can watch Heads find the gap. Unused in production.
function dropForTest() {
  if (!(globalThis.__liveboardDropNext > 0)) return false;
  globalThis.__liveboardDropNext--;
  return true;
}
