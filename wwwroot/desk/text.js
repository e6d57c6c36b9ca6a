// Labels and small formatting helpers of the desk. Chinese first, then English, as on every LiveBoard page.
import { el, ApiError } from "/js/common.js";

export const bi = (zh, en) => [zh, " ", el("span", { class: "en" }, en)];

export const moduleStatusNames = {
  Scheduled: "未开始 Scheduled", Live: "进行中 Live", Closed: "已结束 Closed", Locked: "已锁定 Locked",
};
// What each module status means for the stage's results (docs/rules.md, "Totals and status").
export const moduleStatusEffect = {
  Scheduled: "未开始:成绩为待赛 · Not started: the results are a start list",
  Live: "评分中:成绩为进行中 · Marking: the results are live",
  Closed: "已结束:阶段全部模块结束或锁定后成绩为非正式 · Closed: unofficial once every module of the stage is closed or locked",
  Locked: "已锁定:阶段全部模块锁定后成绩为正式 · Locked: official once every module of the stage is locked",
};
export const outcomeNames = { Scored: "已评 Scored", Pending: "待评 Pending", RescoreRequired: "需重评 Re-score required" };
export const typeNames = { Measurement: "测量 Measurement", Judgement: "评价 Judgement" };
export const auditActions = {
  "module-status": "模块状态 Module status", protest: "提出申诉 Protest", "protest-resolved": "申诉已解决 Protest resolved",
  freeze: "冻结 Freeze", unfreeze: "解冻 Unfreeze", "awards-confirmed": "确认奖项 Awards confirmed",
};

export const fixed2 = value => Number(value).toFixed(2);
/// A judge's entry as typed: 2, 0.5, 0.03 (no padding zeros, so "2 · 3 · 2" stays short).
export const entry = value => String(Number(value));

const two = n => String(n).padStart(2, "0");
/// Local time of the desk's browser (the venue's), with the date when it is not today.
export function when(iso) {
  const d = new Date(iso);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return d.toDateString() === new Date().toDateString() ? time : `${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}

/// A fresh idempotency key. crypto.randomUUID needs a secure context, which a venue LAN on plain http is not.
export function newKey() {
  if (globalThis.crypto?.randomUUID && globalThis.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map(b => b.toString(16).padStart(2, "0")).join("");
}

export const judgeName = judge => judge ? `${judge.nameZh} ${judge.nameEn}` : "";

/// Puts each field's messages of a problem answer beside its field (`.field-error[data-for=field]`), the rest under "form".
export function showErrors(form, error) {
  clearErrors(form);
  const target = field => form.querySelector(`.field-error[data-for="${field}"]`) ?? form.querySelector('.field-error[data-for="form"]');
  if (!(error instanceof ApiError)) { target("form").textContent = `出错 Failed: ${error.message}`; return; }
  const fields = Object.entries(error.errors);
  if (fields.length === 0) target("form").textContent = error.status === 403 ? `无权操作 Not allowed (${error.message})` : error.message;
  for (const [field, messages] of fields) target(field).append(messages.join(" "), " ");
}

export function clearErrors(form) {
  for (const p of form.querySelectorAll(".field-error")) p.textContent = "";
}
