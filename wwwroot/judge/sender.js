// Offline-first mark entry. Every mark is written to the device's queue (IndexedDB) before anything is sent, with an
// idempotency key made at entry; the sender sends the queue in the order it was entered whenever the server can be
// reached. A lost answer, a timeout or a dead network is retried with the same key, and the server answers a repeated
// key with the first mark, so a mark is never counted twice. A refusal (4xx) stays on screen until the judge deals with it.
import { queue } from "./store.js";

const TIMEOUT_MS = 15_000; // workshop Wi-Fi can swallow a request without ever failing it
const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 30_000;
const SAFETY_PUMP_MS = 15_000;

/// An idempotency key. crypto.randomUUID needs a secure context (https or localhost); a venue server on a plain-http LAN
/// address is not one, so fall back to getRandomValues, which works everywhere.
export function newKey() {
  if (globalThis.crypto?.randomUUID && globalThis.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map(x => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/// This tablet's name in the audit trail ("from which device"), kept across sessions and judges.
export function deviceId() {
  const name = "liveboard.judge.device";
  let id = localStorage.getItem(name);
  if (!id) {
    id = `tablet-${newKey().slice(0, 8)}`;
    localStorage.setItem(name, id);
  }
  return id;
}

const sameCell = (a, b) => a.competitionId === b.competitionId && a.aspectId === b.aspectId && a.competitorId === b.competitorId;

export function createSender({ judgeId, device = deviceId(), onChange = () => {}, onSent = () => {}, onSignedOut = () => {} }) {
  let entries = [];
  let inFlight = null; // key of the entry on the wire
  let pumping = false, again = false, stopped = false;
  let failures = 0; // consecutive network failures, for the backoff
  let unreachable = false; // the last try could not reach the server
  let signedOut = false;
  let retryTimer = null;
  let retryAfter = null; // the server's Retry-After, in ms, for the next wait
  let chain = Promise.resolve();

  // Every change of the queue runs one at a time and starts from what is on disk (another tab may have changed it).
  const serial = work => {
    const run = chain.then(async () => {
      entries = await queue.all();
      try {
        return await work();
      } finally {
        entries = await queue.all(); // what the screen shows next
      }
    });
    chain = run.catch(() => {});
    return run;
  };
  const mine = () => entries.filter(e => e.judgeId === judgeId);
  const changed = () => onChange(api.status());

  const online = () => { failures = 0; unreachable = false; pump(); };
  const offline = () => changed();
  const visible = () => { if (document.visibilityState === "visible") pump(); };
  addEventListener("online", online);
  addEventListener("offline", offline);
  document.addEventListener("visibilitychange", visible);
  // Events can be missed (a tablet asleep); a slow heartbeat makes sure nothing waits forever.
  const heartbeat = setInterval(() => { if (!inFlight && mine().some(e => e.state === "queued")) pump(); }, SAFETY_PUMP_MS);

  const api = {
    /// The judge's entries still on the device: queued (not yet accepted) and refused (waiting to be dismissed or fixed).
    get entries() { return mine(); },
    get inFlight() { return inFlight; },

    /// The entry of a cell that is still on the device, if any (the newest one).
    pendingFor(cell) { return mine().filter(e => sameCell(e, cell)).at(-1) ?? null; },

    /// Does entering a new value for this cell correct a mark the server may already hold (and so need a reason)?
    needsReason(cell) {
      const last = api.pendingFor(cell);
      if (last?.state === "queued") return last.attempts > 0 || last.key === inFlight; // untried: changed in place
      return cell.myMarkId != null;
    },

    /// Queues a value for a cell: { competitionId, moduleId, aspectId, competitorId, myMarkId }. A value that never left
    /// the device is replaced in place; one the server holds, or may hold, is corrected (reason required).
    enter(cell, value, reason = null) {
      return serial(async () => {
        const base = { competitionId: cell.competitionId, moduleId: cell.moduleId, aspectId: cell.aspectId, competitorId: cell.competitorId };
        const cellEntries = mine().filter(e => sameCell(e, base));
        const last = cellEntries.at(-1);
        if (last?.state === "queued" && last.attempts === 0 && last.key !== inFlight) {
          // Never sent: nothing at the server to correct. A new key, since it is a different submission now.
          Object.assign(last, { value, key: newKey(), enteredAt: new Date().toISOString() });
          if (last.kind === "correction" && reason) last.reason = reason;
          await queue.put(last);
          return last;
        }
        // A refusal is replaced by the new entry: fixing it is entering the value again.
        const refused = cellEntries.filter(e => e.state === "refused");
        const pending = cellEntries.filter(e => e.state === "queued").at(-1);
        const target = pending ? { markId: null, supersedesKey: pending.key } : cell.myMarkId != null ? { markId: cell.myMarkId, supersedesKey: null } : null;
        if (target && !reason?.trim()) throw new Error("更正必须填写原因 / A correction needs a reason");
        const entry = {
          key: newKey(), kind: target ? "correction" : "mark", judgeId, ...base, value,
          reason: target ? reason.trim() : null, markId: target?.markId ?? null, supersedesKey: target?.supersedesKey ?? null,
          device, enteredAt: new Date().toISOString(), state: "queued", attempts: 0, refusal: null,
        };
        for (const r of refused) await queue.remove(r.seq);
        entry.seq = await queue.add(entry);
        return entry;
      }).finally(() => { changed(); pump(); });
    },

    /// The judge has read a refusal: it leaves the device (the server never had it).
    dismiss(key) {
      return serial(async () => {
        const entry = mine().find(e => e.key === key && e.state === "refused");
        if (entry) await queue.remove(entry.seq);
      }).finally(changed);
    },

    status() {
      const waiting = mine().filter(e => e.state === "queued").length;
      const refused = mine().filter(e => e.state === "refused").length;
      const state = signedOut ? "signed-out"
        : inFlight ? "sending"
        : !navigator.onLine || (unreachable && waiting > 0) ? "offline"
        : waiting > 0 ? "waiting" : "synced";
      return { state, waiting, refused };
    },

    /// After signing in again (the cookie had expired): send what waited.
    resume() { signedOut = false; failures = 0; pump(); },

    pump,

    /// Loads the queue from disk and starts sending (the page may have been reloaded with marks waiting).
    async start() {
      await serial(() => {});
      changed();
      pump();
    },

    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      removeEventListener("online", online);
      removeEventListener("offline", offline);
      document.removeEventListener("visibilitychange", visible);
    },
  };

  async function pump() {
    if (stopped || signedOut) return;
    if (pumping) { again = true; return; }
    pumping = true;
    clearTimeout(retryTimer);
    try {
      do {
        again = false;
        while (!stopped && !signedOut) {
          if (!navigator.onLine) { changed(); return; }
          const next = await serial(async () => {
            const entry = mine().find(e => e.state === "queued");
            if (!entry) return null;
            entry.attempts++;
            await queue.put(entry);
            inFlight = entry.key;
            return { ...entry };
          });
          if (!next) break;
          changed();
          const outcome = await send(next);
          inFlight = null;
          if (outcome === "retry") { scheduleRetry(retryAfter); retryAfter = null; return; }
          if (outcome === "signed-out") { signedOut = true; onSignedOut(); return; }
        }
      } while (again);
    } finally {
      pumping = false;
      inFlight = null;
      changed();
    }
  }

  function scheduleRetry(after = null) {
    clearTimeout(retryTimer);
    // Full jitter: after an outage every tablet in the hall must not come back in the same second.
    const delay = after ?? 250 + Math.floor(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1)));
    retryTimer = setTimeout(pump, delay);
  }

  /// One attempt: "sent", "refused", "retry" or "signed-out".
  async function send(entry) {
    if (entry.kind === "correction" && entry.markId == null) {
      await refuse(entry, { status: 0, messages: ["找不到要更正的评分 / The mark to correct is unknown"] });
      return "refused";
    }
    const url = entry.kind === "correction"
      ? `/api/competitions/${entry.competitionId}/marks/${entry.markId}/corrections`
      : `/api/competitions/${entry.competitionId}/marks`;
    const body = entry.kind === "correction"
      ? { value: entry.value, reason: entry.reason, idempotencyKey: entry.key, device: entry.device }
      : { aspectId: entry.aspectId, competitorId: entry.competitorId, judgeId: entry.judgeId, value: entry.value,
          idempotencyKey: entry.key, device: entry.device };
    let response, data;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      response = await fetch(url, {
        method: "POST", credentials: "same-origin", signal: abort.signal,
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    } catch {
      // No answer (network down, answer lost, timeout): the server may or may not have the mark. The same key makes
      // the retry safe either way.
      failures++;
      unreachable = true;
      return "retry";
    } finally {
      clearTimeout(timer);
    }
    unreachable = false;
    if (response.ok && data?.id != null) {
      failures = 0;
      await serial(async () => {
        const stored = mine().find(e => e.key === entry.key);
        if (stored) await queue.remove(stored.seq);
        // Corrections waiting on this entry now know which mark they correct.
        for (const dependent of mine().filter(e => e.supersedesKey === entry.key)) {
          Object.assign(dependent, { markId: data.id, supersedesKey: null });
          await queue.put(dependent);
        }
      });
      onSent(entry, data);
      return "sent";
    }
    if (response.status === 401) return "signed-out";
    if (response.status === 429 || response.status === 408 || response.status >= 500 || response.ok) {
      failures++;
      const after = Number(response.headers.get("retry-after"));
      retryAfter = Number.isFinite(after) && after > 0 ? after * 1000 : null;
      return "retry";
    }
    await refuse(entry, { status: response.status, title: data?.title ?? `HTTP ${response.status}`, messages: messagesOf(data) });
    return "refused";
  }

  function refuse(entry, refusal) {
    return serial(async () => {
      const stored = mine().find(e => e.key === entry.key);
      if (!stored) return;
      Object.assign(stored, { state: "refused", refusal });
      await queue.put(stored);
      // A correction of a refused mark has nothing to correct: it is refused with it, and says why.
      for (const dependent of mine().filter(e => e.supersedesKey === entry.key && e.state === "queued")) {
        Object.assign(dependent, { state: "refused", refusal: { status: 0, messages: ["所更正的评分未被接受 / The mark this corrects was refused"] } });
        await queue.put(dependent);
      }
    });
  }

  return api;
}

/// The server's reasons, each already "中文 / English"; the title when no field is named.
function messagesOf(problem) {
  const messages = Object.values(problem?.errors ?? {}).flat();
  return messages.length ? messages : [problem?.title ?? "服务器拒绝了此评分 / The server refused this mark"];
}
