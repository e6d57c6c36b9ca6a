// The award ceremony of a locked final (bottom-up reveal, pausing on each award, as the ICPC Resolver does) and the
// freeze of the public board. The state shown is the one on the public channel, the same every screen follows, so a
// second desk or a page reload shows the step the screens are on.
import { el } from "/js/common.js";
import { connectLive } from "/displays/shared/liveboard-client.js";
import { bi, medalNames, clock, fixed2, problemText } from "./text.js";

const $ = id => document.getElementById(id);
const moduleStatusNames = { Scheduled: "未开始 Scheduled", Live: "进行中 Live", Closed: "已结束 Closed", Locked: "已锁定 Locked" };
// Rows the preview lists at most; the newest revealed row is on top, so the lower ones are the older news.
const PREVIEW_ROWS = 8;
const CONFIRM_TIMEOUT_MS = 15_000;

export function createCeremony(ctx) {
  let competitionId = null;
  let final = null;        // the final stage, or null
  let modules = [];        // the final's modules
  let state = null;        // the last ceremony state
  let freeze = { frozen: false, since: null };
  let live = null;
  let busy = false;
  let confirmTimer = null;

  async function start(wanted) {
    const select = $("ceremony-competition");
    select.replaceChildren(...ctx.competitions.map(c => el("option", { value: c.id }, `${c.tradeZh} ${c.tradeEn}`)));
    select.addEventListener("change", () => choose(Number(select.value)));
    $("ceremony-next").addEventListener("click", () => step("next"));
    $("ceremony-back").addEventListener("click", () => step("back"));
    $("ceremony-start").addEventListener("click", () => step("start"));
    $("ceremony-end").addEventListener("click", () => step("end"));
    $("freeze-toggle").addEventListener("click", askFreeze);
    $("freeze-no").addEventListener("click", cancelFreeze);
    $("ceremony-screens").addEventListener("click", screensToCeremony);
    $("freeze-yes").addEventListener("click", confirmFreeze);
    document.addEventListener("keydown", onKey);
    document.addEventListener("keyup", onKeyUp);
    if (ctx.competitions.length === 0) {
      $("final-state").replaceChildren("还没有竞赛 · No competitions yet");
      render();
      return;
    }
    const id = ctx.competitions.some(c => c.id === wanted) ? wanted : ctx.competitions[0].id;
    select.value = String(id);
    await choose(id);
  }

  async function choose(id) {
    competitionId = id;
    final = null; modules = []; state = null; freeze = { frozen: false, since: null };
    cancelFreeze();
    $("ceremony-error").textContent = "";
    const params = new URLSearchParams(location.search);
    params.set("competition", id);
    history.replaceState(null, "", `${location.pathname}?${params}${location.hash}`);
    live?.stop();
    ctx.liveState("ceremony", null);
    render();
    try {
      const [competition, stages, all] = await Promise.all([
        ctx.getJson(`/api/competitions/${id}`), ctx.getJson(`/api/competitions/${id}/stages`), ctx.getJson(`/api/competitions/${id}/modules`)]);
      if (id !== competitionId) return;
      final = stages.find(s => s.kind === "Final") ?? null;
      modules = final ? all.filter(m => m.stageId === final.id) : [];
      freeze = { frozen: competition.frozenAt != null, since: competition.frozenAt };
    } catch (error) {
      $("ceremony-error").textContent = problemText(error);
    }
    render();
    live = connectLive({
      channels: [`competition:${id}`],
      onSnapshot: (_channel, events) => { for (const e of events) apply(e); render(); },
      onEvent: event => { apply(event); render(); },
      onState: s => ctx.liveState("ceremony", s),
    });
  }

  function apply(event) {
    if (!event.data) return;
    if (event.type === "ceremony") applyState(event.data);
    else if (event.type === "freeze") freeze = { frozen: event.data.frozen, since: event.data.since };
    else if (event.type === "module") {
      const m = modules.find(x => String(x.id) === event.id);
      if (m) m.status = event.data.status;
    }
  }

  // The POST's answer and the live event carry the same state: keep the newer.
  function applyState(next) {
    if (!state || new Date(next.at) >= new Date(state.at)) state = next;
  }

  // A press that arrives while the previous step is still being answered (the screens may already show it) is kept,
  // one at most, and sent next: a quick "back" is not lost, and a held key still cannot take several steps.
  let queued = null;

  async function step(action) {
    if (competitionId == null) return;
    if (busy) { queued = action; return; }
    busy = true;
    $("ceremony-error").textContent = "";
    renderButtons();
    try {
      applyState(await ctx.postJson(`/api/competitions/${competitionId}/ceremony`, { action }));
    } catch (error) {
      $("ceremony-error").textContent = problemText(error);
    } finally {
      busy = false;
      render();
    }
    if (queued) {
      const next = queued;
      queued = null;
      await step(next);
    }
  }

  // Space and the arrows drive the ceremony wherever the focus is, except in a field, a picker, or on another
  // control (there Space must keep pressing that control).
  function ceremonyKey(event) {
    if (ctx.view !== "ceremony" || event.ctrlKey || event.altKey || event.metaKey) return null;
    const t = event.target;
    if (t.closest?.("input, textarea, select, [contenteditable]")) return null;
    const onOtherControl = t.closest?.("button, a, [role=tab]") && !t.closest(".ceremony-controls");
    if (event.key === "ArrowRight") return "next";
    if (event.key === "ArrowLeft") return "back";
    if (event.key === " " && !onOtherControl) return "next";
    return null;
  }

  function onKey(event) {
    const action = ceremonyKey(event);
    if (!action) return;
    // Also stops Space from pressing the focused step button a second time, and scrolling.
    event.preventDefault();
    // Holding a key down must not race through the awards.
    if (event.repeat) return;
    step(action);
  }

  function onKeyUp(event) {
    // A button presses itself on Space's keyup: the keydown already took the step.
    if (ceremonyKey(event) === "next" && event.key === " ") event.preventDefault();
  }

  /// Screens show a running ceremony by themselves, but only on its competition: one directive to all puts them there.
  async function screensToCeremony() {
    $("ceremony-error").textContent = "";
    try {
      await ctx.postJson("/api/displays/directives", { competitionId });
      ctx.toast(`全部显示屏已切到 ${ctx.competitionLabel(competitionId)} · Every display follows this competition`, "ok");
    } catch (error) {
      $("ceremony-error").textContent = problemText(error);
    }
  }

  function askFreeze() {
    const freezing = !freeze.frozen;
    $("freeze-warning").replaceChildren(...(freezing
      ? bi("封榜后,公众看到的成绩停在此刻。", "While frozen, the public sees the results as they stand now.")
      : bi("解除封榜将立即公布当前成绩。", "Unfreezing publishes the current results at once.")));
    $("freeze-yes").replaceChildren(...(freezing ? bi("确认封榜", "Confirm freeze") : bi("确认解除封榜", "Confirm unfreeze")));
    $("freeze-toggle").hidden = true;
    $("freeze-confirm").hidden = false;
    $("freeze-no").focus();
    clearTimeout(confirmTimer);
    confirmTimer = setTimeout(cancelFreeze, CONFIRM_TIMEOUT_MS);
  }

  function cancelFreeze() {
    clearTimeout(confirmTimer);
    $("freeze-confirm").hidden = true;
    $("freeze-toggle").hidden = false;
  }

  async function confirmFreeze() {
    const frozen = !freeze.frozen;
    cancelFreeze();
    $("freeze-error").textContent = "";
    try {
      const competition = await ctx.postJson(`/api/competitions/${competitionId}/freeze`, { frozen });
      freeze = { frozen: competition.frozenAt != null, since: competition.frozenAt };
      ctx.toast(frozen ? "已封榜 Board frozen" : "已解除封榜 Board unfrozen", "ok");
    } catch (error) {
      $("freeze-error").textContent = problemText(error);
    }
    render();
  }

  function render() {
    renderFinal();
    renderFreeze();
    renderStep();
    renderButtons();
    renderPreview();
  }

  function renderFinal() {
    const chip = $("final-state");
    if (competitionId == null) return;
    if (!final) {
      chip.className = "chip warn";
      chip.replaceChildren("此竞赛没有决赛阶段 ", el("span", { class: "en" }, "This competition has no final stage"));
      return;
    }
    const open = modules.filter(m => m.status !== "Locked");
    chip.className = `chip ${open.length || modules.length === 0 ? "warn" : "ok"}`;
    chip.dataset.ready = String(open.length === 0 && modules.length > 0);
    chip.replaceChildren(...(modules.length === 0
      ? bi("决赛还没有模块", "The final has no modules")
      : open.length === 0
        ? bi(`✓ 决赛已锁定(${modules.map(m => m.code).join("、")})`, "Final locked: ready for the ceremony")
        : bi(`决赛未全部锁定:${open.map(m => `${m.code} ${moduleStatusNames[m.status]?.split(" ")[0] ?? m.status}`).join("、")}`,
          `Lock every module of the final first (${open.map(m => `${m.code} ${m.status}`).join(", ")})`)));
  }

  function renderFreeze() {
    const chip = $("freeze-state");
    chip.className = `chip ${freeze.frozen ? "frozen" : "ok"}`;
    chip.dataset.frozen = String(freeze.frozen);
    chip.replaceChildren(...(freeze.frozen
      ? bi(`公众榜已封榜 自 ${freeze.since ? clock(freeze.since) : ""}`, `Public board frozen${freeze.since ? ` since ${clock(freeze.since)}` : ""}`)
      : bi("公众榜实时", "Public board live")));
    $("freeze-toggle").replaceChildren(...(freeze.frozen ? bi("解除封榜…", "Unfreeze…") : bi("封榜…", "Freeze…")));
    $("freeze-toggle").disabled = competitionId == null;
  }

  function renderStep() {
    const line = $("ceremony-step");
    const count = $("ceremony-count");
    if (!state) {
      count.className = "step-count idle";
      count.replaceChildren(...bi("未开始", "Not started"));
      line.replaceChildren(...bi("按“下一步”或空格开始颁奖仪式。", "Press Next or Space to start the ceremony."));
      line.dataset.step = "";
      $("ceremony-dots").replaceChildren();
      return;
    }
    count.className = `step-count ${state.active ? "on-air" : "ended"}`;
    count.replaceChildren(...(state.active ? bi("● 大屏同步中", "On the screens") : bi("已结束", "Ended")));
    const [zh, en] = describe(state);
    line.dataset.step = String(state.step);
    line.dataset.kind = state.kind;
    // The separator reads well in one line of text (screen readers, copying) but the English goes on a line of its own.
    line.replaceChildren(el("span", { class: "zh" }, `第 ${state.step + 1}/${state.totalSteps} 步 · ${zh}`), el("span", { class: "sep" }, " / "),
      el("span", { class: "en" }, `Step ${state.step + 1} of ${state.totalSteps} · ${en}`));
    // One dot per step: where the ceremony stands at a glance.
    const dots = [];
    for (let i = 0; i < state.totalSteps; i++) dots.push(el("li", { class: i < state.step ? "done" : i === state.step ? "current" : "" }));
    $("ceremony-dots").replaceChildren(...dots);
  }

  function renderButtons() {
    const none = competitionId == null || !final;
    $("ceremony-next").disabled = busy || none || (state?.active && state.step >= state.totalSteps - 1);
    $("ceremony-back").disabled = busy || none || !state?.active || state.step === 0;
    $("ceremony-start").disabled = busy || none;
    $("ceremony-end").disabled = busy || none || !state?.active;
    $("ceremony-screens").disabled = competitionId == null;
  }

  function renderPreview() {
    const preview = $("ceremony-preview");
    const c = ctx.competition(competitionId);
    const header = el("div", { class: "pv-head" }, el("span", {}, c ? `${c.tradeZh} · ${final?.nameZh ?? "决赛"}` : ""),
      el("span", { class: "en" }, c ? `${c.tradeEn} · ${final?.nameEn ?? "Final"}` : ""));
    if (!state || !state.active) {
      preview.dataset.kind = "idle";
      preview.replaceChildren(el("div", { class: "pv-idle" },
        el("p", {}, state ? "颁奖仪式已结束" : "大屏未显示颁奖仪式"),
        el("p", { class: "en" }, state ? "The ceremony has ended: screens show their pages again" : "No ceremony on the screens")));
      return;
    }
    preview.dataset.kind = state.kind;
    if (state.kind === "Start") {
      preview.replaceChildren(header, el("div", { class: "pv-start" },
        el("p", { class: "pv-kicker" }, "颁奖仪式 ", el("span", { class: "en" }, "Award ceremony")),
        el("p", { class: "pv-title" }, c?.tradeZh ?? ""), el("p", { class: "pv-sub en" }, c?.tradeEn ?? ""),
        el("p", { class: "pv-count" }, `${state.rows} 名决赛选手 · ${state.rows} finalists`)));
      return;
    }
    if (state.kind === "Award" && state.award) {
      const a = state.award;
      const [mzh, men] = medalNames[a.medal] ?? ["", ""];
      preview.replaceChildren(header, el("div", { class: `pv-award ${a.medal}` },
        el("p", { class: "pv-medal" }, el("span", { class: `disc ${a.medal}` }), mzh, " ", el("span", { class: "en" }, men)),
        el("p", { class: "pv-name" }, a.nameZh), el("p", { class: "pv-name-en en" }, a.nameEn),
        el("p", { class: "pv-org" }, a.organisationZh, " ", el("span", { class: "en" }, a.organisationEn)),
        el("p", { class: "pv-bib" }, `${a.bib}`)));
      return;
    }
    const rows = state.revealedRows.slice(0, PREVIEW_ROWS);
    const hidden = state.revealedRows.length - rows.length;
    preview.replaceChildren(header, el("div", { class: "pv-reveal" },
      el("p", { class: "pv-caption" }, `决赛成绩 · 已揭晓 ${state.revealed}/${state.rows} `, el("span", { class: "en" }, `Final results · ${state.revealed} of ${state.rows} revealed`)),
      el("table", {}, el("tbody", {}, ...rows.map((r, i) => el("tr", { class: i === 0 ? "newest" : "", "data-bib": r.bib },
        el("td", { class: "rank" }, r.rank),
        el("td", { class: "medal-col" }, r.medal && r.medal !== "None" ? el("span", { class: `disc ${r.medal}`, title: medalNames[r.medal]?.join(" ") }) : ""),
        el("td", { class: "who" }, r.nameZh, " ", el("span", { class: "en" }, r.nameEn)),
        el("td", { class: "org" }, r.organisationZh),
        el("td", { class: "total" }, fixed2(r.total)))))),
      hidden > 0 ? el("p", { class: "pv-more" }, `另有 ${hidden} 名已揭晓 · ${hidden} more revealed`) : ""));
  }

  return { start };
}

/// The step in words: [Chinese, English].
function describe(s) {
  if (s.kind === "Start") return ["开场", "Opening"];
  if (s.kind === "Award" && s.award) {
    const [zh, en] = medalNames[s.award.medal] ?? ["奖项", "Award"];
    return [`颁奖:${zh} ${s.award.nameZh}`, `Award: ${en} ${s.award.nameEn}`];
  }
  const row = s.revealedRows?.[0];
  return row ? [`揭晓:第 ${row.rank} 名 ${row.nameZh}`, `Reveal: rank ${row.rank} ${row.nameEn}`] : ["揭晓", "Reveal"];
}
