import { getJson, postJson, putJson, el } from "/js/common.js";
import { requireAdmin, bindForm, fillSelect, roleNames, th, both, clearErrors } from "/admin/admin.js";

const $ = id => document.getElementById(id);
const createForm = $("new-account");
const editForm = $("edit-account");
let me = null, accounts = [], judges = [], editing = null;

function roleBoxes(fieldset) {
  const error = fieldset.querySelector(".field-error");
  fieldset.replaceChildren(fieldset.querySelector("legend"), ...Object.entries(roleNames).map(([value, label]) =>
    el("label", { class: "check" }, el("input", { type: "checkbox", name: "roles", value, "data-type": "set" }), label)), error);
}

async function load() {
  [accounts, judges] = await Promise.all([getJson("/api/accounts"), getJson("/api/judges")]);
  const judgePairs = judges.map(j => [String(j.id), `${j.nameZh} ${j.nameEn}`]);
  fillSelect(createForm.elements.judgeId, judgePairs, { blank: "无 None" });
  fillSelect(editForm.elements.judgeId, judgePairs, { blank: "无 None" });
  render();
}

const judgeName = id => {
  const j = judges.find(x => x.id === id);
  return j ? [j.nameZh, " ", el("span", { class: "en" }, j.nameEn)] : [`#${id}`];
};

function render() {
  $("account-list").replaceChildren(el("table", { class: "list", id: "accounts" },
    el("thead", {}, el("tr", {}, th("用户名", "User name"), th("显示名", "Display name"), th("角色", "Roles"), th("评委", "Judge"),
      th("状态", "State"), th("操作", "Actions"))),
    el("tbody", {}, ...accounts.map(a => {
      const edit = el("button", { type: "button", class: "link" }, "修改 Edit");
      edit.addEventListener("click", () => startEdit(a));
      const toggle = el("button", { type: "button", class: "link" }, a.disabled ? "启用 Enable" : "停用 Disable");
      toggle.disabled = a.id === me.id;
      toggle.addEventListener("click", async () => {
        $("list-error").textContent = "";
        try {
          const updated = await putJson(`/api/accounts/${a.id}`, { disabled: !a.disabled });
          await load();
          if (editing?.id === updated.id) startEdit(updated);
        } catch (error) {
          $("list-error").textContent = error.message;
        }
      });
      return el("tr", { "data-user": a.userName, class: a.disabled ? "disabled" : "" },
        el("td", {}, a.userName), el("td", {}, a.displayName),
        el("td", {}, ...(a.roles.length ? a.roles.map(r => el("span", { class: "pill" }, roleNames[r] ?? r)) : [el("span", { class: "muted" }, "—")])),
        el("td", {}, ...(a.judgeId ? judgeName(a.judgeId) : ["—"])),
        el("td", { class: "nowrap" }, a.disabled ? el("span", { class: "pill off" }, "已停用 Disabled") : "正常 Active"),
        el("td", {}, el("div", { class: "actions" }, edit, a.id === me.id ? "" : toggle)));
    }))));
}

function startEdit(account) {
  editing = account;
  clearErrors(editForm);
  editForm.hidden = false;
  $("edit-name").textContent = account.userName;
  editForm.elements.displayName.value = account.displayName;
  editForm.elements.password.value = "";
  editForm.elements.judgeId.value = account.judgeId ? String(account.judgeId) : "";
  // The server keeps a judge link once made (an empty choice means "unchanged"), so the choice is offered only while unlinked.
  editForm.elements.judgeId.disabled = account.judgeId != null;
  editForm.elements.disabled.checked = account.disabled;
  const self = account.id === me.id;
  for (const box of editForm.querySelectorAll('input[name="roles"]')) {
    box.checked = account.roles.includes(box.value);
    box.disabled = self && box.value === "admin";
  }
  editForm.elements.disabled.disabled = self;
  $("self-note").hidden = !self;
  editForm.elements.displayName.focus();
}

roleBoxes(createForm.querySelector("fieldset.roles"));
roleBoxes(editForm.querySelector("fieldset.roles"));

bindForm(createForm, async body => {
  const account = await postJson("/api/accounts", body);
  await load();
  return account;
}, { done: a => `已创建 Created: ${a.userName}` });

bindForm(editForm, async body => {
  // A box disabled to protect one's own account still counts as ticked.
  if (editing.id === me.id) body.roles = [...new Set([...(body.roles ?? []), "admin"])];
  const account = await putJson(`/api/accounts/${editing.id}`, body);
  await load();
  startEdit(account);
  return account;
}, { reset: false, done: a => `已保存 Saved: ${a.userName}` });

me = await requireAdmin();
if (me) await load().catch(error => $("account-list").replaceChildren(el("p", { class: "field-error" }, ...both("加载失败", `Failed to load: ${error.message}`))));
