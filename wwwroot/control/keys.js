// Display keys: a screen or an OBS source carries one in its URL. The server keeps only a hash, so a new key is shown
// once, here, and is gone from the page when the operator says it is saved (or leaves the page).
import { el } from "/js/common.js";
import { bi, when, problemText } from "./text.js";

const $ = id => document.getElementById(id);
const CONFIRM_TIMEOUT_MS = 10_000;

export function createKeys(ctx) {
  let keys = [];
  let confirming = null; // the id of the key whose revoke waits for its second click
  let confirmTimer = null;
  const form = $("new-key");
  const nameError = form.querySelector(".field-error[data-for=name]");

  form.addEventListener("submit", async event => {
    event.preventDefault();
    nameError.textContent = "";
    const name = form.elements.name.value.trim();
    if (!name) { nameError.textContent = "请填写名称,例如屏幕所在位置 · Give it a name, such as where the screen is"; return; }
    try {
      const issued = await ctx.postJson("/api/displays/keys", { name });
      form.reset();
      showIssued(issued);
      await load();
    } catch (error) {
      nameError.textContent = problemText(error);
    }
  });
  $("issued-done").addEventListener("click", hideIssued);
  for (const b of document.querySelectorAll("#issued .copy")) b.addEventListener("click", () => copy(b));

  function showIssued(issued) {
    $("issued-name").textContent = issued.name;
    $("issued-key").textContent = issued.key;
    $("issued-screen").value = issued.screenUrl;
    $("issued-overlay").value = issued.overlayUrl;
    $("issued").hidden = false;
    $("issued").dataset.keyId = issued.id;
    $("issued-screen").focus();
    $("issued-screen").select();
  }

  /// Forgets the key: it is no longer anywhere in the page.
  function hideIssued() {
    $("issued").hidden = true;
    for (const id of ["issued-key", "issued-name"]) $(id).textContent = "";
    for (const id of ["issued-screen", "issued-overlay"]) $(id).value = "";
  }

  async function copy(button) {
    const source = $(button.dataset.copy);
    const text = source.value ?? source.textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Without clipboard access (plain http on another host), select the text so Ctrl+C copies it.
      if (source.select) source.select();
      else getSelection().selectAllChildren(source);
      ctx.toast("请按 Ctrl+C 复制 · Press Ctrl+C to copy");
      return;
    }
    ctx.toast("已复制 Copied", "ok");
  }

  async function load() {
    try {
      keys = await ctx.getJson("/api/displays/keys");
    } catch (error) {
      ctx.toast(`密钥列表加载失败 · Keys failed to load: ${problemText(error)}`, "error");
    }
    render();
  }

  async function revoke(key) {
    if (confirming !== key.id) {
      confirming = key.id;
      clearTimeout(confirmTimer);
      confirmTimer = setTimeout(() => { confirming = null; render(); }, CONFIRM_TIMEOUT_MS);
      render();
      document.querySelector(`#key-rows tr[data-key-id="${key.id}"] [data-action=confirm-revoke]`)?.focus();
      return;
    }
    confirming = null;
    try {
      await ctx.postJson(`/api/displays/keys/${key.id}/revoke`);
      ctx.toast(`已吊销 Revoked: ${key.name}`, "ok");
    } catch (error) {
      ctx.toast(`吊销失败 · Revoke failed: ${problemText(error)}`, "error");
    }
    await load();
  }

  function render() {
    const rows = keys.slice().reverse().map(k => {
      const actions = [];
      if (!k.revoked && confirming === k.id) {
        const yes = el("button", { type: "button", class: "primary danger", "data-action": "confirm-revoke" }, ...bi("确认吊销", "Confirm revoke"));
        yes.addEventListener("click", () => revoke(k));
        const no = el("button", { type: "button", class: "ghost", "data-action": "cancel" }, ...bi("取消", "Cancel"));
        no.addEventListener("click", () => { confirming = null; render(); });
        actions.push(el("span", { class: "confirm" }, el("span", { class: "warn-text" }, "使用此密钥的屏幕将在几秒内断开且无法再连接 · Screens using it are disconnected within seconds and can no longer connect"), yes, no));
      } else if (!k.revoked) {
        const b = el("button", { type: "button", "data-action": "revoke" }, ...bi("吊销", "Revoke"));
        b.addEventListener("click", () => revoke(k));
        actions.push(b);
      }
      return el("tr", { "data-key-id": k.id, class: k.revoked ? "revoked" : "" },
        el("td", { class: "num" }, k.id), el("td", {}, k.name), el("td", {}, when(k.createdAt)),
        el("td", { class: "key-state" }, k.revoked ? el("span", { class: "chip offline" }, "已吊销 Revoked") : el("span", { class: "chip online" }, "有效 Active")),
        el("td", { class: "actions" }, ...actions));
    });
    if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 5, class: "empty" }, "还没有密钥 · No keys yet")));
    $("key-rows").replaceChildren(...rows);
  }

  return { load };
}
