// Ticker: a line of the latest results scrolling right to left: the latest news first, then the top ?top= of the stage.
// New results join right after the items already in view, so the line never jumps. With prefers-reduced-motion the
// line stands still and shows one item at a time, changing every few seconds; next() shows the next item at once.
import { defineOverlay, h, formatTotal } from "./overlay-common.js";

const SPEED = 110;     // stage px per second
const STILL_MS = 6_000;
const reduced = matchMedia("(prefers-reduced-motion: reduce)");
let cycle = [];        // what the line repeats: { key, news, row }
let cursor = 0;        // the next cycle item to append
let offset = 0;        // the track's x in stage px
let track = null, windowBox = null, frame = null, lastTick = 0, shownKey = null, still = 0, stillTimer = null, overlay = null;

defineOverlay({
  name: "ticker",
  fields: ["top"],
  defaults: { top: 10 },
  play(o) { overlay = o; start(); },
  next(o) {
    if (isStill()) { still++; showStill(o); return; }
    // Skip what is in view: the line starts again from the next item.
    track?.replaceChildren();
    offset = windowBox?.clientWidth ?? 0;
  },
  stop() { stopTicking(); },
  remove() { stopTicking(); track = windowBox = shownKey = null; cycle = []; },
  render(o, graphic) {
    overlay = o;
    const items = itemsOf(o);
    if (!items.length) return false;
    const key = JSON.stringify([items.map(i => i.key), o.settings.lang, o.data.competition?.id, isStill()]);
    if (!track || graphic.dataset.lang !== o.settings.lang) build(o, graphic);
    if (key !== shownKey) {
      shownKey = key;
      cycle = items;
      cursor = 0;
      if (isStill()) { still = 0; showStill(o); } else { dropUnseen(); fill(o); }
    }
    start();
    return true;
  },
});

reduced.addEventListener("change", () => { shownKey = null; track?.replaceChildren(); overlay?.render(); });

function itemsOf(o) {
  const seen = new Set();
  const news = o.changes().filter(c => !seen.has(c.competitorId) && seen.add(c.competitorId)).slice(0, 5)
    .map(c => ({ key: `n${c.competitorId}@${c.at}`, news: c, row: o.row(c.competitorId) })).filter(i => i.row);
  const rows = o.rows().slice(0, o.settings.top).map(row => ({ key: `r${row.competitorId}:${row.rank}:${row.total}:${row.status}`, row }));
  return [...news, ...rows];
}

function build(o, graphic) {
  graphic.className = `ticker${isStill() ? " static" : ""}`;
  graphic.dataset.lang = o.settings.lang;
  track = h("div", "track");
  windowBox = h("div", "window", track);
  graphic.replaceChildren(h("div", "tag", o.bi("最新成绩", "Latest results")), windowBox);
  offset = 0;
  shownKey = null;
}

function itemElement(o, { news, row }) {
  const item = h("span", "item",
    news && h("span", "new", o.word(news.kind)),
    h("span", "pos", row.rank),
    h("span", "n", o.bi(row.nameZh, row.nameEn)),
    h("span", "t", formatTotal(row.total)),
    o.chip(row.status));
  item.dataset.bib = row.bib;
  return item;
}

const isStill = () => reduced.matches;

function showStill(o) {
  if (!track || !cycle.length) return;
  track.parentElement.parentElement.classList.add("static");
  track.style.transform = "";
  track.replaceChildren(itemElement(o, cycle[still % cycle.length]));
  clearInterval(stillTimer);
  stillTimer = setInterval(() => { still++; showStill(o); }, STILL_MS);
}

/// Items not yet scrolled into view make way for the new cycle (news first).
function dropUnseen() {
  if (!track || !windowBox) return;
  for (const item of [...track.children].reverse()) if (item.offsetLeft + offset >= windowBox.clientWidth) item.remove();
}

/// Keeps the track at least two windows wide, appending from the cycle.
function fill(o) {
  if (!track || !cycle.length) return;
  for (let guard = 0; track.scrollWidth + offset < windowBox.clientWidth * 2 && guard < 200; guard++)
    track.append(itemElement(o, cycle[cursor++ % cycle.length]));
}

function start() {
  if (frame || isStill() || !overlay || overlay.state !== "in") return;
  lastTick = performance.now();
  frame = requestAnimationFrame(tick);
}

function tick(now) {
  frame = null;
  if (!track || isStill() || overlay.state !== "in") return;
  offset -= SPEED * Math.min(0.1, (now - lastTick) / 1000);
  lastTick = now;
  // An item gone off the left edge leaves the track; the track moves right by its width so nothing jumps.
  for (let first = track.firstElementChild; first && first.offsetLeft + first.offsetWidth + offset < 0; first = track.firstElementChild) {
    offset += first.offsetWidth;
    first.remove();
  }
  fill(overlay);
  track.style.transform = `translateX(${offset}px)`;
  frame = requestAnimationFrame(tick);
}

function stopTicking() {
  if (frame) cancelAnimationFrame(frame);
  frame = null;
  clearInterval(stillTimer);
}
