// The side panel of one matrix cell: each judge's current score with who entered it, when and from which device,
// what it corrected, and a correction form (new value and a reason, both required) per score.
import { el, postJson } from "/js/common.js";
import { bi, outcomeNames, typeNames, fixed2, entry, when, newKey, judgeName, showErrors, clearErrors } from "./text.js";

const DEVICE = "desk";

export function createCellPanel(ctx, aside, onClose) {
  const facts = aside.querySelector("#cell-facts");
  const judgesBox = aside.querySelector("#cell-judges");
  const title = aside.querySelector("#cell-title");
  let history = [];      // every mark of the open cell, superseded ones included
  let historyFor = null; // which cell `history` belongs to
  let generation = 0;

  aside.querySelector("#cell-close").addEventListener("click", close);
  document.addEventListener("keydown", event => {
    if (event.key === "Escape" && !aside.hidden && !document.querySelector("dialog[open]")) close();
  });

  function open() {
    aside.hidden = false;
    document.body.classList.add("panel-open");
    history = [];
    historyFor = null;
    judgesBox.replaceChildren();
    judgesBox.dataset.ids = "";
    render();
  }

  function close() {
    if (aside.hidden) return;
    aside.hidden = true;
    document.body.classList.remove("panel-open");
    onClose();
  }

  /// Draws what the matrix knows at once, then the cell's full history when it arrives. Called on every live refresh:
  /// the forms are kept while their mark is current, so a refresh never wipes a reason being typed.
  async function render() {
    if (aside.hidden || !ctx.selected || !ctx.desk) return;
    const found = lookup();
    if (!found) { close(); return; }
    draw(found);
    const mine = ++generation;
    const key = `${ctx.competitionId}:${found.aspect.id}:${found.competitor.id}`;
    try {
      const marks = await ctx.getJson(`${ctx.base}/marks?competitorId=${found.competitor.id}&aspectId=${found.aspect.id}`);
      if (mine !== generation) return;
      history = marks;
      historyFor = key;
      draw(lookup() ?? found);
    } catch { /* the matrix's own data is shown; the history comes with the next refresh */ }
  }

  function lookup() {
    const { aspectId, competitorId } = ctx.selected;
    const aspect = ctx.desk.aspects.find(a => a.id === aspectId);
    const competitor = ctx.desk.competitors.find(c => c.id === competitorId);
    if (!aspect || !competitor) return null;
    const cell = ctx.desk.cells.find(c => c.aspectId === aspectId && c.competitorId === competitorId);
    return { aspect, competitor, cell };
  }

  function draw({ aspect, competitor, cell }) {
    const key = `${ctx.competitionId}:${aspect.id}:${competitor.id}`;
    const marks = historyFor === key ? history : [];
    aside.dataset.aspect = aspect.code;
    aside.dataset.bib = competitor.bib;
    title.replaceChildren(el("span", { class: "code" }, aspect.code), " ", aspect.descriptionZh, " ", el("span", { class: "en" }, aspect.descriptionEn));
    const outcome = cell?.outcome ?? "Pending";
    facts.replaceChildren(
      el("p", { class: "competitor" }, el("strong", {}, competitor.bib), " ", competitor.nameZh, " ", el("span", { class: "en" }, competitor.nameEn),
        el("br"), el("span", { class: "org" }, competitor.organisationZh, " ", el("span", { class: "en" }, competitor.organisationEn))),
      el("dl", {},
        el("dt", {}, ...bi("类型", "Type")), el("dd", {}, typeNames[aspect.type] ?? aspect.type),
        el("dt", {}, ...bi("满分", "Maximum")), el("dd", {}, fixed2(aspect.maxMark)),
        el("dt", {}, ...bi("结果", "Outcome")), el("dd", {}, el("span", { class: `outcome ${outcome}`, "data-outcome": outcome }, outcomeNames[outcome] ?? outcome)),
        el("dt", {}, ...bi("得分", "Mark")), el("dd", { class: "cell-mark" }, outcome === "Scored" ? fixed2(cell.mark) : "—"),
        ...(aspect.type === "Judgement" ? [el("dt", {}, ...bi("分差", "Spread")), el("dd", {}, cell ? entry(cell.spread) : "—")] : [])),
      aspect.descriptors?.length ? el("ol", { class: "descriptors", start: 0 }, ...aspect.descriptors.map(d => el("li", {}, d))) : "");

    const byJudge = new Map((cell?.scores ?? []).map(s => [s.judgeId, s]));
    const missing = new Set(cell?.missingJudgeIds ?? []);
    const shown = aspect.type === "Judgement" ? ctx.desk.judges : ctx.desk.judges.filter(j => byJudge.has(j.id));
    // Sections stay in place while the panel's judges stay the same: moving a node would take the focus out of a
    // reason being typed.
    const ids = shown.map(j => j.id).join(",");
    if (judgesBox.dataset.ids !== ids || !judgesBox.querySelector("section.judge")) {
      judgesBox.dataset.ids = ids;
      judgesBox.replaceChildren(...(shown.length ? shown.map(j => el("section", { class: "judge", "data-judge": j.id }))
        : [el("p", { class: "note" }, "尚无评分 · No marks yet")]));
    }
    for (const j of shown)
      updateSection(judgesBox.querySelector(`section.judge[data-judge="${j.id}"]`), j, byJudge.get(j.id), missing.has(j.id), marks, aspect);
  }

  function updateSection(section, judge, score, isMissing, marks, aspect) {
    const info = el("div", { class: "judge-info" });
    const current = score ? marks.find(m => m.id === score.markId) : null;
    info.append(el("h3", {}, judge.nameZh, " ", el("span", { class: "en" }, judge.nameEn),
      el("span", { class: "value", "data-value": score ? entry(score.value) : "" }, score ? entry(score.value) : isMissing ? "–" : "")));
    if (score) {
      info.append(el("p", { class: "meta" },
        `#${score.markId} · ${when(score.recordedAt)}`,
        current ? ` · 录入 by ${current.recordedBy}` : "",
        ` · 设备 device ${score.device ?? "—"}`));
      if (current?.supersedesId) info.append(el("p", { class: "meta correction-note" },
        `更正了 #${current.supersedesId} · corrects #${current.supersedesId} — 原因 Reason: ${current.reason ?? ""}`));
      // Older entries of this judge for this cell, newest first: the chain a dispute is settled from.
      const older = chainBefore(marks, current);
      if (older.length) info.append(el("ul", { class: "older" }, ...older.map(m => el("li", {},
        el("s", {}, entry(m.value)), ` #${m.id} · ${when(m.recordedAt)} · ${m.recordedBy} · ${m.device ?? "—"}`,
        m.reason ? ` · 原因 ${m.reason}` : ""))));
    } else {
      info.append(el("p", { class: "meta" }, isMissing ? "未评 Not scored yet" : "回避(利益冲突) Abstains (conflict of interest)"));
    }
    const oldInfo = section.querySelector(".judge-info");
    if (oldInfo) oldInfo.replaceWith(info); else section.prepend(info);
    const form = section.querySelector("form.correction");
    if (form && (!score || form.dataset.markId !== String(score.markId))) form.remove();
    if (score && (!form || !form.isConnected)) section.append(correctionForm(score, judge, aspect));
  }

  function correctionForm(score, judge, aspect) {
    const judgement = aspect.type === "Judgement";
    const form = el("form", { class: "correction", novalidate: "", "data-mark-id": score.markId, "data-judge": judge.id, "data-key": newKey() },
      el("div", { class: "row" },
        el("label", { class: "value-field" }, ...bi("新分值", "New value"),
          el("input", { name: "value", type: "number", inputmode: "decimal", min: 0, step: judgement ? 1 : 0.01,
            ...(judgement ? { max: 3 } : {}), value: entry(score.value), required: "" })),
        el("label", { class: "reason-field" }, ...bi("更正原因(必填)", "Reason (required)"),
          el("textarea", { name: "reason", rows: 2, maxlength: 500, required: "" }))),
      el("p", { class: "field-error", "data-for": "value" }),
      el("p", { class: "field-error", "data-for": "reason" }),
      el("p", { class: "field-error", "data-for": "form" }),
      el("button", { type: "submit", class: "primary" }, `更正 Correct #${score.markId}`));
    form.addEventListener("submit", event => { event.preventDefault(); submitCorrection(form, score, judge); });
    return form;
  }

  async function submitCorrection(form, score, judge) {
    clearErrors(form);
    const value = form.elements.value.value.trim();
    const reason = form.elements.reason.value.trim();
    let bad = false;
    if (value === "" || Number.isNaN(Number(value))) { form.querySelector('[data-for="value"]').textContent = "请填写新分值 / Enter the new value"; bad = true; }
    if (!reason) { form.querySelector('[data-for="reason"]').textContent = "更正必须填写原因 / A correction needs a reason"; bad = true; }
    if (bad) return;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const mark = await postJson(`${ctx.base}/marks/${score.markId}/corrections`,
        { value: Number(value), reason, idempotencyKey: form.dataset.key, device: DEVICE });
      ctx.toast(`已更正 Corrected · ${judgeName(judge)}: #${score.markId} ${entry(score.value)} → #${mark.id} ${entry(mark.value)}`, "ok");
      await ctx.refreshNow();
    } catch (error) {
      showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  }

  return { open, close, render };
}

/// The marks this one superseded, one after another back to the first entry.
function chainBefore(marks, current) {
  const byId = new Map(marks.map(m => [m.id, m]));
  const chain = [];
  for (let m = current && byId.get(current.supersedesId); m; m = byId.get(m.supersedesId)) chain.push(m);
  return chain;
}
