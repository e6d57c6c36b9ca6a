// The module schedule with a clock. Time is computed here, in Asia/Shanghai, corrected by the offset measured
// against the server's Date header, so a screen with a wrong clock still counts down right.
import { el, bi, words, shanghaiClock, shanghaiDate, shanghaiDay, countdown } from "/displays/shared/display-text.js";
import { caption, fitText } from "./parts.js";
import { stageName } from "./store.js";

const ROWS = 7;
const DAY = 86_400_000;

export function createSchedule(ctx) {
  const root = el("section", { class: "page page-schedule", "data-page": "schedule" });
  const time = el("div", { class: "big-clock", id: "schedule-clock" });
  const date = el("div", { class: "big-date" });
  const zone = el("div", { class: "big-zone" }, bi({ zh: "北京时间", en: "China Standard Time (UTC+8)" }, "stack"));
  const clock = el("div", { class: "clock-panel" }, time, date, zone);
  const head = caption();
  const list = el("div", { class: "schedule-list", role: "list" });
  const empty = el("div", { class: "empty", hidden: true }, bi({ zh: "暂无赛程", en: "No modules scheduled" }, "stack"));
  root.append(clock, el("div", { class: "schedule-side" }, head, list, empty));

  function modulesInView() {
    const all = [...ctx.store.modules.values()].sort((a, b) => new Date(a.startsAt) - new Date(b.startsAt) || a.id - b.id);
    if (all.length <= ROWS) return all;
    // Start just before the first module still to finish, so what matters now is on screen.
    const next = all.findIndex(m => m.status === "Live" || m.status === "Scheduled");
    const from = Math.max(0, Math.min((next < 0 ? all.length : next) - 1, all.length - ROWS));
    return all.slice(from, from + ROWS);
  }

  function render() {
    const modules = modulesInView();
    empty.hidden = ctx.store.modules.size > 0;
    head.replaceChildren(el("span", { class: "cap-stage" }, bi({ zh: "赛程", en: "Schedule" })),
      el("span", { class: "cap-note" }, bi({ zh: `共 ${ctx.store.modules.size} 个模块`, en: `${ctx.store.modules.size} modules` })));
    list.replaceChildren(...modules.map(m => {
      const stage = stageName(ctx.store, m.stageId);
      return el("div", { class: "module-row", role: "listitem", "data-module": m.id, "data-status": m.status },
        el("span", { class: "m-code" }, m.code),
        el("span", { class: "m-name fit" }, bi({ zh: m.nameZh, en: m.nameEn })),
        el("span", { class: "m-when fit" }, bi({ zh: stage.zh, en: stage.en }), el("span", { class: "m-window" }, windowText(m))),
        el("span", { class: "m-status module-chip", "data-status": m.status }, bi(words.moduleStatus[m.status] ?? { zh: m.status, en: m.status })),
        el("span", { class: "m-countdown" }));
    }));
    tick();
    fitText(list);
  }

  function windowText(m) {
    const start = new Date(m.startsAt), end = new Date(m.endsAt);
    const day = shanghaiDate(start);
    const today = shanghaiDay(start) === shanghaiDay(ctx.now());
    return `${today ? "" : `${ctx.lang() === "en" ? day.en : day.zh.split(" ")[0]} `}${shanghaiClock(start, false)}–${shanghaiClock(end, false)}`;
  }

  function tick() {
    const now = ctx.now();
    time.textContent = shanghaiClock(now);
    const d = shanghaiDate(now);
    date.replaceChildren(bi(d, "stack"));
    for (const row of list.children) {
      const m = ctx.store.modules.get(row.dataset.module);
      if (m) row.lastChild.replaceChildren(bi(countdownText(m, now)));
    }
  }

  return { name: "schedule", title: { zh: "赛程", en: "Schedule" }, root, render, tick, enter() { render(); }, leave() {} };
}

export function countdownText(m, now) {
  const start = new Date(m.startsAt), end = new Date(m.endsAt);
  switch (m.status) {
    case "Scheduled": {
      const left = start - now;
      if (left <= 0) return { zh: "即将开始", en: "Starting soon" };
      if (left >= 2 * DAY) {
        const days = Math.floor(left / DAY);
        return { zh: `${days} 天后开始`, en: `Starts in ${days} days` };
      }
      return { zh: `距开始 ${countdown(left)}`, en: `Starts in ${countdown(left)}` };
    }
    case "Live": {
      const left = end - now;
      return left > 0 ? { zh: `距结束 ${countdown(left)}`, en: `Ends in ${countdown(left)}` } : { zh: "比赛时间到", en: "Time is up" };
    }
    case "Closed": return { zh: "评分中", en: "Marking" };
    case "Locked": return { zh: "成绩已锁定", en: "Results locked" };
    default: return { zh: "", en: "" };
  }
}
