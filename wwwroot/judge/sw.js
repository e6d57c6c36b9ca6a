// The judge app's service worker: keeps the app itself (page, scripts, styles, font) on the tablet, so a judge who
// reloads or reopens the app with no network still reaches their queued marks and saved sheet. The API is never
// touched here: marks go through the app's own queue, and data comes from the app's IndexedDB copy.
// Service workers need a secure context: https, or localhost.
const CACHE = "liveboard-judge-shell-v1";
const SHELL = [
  "/judge/", "/judge/judge.css", "/judge/judge.js", "/judge/sender.js", "/judge/store.js", "/judge/values.js",
  "/js/common.js", "/css/site.css", "/lib/noto-sans-sc/400.css", "/lib/noto-sans-sc/700.css",
  "/lib/signalr/signalr.min.js", "/displays/shared/liveboard-client.js",
];
// Waiting longer than this for the network on bad Wi-Fi is worse than showing the copy on the tablet.
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith("liveboard-judge-") && k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/hubs/")) return;
  if (request.mode === "navigate") {
    // Any /judge/?c=…&m=… address opens the one page.
    event.respondWith(networkFirst(request, "/judge/"));
  } else if (url.pathname.startsWith("/lib/noto-sans-sc/files/")) {
    // Font files never change under the same name: the copy is as good as the network, and faster.
    event.respondWith(caches.match(request).then(hit => hit ?? fetchAndKeep(request)));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});

async function fetchAndKeep(request, key = request) {
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(key, response.clone());
  }
  return response;
}

/// The network's answer when it comes in time (and keep it), else the copy on the tablet; the network's error when
/// there is no copy either.
async function networkFirst(request, key) {
  const network = fetchAndKeep(request, key);
  network.catch(() => {}); // lost the race and then failed: nobody is waiting for it
  const timeout = new Promise(resolve => setTimeout(resolve, NETWORK_WAIT_MS, null));
  try {
    const response = await Promise.race([network, timeout]);
    if (response) return response;
  } catch { /* offline: fall through to the copy */ }
  const copy = await caches.match(key);
  return copy ?? network;
}
