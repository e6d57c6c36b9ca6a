// Bilingual words and formats that screens and overlays share, so a status reads the same on every output.
// Text always goes in through textContent (names are data, never markup).
//
//   import { el, bi, words, score, shanghaiClock, shanghaiDate, countdown, LANGS } from "/displays/shared/display-text.js";
//   el("div", { class: "row", "data-bib": "C-01" }, "child text", otherNode);
//   bi(words.resultStatus.Live)          // <span class="bi"><span class="zh">进行中</span><span class="en">LIVE</span></span>
//   bi({ zh: row.nameZh, en: row.nameEn }, "name")   // extra class on the wrapper
//   score(4)                             // "4.00"
//   shanghaiClock(new Date())            // "14:03:22" in Asia/Shanghai, whatever the machine's zone
//   shanghaiClock(date, false)           // "14:03"
//   shanghaiDate(date)                   // { zh: "6月12日 星期五", en: "Fri 12 Jun" }
//   countdown(ms)                        // "1:02:03", "12:05"
//
// Which language shows is CSS's business (class lang-zh | lang-en | lang-zh-en on an ancestor; see display.css), so a
// language switch needs no re-render.

export const LANGS = ["zh", "en", "zh-en"];

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    // Through the CSSOM: the Content-Security-Policy refuses style="" attributes (setAttribute), not element.style.
    else if (key === "style") node.style.cssText = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/// Both languages side by side in the DOM; the stylesheet shows one or both.
export function bi({ zh, en }, extraClass = "") {
  return el("span", { class: `bi ${extraClass}`.trim() }, el("span", { class: "zh" }, zh ?? en ?? ""), el("span", { class: "en" }, en ?? zh ?? ""));
}

export const words = {
  resultStatus: {
    StartList: { zh: "待赛", en: "START LIST" }, Live: { zh: "进行中", en: "LIVE" }, Unofficial: { zh: "非正式", en: "UNOFFICIAL" },
    Official: { zh: "正式", en: "OFFICIAL" }, Protested: { zh: "申诉中", en: "PROTESTED" },
  },
  moduleStatus: {
    Scheduled: { zh: "未开始", en: "Scheduled" }, Live: { zh: "进行中", en: "Live" }, Closed: { zh: "已结束", en: "Closed" },
    Locked: { zh: "已锁定", en: "Locked" },
  },
  medal: { Gold: { zh: "金奖", en: "Gold" }, Silver: { zh: "银奖", en: "Silver" }, Bronze: { zh: "铜奖", en: "Bronze" } },
  medalShort: { Gold: "金", Silver: "银", Bronze: "铜" },
  stageKind: { Preliminary: { zh: "预赛", en: "Preliminary" }, Selection: { zh: "选拔赛", en: "Selection" }, Final: { zh: "决赛", en: "Final" } },
};

const twoDecimals = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
export const score = value => value === null || value === undefined ? "–" : twoDecimals.format(Number(value));

const clockWithSeconds = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
const clockMinutes = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dateZh = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", month: "long", day: "numeric", weekday: "long" });
const dateEn = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", weekday: "short", day: "numeric", month: "short" });
const dayKey = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });

/// Venue time: the competitions run in Shanghai, and a screen's own clock zone must not matter.
export const shanghaiClock = (date, seconds = true) => (seconds ? clockWithSeconds : clockMinutes).format(date);
export const shanghaiDate = date => ({ zh: dateZh.format(date).replace(/\s+/g, " "), en: dateEn.format(date).replace(",", "") });
/// "2026-06-12" in Shanghai: tells whether two instants fall on the same venue day.
export const shanghaiDay = date => dayKey.format(date);

export function countdown(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600), m = Math.floor(total % 3600 / 60), s = total % 60;
  const pad = n => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
