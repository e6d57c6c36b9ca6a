// The registry of displays (polled: the list is cheap and covers every node) and the commands sent to one display or to
// all of them. A directive is full state per target; a screen takes each field from its own directive where set, else
// from the one to all, and is blacked out when either says so (displays/screen/screen.js, applyDirectives).
import { el } from "/js/common.js";
import { bi, pageNames, pageLabel, rotateAll, languageNames, clock, ago, problemText } from "./text.js";

const POLL_MS = 2000;
const ALL = "all";
const $ = id => document.getElementById(id);

export function createRegistry(ctx) {
  let displays = [];
  let loaded = false;
  let failed = null;
  let target = ALL;
  let targetOptions = "";
  const directives = new Map(); // target → directive

  const form = $("commands");
  const formError = form.querySelector(".field-error[data-for=form]");

  function start() {
    fillSelect($("cmd-page"), [...Object.entries(pageNames), [rotateAll, "全部页面轮播 Rotate every page"]], "— 不变 Unchanged —");
    fillSelect($("cmd-competition"), ctx.competitions.map(c => [String(c.id), `${c.tradeZh} ${c.tradeEn}`]), "— 不变 Unchanged —");
    fillSelect($("cmd-language"), Object.entries(languageNames), "— 不变 Unchanged —");
    $("target").addEventListener("change", () => { target = $("target").value; render(); });
    form.addEventListener("submit", event => { event.preventDefault(); switchPage(); });
    $("cmd-refresh").addEventListener("click", () => send(target, { refresh: true }, "已要求刷新 Reload sent"));
    $("cmd-blackout").addEventListener("click", () => {
      const blackout = !directives.get(target)?.blackout;
      send(target, { blackout }, blackout ? "已黑屏 Blacked out" : "已恢复 Restored");
    });
    $("cmd-show-message").addEventListener("click", () => {
      const text = $("cmd-message").value.trim();
      if (!text) { formError.textContent = "请输入消息 · Type a message first"; $("cmd-message").focus(); return; }
      send(target, { message: text }, `已显示消息 Message shown: ${text}`);
    });
    $("cmd-clear-message").addEventListener("click", () => send(target, { clearMessage: true }, "已清除消息 Message cleared"));
    $("cmd-message").addEventListener("keydown", event => {
      if (event.key === "Enter") { event.preventDefault(); $("cmd-show-message").click(); }
    });
    poll();
  }

  async function poll() {
    try {
      displays = await ctx.getJson("/api/displays");
      failed = null;
    } catch (error) {
      failed = problemText(error);
      if (error.status === 401) location.href = `/signin.html?return=${encodeURIComponent(location.pathname + location.search)}`;
    }
    loaded = true;
    render();
    setTimeout(poll, POLL_MS);
  }

  function switchPage() {
    const body = {};
    if ($("cmd-page").value) body.page = $("cmd-page").value;
    if ($("cmd-competition").value) body.competitionId = Number($("cmd-competition").value);
    if ($("cmd-language").value) body.language = $("cmd-language").value;
    if (Object.keys(body).length === 0) {
      formError.textContent = "请选择页面、竞赛或语言 · Choose a page, a competition or a language";
      return;
    }
    send(target, body, "已切换 Switched").then(ok => {
      if (ok) for (const id of ["cmd-page", "cmd-competition", "cmd-language"]) $(id).value = "";
    });
  }

  async function send(to, command, done) {
    formError.textContent = "";
    try {
      const directive = await ctx.postJson("/api/displays/directives", to === ALL ? command : { displayId: to, ...command });
      if (command.reset) forgetDirective(to); else applyDirective(directive);
      ctx.toast(`${targetLabel(to)} · ${done}`, "ok");
      if ("message" in command) $("cmd-message").value = "";
      return true;
    } catch (error) {
      formError.textContent = problemText(error);
      return false;
    }
  }

  function replaceDirectives(list) {
    directives.clear();
    for (const d of list) directives.set(d.target, d);
    render();
  }

  // The live event and the POST's answer carry the same state; keep whichever is newer.
  function applyDirective(d) {
    const known = directives.get(d.target);
    if (!known || new Date(d.at) >= new Date(known.at)) directives.set(d.target, d);
    render();
  }

  // A deleted directive (data null): the display follows the one to all again.
  function forgetDirective(target) {
    directives.delete(target);
    render();
  }

  /// What the target shows, field by field as a screen merges them: its own directive where set, else the one to all;
  /// blacked out when either says so. `from` names the sources.
  function effective(to) {
    const all = directives.get(ALL) ?? null;
    const own = to === ALL ? null : directives.get(to) ?? null;
    if (!own) return all && { ...all, from: to === ALL ? "" : "all" };
    if (!all) return { ...own, from: "own" };
    return {
      page: own.page ?? all.page, competitionId: own.competitionId ?? all.competitionId, language: own.language ?? all.language,
      blackout: own.blackout || all.blackout, message: own.message ?? all.message, refreshNonce: own.refreshNonce,
      at: new Date(own.at) > new Date(all.at) ? own.at : all.at, from: "all+own",
    };
  }

  function targetLabel(to) {
    if (to === ALL) return "全部显示屏 All displays";
    const d = displays.find(x => x.displayId === to);
    return d?.name ? `${d.name} (${to})` : to;
  }

  function selectTarget(to) {
    target = to;
    render();
    $("cmd-message").focus();
  }

  function render() {
    const sorted = [...displays].sort((a, b) => Number(b.online) - Number(a.online));
    renderTargets(sorted);
    renderTargetDirective();
    renderSummary();
    renderRows(sorted);
  }

  function renderTargets(sorted) {
    const select = $("target");
    const online = displays.filter(d => d.online).length;
    const options = [[ALL, `全部显示屏 All displays (${online} 在线 online)`],
      ...sorted.map(d => [d.displayId, `${d.name ?? d.displayId} · ${d.displayId}${d.online ? "" : " · 离线 offline"}`])];
    if (target !== ALL && !displays.some(d => d.displayId === target)) target = ALL;
    // Rebuilt only when the choices change: a poll must not close the list under the operator's pointer.
    const key = JSON.stringify(options);
    if (targetOptions !== key) {
      select.replaceChildren(...options.map(([value, label]) => el("option", { value }, label)));
      targetOptions = key;
    }
    select.value = target;
    // The button toggles the target's own blackout; one to all keeps a display dark whatever its own says.
    const dark = !!directives.get(target)?.blackout;
    $("cmd-blackout").replaceChildren(...(dark ? bi("恢复画面", "Restore") : bi("黑屏", "Black out")));
    $("cmd-blackout").classList.toggle("danger", !dark);
  }

  function renderTargetDirective() {
    const d = effective(target);
    const from = d?.from ? sourceTag(d.from) : "";
    $("target-directive").replaceChildren(el("span", { class: "label" }, "当前指令 ", el("span", { class: "en" }, "Current directive")),
      ...(d ? [...directiveChips(d, ctx), from] : [el("span", { class: "muted" }, "无 — 大屏按自己的网址显示 · None: screens show what their URL says")]));
  }

  function renderSummary() {
    const online = displays.filter(d => d.online).length;
    const behind = displays.filter(d => d.online && d.behind).length;
    const offline = displays.length - online;
    $("displays-count").textContent = String(online);
    $("displays-count").classList.toggle("none", online === 0);
    if (failed) {
      $("registry-summary").replaceChildren(el("span", { class: "count bad" }, `加载失败 Failed to load: ${failed}`));
      return;
    }
    $("registry-summary").replaceChildren(
      el("span", { class: "count ok", "data-count": "online" }, el("strong", {}, online), " 在线 ", el("span", { class: "en" }, "online")),
      el("span", { class: `count ${behind ? "bad" : ""}`, "data-count": "behind" }, el("strong", {}, behind), " 落后 ", el("span", { class: "en" }, "behind")),
      el("span", { class: "count", "data-count": "offline" }, el("strong", {}, offline), " 离线 ", el("span", { class: "en" }, "offline")),
      el("span", { class: "muted" }, `每 2 秒更新 · updated every 2 s · ${clock(new Date())}`));
  }

  function renderRows(sorted) {
    // Rows are rebuilt on every poll: keep the keyboard focus on the same button.
    const focused = document.activeElement?.closest?.("#registry-rows tr[data-display-id]");
    const focusKey = focused ? [focused.dataset.displayId, document.activeElement.dataset.action] : null;
    const rows = sorted.map(row);
    if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 8, class: "empty" }, loaded
      ? "还没有显示屏连接过。在“显示密钥”中生成密钥,把大屏网址装到屏幕或 OBS 里。 · No display has connected yet. Create a key under “Display keys” and load its screen URL on a screen or in OBS."
      : "加载中… Loading…")));
    $("registry-rows").replaceChildren(...rows);
    if (focusKey) $("registry-rows").querySelector(`tr[data-display-id="${CSS.escape(focusKey[0])}"] [data-action="${focusKey[1]}"]`)?.focus();
  }

  function row(d) {
    const state = effective(d.displayId);
    const dark = !!directives.get(d.displayId)?.blackout;
    const control = button("control", bi("控制", "Control"), () => selectTarget(d.displayId));
    const reload = button("refresh", bi("刷新", "Reload"), () => send(d.displayId, { refresh: true }, "已要求刷新 Reload sent"));
    const blackout = button("blackout", dark ? bi("恢复", "Restore") : bi("黑屏", "Black out"),
      () => send(d.displayId, { blackout: !dark }, dark ? "已恢复 Restored" : "已黑屏 Blacked out"));
    if (!dark) blackout.classList.add("danger-text");
    // Only a display with a directive of its own can go back to following the one to all.
    const follow = directives.has(d.displayId)
      ? button("follow-all", bi("跟随全部", "Follow all"), () => send(d.displayId, { reset: true }, "已恢复跟随全部 Follows all again"))
      : null;
    if (directives.get(ALL)?.blackout) blackout.title = "全部显示屏已黑屏:在“全部显示屏”中恢复 · Every display is blacked out: restore it for all displays";
    const classes = [d.online ? "online" : "offline", d.online && d.behind ? "behind" : "", d.displayId === target ? "targeted" : ""];
    return el("tr", { "data-display-id": d.displayId, class: classes.filter(Boolean).join(" "), "aria-selected": String(d.displayId === target) },
      el("td", { class: "display" }, el("strong", { class: "name" }, d.name ?? "未命名 Unnamed"), el("code", { class: "id" }, d.displayId)),
      el("td", { class: "state" }, d.online
        ? el("span", { class: "chip online" }, "在线 Online")
        : el("span", { class: "chip offline" }, "离线 Offline"),
        el("span", { class: "seen", title: `最后一次报告 Last report: ${new Date(d.lastSeen).toLocaleString()}` }, ...seen(d))),
      el("td", { class: "page" }, el("span", {}, pageLabel(d.page)), el("span", { class: "sub" }, languageNames[d.language] ?? d.language)),
      el("td", { class: "viewport" }, el("span", {}, (d.viewport ?? "—").replace("x", "×")), el("span", { class: "sub" }, d.version ? (/^\d/.test(d.version) ? `v${d.version}` : d.version) : "—")),
      el("td", { class: "competition" }, ctx.competitionLabel(d.competitionId)),
      el("td", { class: "seq" }, ...seqLines(d)),
      el("td", { class: "directive" }, ...(state ? [...directiveChips(state, ctx, true), sourceTag(state.from)] : [el("span", { class: "muted" }, "—")])),
      el("td", { class: "actions" }, el("div", {}, control, reload, blackout, ...(follow ? [follow] : []))));
  }

  return { start, replaceDirectives, applyDirective, forgetDirective };
}

function seqLines(d) {
  const channels = Object.keys(d.rendered ?? {}).sort();
  if (channels.length === 0) return [el("span", { class: "muted" }, "尚未报告 Not reported")];
  return channels.map(channel => {
    const rendered = d.rendered[channel];
    const head = d.heads?.[channel] ?? rendered;
    const lag = head - rendered;
    return el("div", { class: `channel ${lag > 0 ? "lagging" : ""}`, "data-channel": channel },
      el("span", { class: "name" }, channel), " ",
      el("span", { class: "nums", title: "已渲染 / 最新 Rendered / head" }, `${rendered} / ${head}`), " ",
      lag > 0 ? el("span", { class: "chip behind" }, `落后 behind ${lag}`) : el("span", { class: "ok", title: "最新 Up to date" }, "✓"));
  });
}

/// "5 秒前 · 5 s ago" for a display that is online, "最后 5 分钟前 · last seen 5 min ago" for one that is not.
function seen(d) {
  const [zh, en] = ago(d.lastSeen);
  return d.online ? [`${zh} `, el("span", { class: "en" }, en)] : [`最后 ${zh} `, el("span", { class: "en" }, `last seen ${en}`)];
}

const sourceNames = { all: ["全部", "all"], own: ["单独", "own"], "all+own": ["全部+单独", "all + own"] };
function sourceTag(from) {
  const [zh, en] = sourceNames[from] ?? ["", ""];
  return el("span", { class: `tag ${from === "all" ? "" : "own"}`, "data-from": from, title: "指令来源 Where the directive comes from" }, `${zh} ${en}`);
}

/// The directive as chips: page, competition, language, blackout, message, reload count, time.
export function directiveChips(d, ctx, compact = false) {
  const chips = [];
  if (d.blackout) chips.push(el("span", { class: "chip blackout" }, "黑屏 BLACKOUT"));
  if (d.page) chips.push(el("span", { class: "chip" }, pageLabel(d.page, compact)));
  if (d.competitionId) chips.push(el("span", { class: "chip" }, compact ? ctx.competition(d.competitionId)?.tradeZh ?? `#${d.competitionId}` : ctx.competitionLabel(d.competitionId)));
  if (d.language) chips.push(el("span", { class: "chip" }, compact ? d.language : languageNames[d.language] ?? d.language));
  if (d.message) chips.push(el("span", { class: "chip message", title: d.message }, "“", d.message, "”"));
  if (!compact && d.refreshNonce) chips.push(el("span", { class: "chip muted" }, `刷新 reloads ${d.refreshNonce}`));
  chips.push(el("span", { class: "at", title: new Date(d.at).toLocaleString() }, clock(d.at)));
  return chips;
}

function button(action, label, onClick) {
  const b = el("button", { type: "button", "data-action": action }, ...label);
  b.addEventListener("click", onClick);
  return b;
}

function fillSelect(select, pairs, blank) {
  select.replaceChildren(el("option", { value: "" }, blank), ...pairs.map(([value, label]) => el("option", { value }, label)));
}
