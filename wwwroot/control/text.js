// Labels of the control desk, Chinese first then English, and small formatting helpers.
import { el } from "/js/common.js";

export const bi = (zh, en) => [zh, " ", el("span", { class: "en" }, en)];

/// The pages of a big screen (displays/screen/). A screen shows the ceremony by itself while one runs on its competition.
export const pageNames = {
  leaderboard: "实时排行 Leaderboard",
  progress: "评分进度 Marking progress",
  schedule: "赛程 Schedule",
  highlights: "精彩瞬间 Highlights",
  awards: "获奖名单 Awards",
  series: "系列赛总览 Series overview",
};
export const rotateAll = Object.keys(pageNames).join(",");

/// What a display reports or a directive names: one page, a rotation ("leaderboard,progress"), the ceremony or an overlay.
export function pageLabel(page, short = false) {
  if (!page) return "—";
  if (page === "ceremony") return short ? "颁奖仪式" : "颁奖仪式 Award ceremony";
  if (page.startsWith("overlays/")) return `${short ? "叠加层" : "叠加层 Overlay"} ${page.slice("overlays/".length)}`;
  const list = page.split(",").map(p => p.trim()).filter(Boolean);
  if (list.length > 1) {
    if (list.join(",") === rotateAll) return short ? "全部轮播" : "全部页面轮播 Rotating every page";
    return `${short ? "轮播" : "轮播 Rotating"} ${list.map(p => (pageNames[p] ?? p).split(" ")[0]).join("、")}`;
  }
  const name = pageNames[page];
  return name ? (short ? name.split(" ")[0] : name) : page;
}

export const languageNames = { "zh-en": "中英 Chinese + English", zh: "中文 Chinese", en: "英文 English" };

export const medalNames = { Gold: ["金奖", "Gold"], Silver: ["银奖", "Silver"], Bronze: ["铜奖", "Bronze"] };

const two = n => String(n).padStart(2, "0");

export function clock(iso) {
  const d = new Date(iso);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/// "12:03:04" today, "6月12日 12:03" another day: the desk runs at the venue, so local time.
export function when(iso) {
  const d = new Date(iso);
  const today = new Date();
  return d.toDateString() === today.toDateString() ? clock(iso) : `${d.getMonth() + 1}月${d.getDate()}日 ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/// How long ago, as [Chinese, English]: ["刚刚", "just now"], ["40 秒前", "40 s ago"], ["3 分钟前", "3 min ago"].
export function ago(iso, now = Date.now()) {
  const s = Math.max(0, Math.round((now - new Date(iso)) / 1000));
  if (s < 5) return ["刚刚", "just now"];
  if (s < 120) return [`${s} 秒前`, `${s} s ago`];
  const m = Math.round(s / 60);
  if (m < 120) return [`${m} 分钟前`, `${m} min ago`];
  return [when(iso), when(iso)];
}

export const fixed2 = value => Number(value).toFixed(2);

/// A short bilingual name of a competition for pickers and tables.
export const competitionName = c => c ? `${c.tradeZh} ${c.tradeEn}` : "";

/// What an API error says, for a line next to the control that caused it.
export function problemText(error) {
  if (error?.status === 401) return "登录已过期,请重新登录 · Signed out: sign in again";
  if (error?.status === 403) return "无权执行此操作 · You may not do this";
  const fields = Object.values(error?.errors ?? {}).flat();
  if (fields.length) return fields.join(" · ");
  return error?.problem?.title ?? error?.message ?? String(error);
}
