// Pieces the big-screen pages share: status badges, medal marks, shrink-to-fit text, keyed lists that animate moves
// (FLIP), and paging through lists longer than a screen.
import { el, bi, words } from "/displays/shared/display-text.js";
import { reducedMotion } from "/displays/shared/stage.js";

export function statusBadge(status) {
  return el("span", { class: "lb-status", "data-status": status }, bi(words.resultStatus[status] ?? { zh: status, en: status }));
}

export function medalMark(medal) {
  if (!medal || medal === "None") return el("span", { class: "medal-slot" });
  return el("span", { class: "lb-medal", "data-medal": medal, title: `${words.medal[medal].zh} ${words.medal[medal].en}` },
    el("span", { class: "zh" }, words.medalShort[medal]), el("span", { class: "en" }, medal[0]));
}

export function caption(...children) {
  return el("div", { class: "page-caption" }, ...children);
}

/// Shrinks the text of each `.fit` element under root until it fits its box (to 60 % at most; past that the CSS
/// ellipsis takes over). Long English names and organisations must never run into the next column. With both
/// languages stacked, each line shrinks on its own, so a long English line does not make the Chinese one small.
export function fitText(root) {
  for (const box of root.querySelectorAll(".fit")) {
    box.style.fontSize = "";
    box.classList.remove("wrapped");
    const lines = [...box.querySelectorAll(".bi.stack > span")];
    for (const line of lines) line.style.fontSize = "";
    const shown = lines.filter(line => line.offsetHeight > 0);
    if (shown.length >= 2) {
      for (const line of shown) {
        if (line.clientWidth <= 0 || line.scrollWidth <= line.clientWidth + 1) continue;
        const size = parseFloat(getComputedStyle(line).fontSize);
        line.style.fontSize = `${Math.max(size * 0.6, Math.floor(size * line.clientWidth / line.scrollWidth * 0.98))}px`;
      }
      if (widthRatio(box) >= 1) continue;
    }
    let ratio = widthRatio(box);
    if (ratio >= 1) continue;
    const base = parseFloat(getComputedStyle(box).fontSize);
    // A `.wrap2` box with one visible line may take a second line rather than shrink far (long English organisations).
    if (box.classList.contains("wrap2") && ratio < 0.8 && visibleLines(box) === 1) {
      box.classList.add("wrapped");
      box.style.fontSize = `${Math.floor(base * 0.85)}px`;
      if (box.scrollHeight <= box.clientHeight + 1 && widthRatio(box) >= 1) continue;
      box.classList.remove("wrapped");
      box.style.fontSize = "";
      ratio = widthRatio(box);
    }
    box.style.fontSize = `${Math.max(base * 0.6, Math.floor(base * ratio * 0.98))}px`;
  }
}

/// Stacked lines clip on their own (each has its ellipsis), so each line is measured as well as the box.
function widthRatio(box) {
  let ratio = 1;
  for (const part of [box, ...box.querySelectorAll(".bi.stack > span")])
    if (part.clientWidth > 0 && part.scrollWidth > part.clientWidth + 1) ratio = Math.min(ratio, part.clientWidth / part.scrollWidth);
  return ratio;
}

function visibleLines(box) {
  const stacked = [...box.querySelectorAll(".bi.stack > span")].filter(s => s.offsetHeight > 0);
  return Math.max(1, stacked.length);
}

/// Renders items into list, reusing each item's node by key, and animates the nodes that moved from where they were
/// (First, Last, Invert, Play). offsetTop is layout px, so the stage's scale does not matter.
export function renderKeyed(list, nodes, items, { key, create, update, animate = true }) {
  const before = new Map();
  for (const [k, node] of nodes) if (node.parentElement === list) before.set(k, node.offsetTop);
  const wanted = items.map((item, index) => {
    const k = key(item, index);
    let node = nodes.get(k);
    if (!node) { node = create(item, index); nodes.set(k, node); }
    update(node, item, index);
    return node;
  });
  // Keep the node map from growing without bound (competitors come and go across stages and competitions).
  const keep = new Set(items.map((item, index) => key(item, index)));
  for (const k of [...nodes.keys()]) if (!keep.has(k)) nodes.delete(k);
  list.replaceChildren(...wanted);
  if (!animate || reducedMotion() || typeof Element.prototype.animate !== "function") return;
  for (const [i, node] of wanted.entries()) {
    const k = key(items[i], i);
    const old = before.get(k);
    if (old === undefined) {
      node.animate([{ opacity: 0 }, { opacity: 1 }], { duration: 450, easing: "ease-out" });
      continue;
    }
    const dy = old - node.offsetTop;
    if (Math.abs(dy) > 1) {
      node.animate([{ transform: `translateY(${dy}px)` }, { transform: "translateY(0)" }],
        { duration: 900, easing: "cubic-bezier(.2,.75,.25,1)" });
    }
  }
}

/// Splits a long list into screenfuls and moves to the next every few seconds while its page shows.
export class Pager {
  constructor(onTurn, everyMs = 10_000) {
    this.index = 0;
    this.count = 1;
    this.onTurn = onTurn;
    this.everyMs = everyMs;
    this.timer = null;
  }

  slice(items, perPage) {
    this.count = Math.max(1, Math.ceil(items.length / perPage));
    if (this.index >= this.count) this.index = 0;
    return { items: items.slice(this.index * perPage, (this.index + 1) * perPage), from: this.index * perPage, total: items.length };
  }

  start() {
    this.stop();
    this.index = 0;
    this.timer = setInterval(() => {
      if (this.count < 2) return;
      this.index = (this.index + 1) % this.count;
      this.onTurn();
    }, this.everyMs);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }
}

/// "1–10 / 24" when a list spans several screens, nothing otherwise.
export function pageRange({ from, items, total }) {
  if (items.length >= total) return "";
  return `${from + 1}–${from + items.length} / ${total}`;
}
