// Protests over the module's stage: mark a competitor's result PROTESTED with a reason, resolve it with a reason.
// Rows are updated in place on each live standings event, so a reason being typed survives the update.
import { el, postJson, statusNames } from "/js/common.js";
import { fixed2, showErrors, clearErrors } from "./text.js";

export function createProtests(ctx, body) {
  function render() {
    const standings = ctx.standings;
    const flag = document.getElementById("protest-flag");
    if (!standings || !ctx.desk) { body.replaceChildren(); flag.hidden = true; return; }
    const entries = new Map(ctx.entries.map(e => [e.competitorId, e]));
    const ids = standings.rows.map(r => r.competitorId).join(",");
    if (body.dataset.ids !== ids) {
      body.dataset.ids = ids;
      body.replaceChildren(...standings.rows.map(r => row(r)));
    }
    let open = 0;
    for (const r of standings.rows) {
      const tr = body.querySelector(`tr[data-competitor-id="${r.competitorId}"]`);
      const entry = entries.get(r.competitorId);
      const protested = r.status === "Protested";
      if (protested) open++;
      tr.classList.toggle("protested", protested);
      tr.querySelector(".rank").textContent = r.rank;
      tr.querySelector(".total").textContent = fixed2(r.total);
      tr.querySelector(".status-cell").replaceChildren(el("span", { class: `status ${r.status}`, "data-status": r.status }, statusNames[r.status] ?? r.status));
      tr.querySelector(".reason-cell").textContent = entry?.protestReason
        ? (entry.protested ? entry.protestReason : `已解决 Resolved: ${entry.protestReason}`) : "";
      const form = tr.querySelector("form");
      if (form.dataset.mode !== (protested ? "resolve" : "protest")) {
        form.dataset.mode = protested ? "resolve" : "protest";
        form.querySelector("button").textContent = protested ? "解决申诉 Resolve" : "提出申诉 Protest";
        form.elements.reason.placeholder = protested ? "解决说明(必填) Resolution (required)" : "申诉原因(必填) Reason (required)";
      }
    }
    flag.hidden = open === 0;
    flag.textContent = String(open);
  }

  function row(r) {
    const form = el("form", { class: "protest-form", novalidate: "" },
      el("input", { name: "reason", maxlength: 500, autocomplete: "off", "aria-label": "原因 Reason" }),
      el("button", { type: "submit" }, ""),
      el("p", { class: "field-error", "data-for": "reason" }),
      el("p", { class: "field-error", "data-for": "form" }));
    form.addEventListener("submit", event => { event.preventDefault(); submit(form, r.competitorId); });
    return el("tr", { "data-competitor-id": r.competitorId, "data-bib": r.bib },
      el("td", { class: "num rank" }), el("td", {}, r.bib),
      el("td", {}, r.nameZh, " ", el("span", { class: "en" }, r.nameEn)),
      el("td", { class: "num total" }), el("td", { class: "status-cell" }), el("td", { class: "reason-cell" }),
      el("td", {}, form));
  }

  async function submit(form, competitorId) {
    clearErrors(form);
    const reason = form.elements.reason.value.trim();
    if (!reason) { form.querySelector('[data-for="reason"]').textContent = "必须填写原因 / A reason is required"; return; }
    const stageId = ctx.desk.module.stageId;
    const url = form.dataset.mode === "resolve"
      ? `${ctx.base}/stages/${stageId}/protests/${competitorId}/resolve`
      : `${ctx.base}/stages/${stageId}/protests`;
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await postJson(url, form.dataset.mode === "resolve" ? { reason } : { competitorId, reason });
      form.reset();
      ctx.toast(form.dataset.mode === "resolve" ? "申诉已解决 Protest resolved" : "已标记申诉 Marked protested", "ok");
      // The standings event follows on the live channel; reading now shows the new status without waiting for it.
      ctx.standings = await ctx.getJson(`${ctx.base}/stages/${stageId}/standings`);
      ctx.entries = await ctx.getJson(`${ctx.base}/stages/${stageId}/entries`);
      render();
      ctx.refreshSoon();
    } catch (error) {
      showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  }

  return { render };
}
