// The judge app's storage on the device (IndexedDB): the queue of marks not yet accepted by the server, which must
// survive a reload, a crash or a flat battery, and the last answers of the API, so a judge keeps working offline.

const NAME = "liveboard-judge";
const VERSION = 1;
let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(NAME, VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      // seq keeps the order marks were entered in: the sender sends them in that order.
      const queue = db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      queue.createIndex("key", "key", { unique: true });
      db.createObjectStore("cache", { keyPath: "url" });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, and open again on the next call.
      db.onversionchange = () => { db.close(); opening = null; };
      resolve(db);
    };
    request.onerror = () => { opening = null; reject(request.error); };
  });
  return opening;
}

const done = request => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

/// Runs work(stores) in one transaction and resolves with its result once the transaction has committed,
/// so a caller never reports a mark as queued before it is on disk.
async function transact(names, mode, work) {
  const db = await open();
  const tx = db.transaction(names, mode, { durability: "strict" });
  const committed = new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
  const stores = Object.fromEntries(names.map(n => [n, tx.objectStore(n)]));
  const result = await work(stores);
  await committed;
  return result;
}

export const queue = {
  all: () => transact(["queue"], "readonly", s => done(s.queue.getAll())),
  add: entry => transact(["queue"], "readwrite", s => done(s.queue.add(entry))),
  put: entry => transact(["queue"], "readwrite", s => done(s.queue.put(entry))),
  remove: seq => transact(["queue"], "readwrite", s => done(s.queue.delete(seq))),
  /// Read-modify-write of the whole queue in one transaction: change(entries) returns { put: [...], remove: [seq] }.
  update: change => transact(["queue"], "readwrite", async s => {
    const { put = [], remove = [] } = change(await done(s.queue.getAll())) ?? {};
    for (const entry of put) s.queue.put(entry);
    for (const seq of remove) s.queue.delete(seq);
  }),
};

export const cache = {
  get: async url => (await transact(["cache"], "readonly", s => done(s.cache.get(url)))) ?? null,
  put: (url, data) => transact(["cache"], "readwrite", s => done(s.cache.put({ url, data, at: new Date().toISOString() }))),
  clear: () => transact(["cache"], "readwrite", s => done(s.cache.clear())),
};
