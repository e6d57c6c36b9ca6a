// The module's status and its controls. Locking takes two steps: the button opens a dialog, and only typing the
// module's code sends the lock (the server checks the code too). Leaving Locked needs a reason.
import { el, postJson, statusNames } from "/js/common.js";
import { moduleStatusNames, moduleStatusEffect, showErrors, clearErrors } from "./text.js";

export function createModuleControl(ctx, box) {
  const lockDialog = document.getElementById("lock-dialog");
  const lockForm = document.getElementById("lock-form");
  const lockInput = document.getElementById("lock-confirm");
  const lockSubmit = document.getElementById("lock-submit");
  const unlockDialog = document.getElementById("unlock-dialog");
  const unlockForm = document.getElementById("unlock-form");

  for (const dialog of [lockDialog, unlockDialog])
    for (const b of dialog.querySelectorAll("[data-close]")) b.addEventListener("click", () => dialog.close());

  lockInput.addEventListener("input", () => { lockSubmit.disabled = lockInput.value.trim() !== ctx.module?.code; });
  lockForm.addEventListener("submit", async event => {
    event.preventDefault();
    const confirm = lockInput.value.trim();
    if (confirm !== ctx.module.code) return;
    if (await setStatus(lockForm, { status: "Locked", confirm })) lockDialog.close();
  });
  unlockForm.addEventListener("submit", async event => {
    event.preventDefault();
    const reason = unlockForm.elements.reason.value.trim();
    if (!reason) { unlockForm.querySelector('[data-for="reason"]').textContent = "解锁必须填写原因 / Unlocking needs a reason"; return; }
    if (await setStatus(unlockForm, { status: "Closed", reason })) unlockDialog.close();
  });

  function openLock() {
    const m = ctx.module;
    clearErrors(lockForm);
    lockInput.value = "";
    lockSubmit.disabled = true;
    document.getElementById("lock-module").textContent = `${m.code} ${m.nameZh} ${m.nameEn}`;
    document.getElementById("lock-code").textContent = m.code;
    const s = ctx.desk?.summary ?? { pending: 0, rescoreRequired: 0 };
    const open = document.getElementById("lock-open");
    open.hidden = s.pending + s.rescoreRequired === 0;
    open.textContent = `注意:仍有 ${s.pending} 项待评、${s.rescoreRequired} 项需重评,这些不计分 · ` +
      `Note: ${s.pending} pending and ${s.rescoreRequired} re-score cells remain and count for nothing`;
    lockDialog.showModal();
    lockInput.focus();
  }

  function openUnlock() {
    const m = ctx.module;
    clearErrors(unlockForm);
    unlockForm.reset();
    document.getElementById("unlock-module").textContent = `${m.code} ${m.nameZh} ${m.nameEn}`;
    unlockDialog.showModal();
  }

  async function setStatus(form, body) {
    const m = ctx.module;
    if (form) clearErrors(form);
    try {
      const module = await postJson(`${ctx.base}/modules/${m.id}/status`, body);
      // Shown at once; the live refresh that follows brings the rest of the desk along.
      if (ctx.desk) ctx.desk.module.status = module.status;
      const listed = ctx.modules.find(x => x.id === module.id);
      if (listed) listed.status = module.status;
      render();
      ctx.toast(`${m.code}: ${moduleStatusNames[module.status]}`, "ok");
      ctx.refreshSoon();
      return true;
    } catch (error) {
      if (form) showErrors(form, error); else ctx.toast(`失败 Failed: ${error.message}`, "error");
      return false;
    }
  }

  function render() {
    // From the modules list when the desk itself failed to load: locking must not depend on the matrix.
    const m = ctx.module;
    if (!m) { box.replaceChildren(); return; }
    // Every row shares the stage's status except a protested one.
    const rows = ctx.standings?.rows ?? [];
    const stageStatus = (rows.find(r => r.status !== "Protested") ?? rows[0])?.status;
    const button = (id, text, handler, cls = "") => {
      const b = el("button", { type: "button", id, class: cls }, text);
      b.addEventListener("click", handler);
      return b;
    };
    const actions = {
      Scheduled: [button("start", "开始评分 Start", () => setStatus(null, { status: "Live" }))],
      Live: [button("close", "结束评分 Close", () => setStatus(null, { status: "Closed" })),
        button("lock", "锁定 Lock", openLock, "primary danger")],
      Closed: [button("reopen", "重新开放 Reopen", () => setStatus(null, { status: "Live" })),
        button("lock", "锁定 Lock", openLock, "primary danger")],
      Locked: [button("unlock", "解锁 Unlock", openUnlock)],
    }[m.status] ?? [];
    box.replaceChildren(
      el("span", { id: "module-status", class: `module-status ${m.status}`, "data-status": m.status }, moduleStatusNames[m.status] ?? m.status),
      // What the stage's results are now, as the standings say (other modules of the stage count too).
      el("span", { class: "effect", title: moduleStatusEffect[m.status] ?? "" }, "阶段成绩 ", el("span", { class: "en" }, "Stage results"), el("br"),
        el("strong", { id: "stage-status", "data-status": stageStatus ?? "" }, statusNames[stageStatus] ?? "—")),
      ...actions);
  }

  return { render };
}
