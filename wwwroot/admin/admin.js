// Shared by the admin pages: the admin check, forms that post to the API and show each error beside its field,
// spreadsheet uploads with per-row error reports, and the bilingual names of the API's enums.
import { ApiError, requireUser, postJson, el, wireStaffHeader } from "/js/common.js";

export const levelNames = {
  City: "市级赛 City", District: "区级赛 District", Group: "集团赛 Group", Street: "街道赛 Street",
  Company: "公司赛 Company", Enterprise: "企业赛 Enterprise", Team: "班组赛 Team",
};
export const organisationKinds = {
  Federation: "总工会 Federation", DistrictUnion: "区总工会 District union", IndustryUnion: "产业工会 Industry union",
  Group: "集团 Group", Enterprise: "企业 Enterprise", Team: "班组 Team", Association: "协会 Association", Institute: "院所 Institute",
};
export const formatNames = { Ranked: "排名赛 Ranked", Challenge: "擂台赛 Challenge" };
export const advancementNames = {
  None: "不晋级 None", TopN: "前 N 名 Top N", TopPercent: "前 N% Top percent", AboveMark: "达到分数线 At or above a mark",
};
export const panelRuleNames = {
  WorldSkills: "世赛规则 WorldSkills (3 人, 分差 ≤ 1)", Mean: "平均分 Mean", TrimmedMean: "去掉最高最低分 Trimmed mean",
};
export const moduleStatusNames = { Scheduled: "未开始 Scheduled", Live: "进行中 Live", Closed: "已结束 Closed", Locked: "已锁定 Locked" };
export const roleNames = { admin: "管理员 Admin", media: "媒体 Media", "display-operator": "大屏操作员 Display operator" };

/// The signed-in admin, or null while the browser is sent to sign in (anonymous, or signed in without the admin role).
/// The page stays hidden until then, so nobody sees an empty admin page flash by.
export async function requireAdmin() {
  const here = location.pathname + location.search;
  const me = await requireUser(here);
  if (!me) return null;
  if (!me.roles.includes("admin")) {
    location.href = `/signin.html?return=${encodeURIComponent(here)}`;
    return null;
  }
  wireStaffHeader(me, "/admin/");
  document.querySelector("main").hidden = false;
  return me;
}

/// Options of a select from [value, label] pairs, optionally after a blank choice; the current choice is kept if still offered.
export function fillSelect(select, pairs, { blank } = {}) {
  const keep = select.value;
  select.replaceChildren(...(blank ? [el("option", { value: "" }, blank)] : []), ...pairs.map(([value, label]) => el("option", { value }, label)));
  if ([...select.options].some(o => o.value === keep)) select.value = keep;
}

export const enumPairs = names => Object.entries(names);

/// Reads a form into the API's shape: field names are the API's (dots nest: "rules.goldCount"), blank fields are left out,
/// numbers, checkboxes, id selects (data-type="int"), comma lists (data-type="list"), role checkboxes (data-type="set")
/// and datetime-local fields (sent as ISO times with this computer's offset) get their JSON types.
export function readForm(form) {
  const out = {};
  for (const input of form.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (input.disabled) continue;
    let value;
    const type = input.dataset.type;
    if (type === "set") {
      if (input.type !== "checkbox") continue;
      const list = getPath(out, input.name) ?? [];
      if (input.checked) list.push(input.value);
      setPath(out, input.name, list);
      continue;
    }
    if (input.type === "checkbox") value = input.checked;
    else if (input.type === "file") continue;
    else {
      const text = input.value.trim();
      if (text === "") continue;
      if (input.type === "number") value = Number(text);
      else if (type === "int") value = Number.parseInt(text, 10);
      else if (type === "list") value = text.split(/[\s,;，、；]+/).filter(Boolean);
      else if (input.type === "datetime-local") value = isoWithOffset(text);
      else value = text;
    }
    setPath(out, input.name, value);
  }
  return out;
}

function getPath(target, path) {
  return path.split(".").reduce((node, key) => node?.[key], target);
}

function setPath(target, path, value) {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys.at(-1)] = value;
}

/// "2026-06-12T09:00" typed on this computer → "2026-06-12T09:00:00+08:00": the server stores UTC, the offset says which.
export function isoWithOffset(local) {
  const date = new Date(local);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const pad = n => String(Math.abs(n)).padStart(2, "0");
  const [day, time] = local.split("T");
  const seconds = time.length === 5 ? `${time}:00` : time;
  return `${day}T${seconds}${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

export function timeZoneLabel() {
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes >= 0 ? "+" : "-";
  const pad = n => String(Math.abs(n)).padStart(2, "0");
  return `UTC${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/// "2026-06-12 09:00" in this computer's time zone: short, and read the same way in Chinese and English.
export const formatTime = iso => new Date(iso).toLocaleString("sv-SE", { dateStyle: "short", timeStyle: "short" });

export function clearErrors(form) {
  for (const slot of form.querySelectorAll(".field-error")) slot.textContent = "";
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const done = form.querySelector(".done");
  if (done) done.textContent = "";
}

/// Each message beside its field ([data-for="rules.goldCount"]); a field without a place on the form, or a problem
/// without fields, goes to the form's own line ([data-for="form"]) with the field named.
export function showErrors(form, error) {
  const general = form.querySelector('[data-for="form"]');
  if (!(error instanceof ApiError)) {
    general.textContent = `网络或页面错误 / Network or page error: ${error.message}`;
    return;
  }
  if (error.status === 401) {
    general.append("登录已过期,请重新登录 / Your session has expired: ",
      el("a", { href: `/signin.html?return=${encodeURIComponent(location.pathname + location.search)}` }, "登录 Sign in"));
    return;
  }
  const fields = Object.entries(error.errors);
  if (fields.length === 0) general.textContent = error.message;
  for (const [field, messages] of fields) {
    const slot = form.querySelector(`[data-for="${CSS.escape(field)}"]`);
    if (slot) {
      slot.textContent = messages.join(" ");
      const input = slot.closest("label")?.querySelector("input, select, textarea");
      input?.setAttribute("aria-invalid", "true");
    } else {
      general.append(general.textContent ? " " : "", `${field}: ${messages.join(" ")}`);
    }
  }
}

/// Wires a form to an API call: errors beside their fields, a short confirmation on success, the button held while
/// the request runs (a double click must not create two competitions).
export function bindForm(form, submit, { reset = true, done } = {}) {
  form.noValidate = true;
  form.addEventListener("submit", async event => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector("button[type=submit], button:not([type])");
    if (button) button.disabled = true;
    try {
      const result = await submit(readForm(form));
      if (reset) clearInputs(form);
      const message = done?.(result);
      const line = form.querySelector(".done");
      if (line && message) line.textContent = message;
    } catch (error) {
      showErrors(form, error);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/// Empties what was typed but keeps the choices (series, stage, organisation): the next entry is usually for the same one.
function clearInputs(form) {
  for (const input of form.querySelectorAll("input:not([type=file]), textarea")) {
    if (input.type === "checkbox") input.checked = input.defaultChecked;
    else input.value = input.defaultValue;
  }
}

/// Posts the chosen file as it is: the server tells CSV from an Excel workbook (.xlsx) by its content and finds a CSV's
/// encoding (UTF-8, or GB 18030 as Excel on Chinese Windows saves "CSV (逗号分隔)"), and says in its report what it read.
export async function postFile(url, file) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    // The bytes as they are; the browser's guess at the type (often none, or "application/vnd.ms-excel" for a CSV) decides nothing.
    headers: { "content-type": "application/octet-stream", accept: "application/json" },
    body: file,
  });
  const body = await response.text();
  const data = body ? JSON.parse(body) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/// A template to fill in: the expected header and example rows, made here so it always matches what the page sends.
/// The byte-order mark makes Excel read it as UTF-8 (Chinese intact).
export function templateLink(link, fileName, header, rows) {
  const quote = v => /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  const text = [header, ...rows].map(r => r.map(v => quote(String(v ?? ""))).join(",")).join("\r\n") + "\r\n";
  if (link.href.startsWith("blob:")) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  link.download = fileName;
}

/// The import's problems as a table, one line per bad cell, ordered by the line of the file: "rows[4].organisation" is
/// line 4 of the spreadsheet (the header is line 1). Problems that name no line (the file, the scheme as a whole) come first.
export function importProblems(error) {
  const rows = [];
  for (const [field, messages] of Object.entries(error.errors ?? {})) {
    const match = /^rows\[(\d+)\]\.(.+)$/.exec(field);
    const aspect = /^aspects\[(\d+)\]\.(.+)$/.exec(field);
    for (const message of messages) {
      if (match) rows.push({ line: Number(match[1]), where: `第 ${match[1]} 行 Line ${match[1]}`, column: match[2], message });
      // The scheme's whole-scheme checks count aspects, not lines: the nth aspect is the nth data row.
      else if (aspect) rows.push({ line: 0, where: `第 ${Number(aspect[1]) + 1} 条细则 Aspect ${Number(aspect[1]) + 1}`, column: aspect[2], message });
      else rows.push({ line: -1, where: "文件 File", column: field === "file" || field === "rows" ? "" : field, message });
    }
  }
  if (rows.length === 0) rows.push({ line: -1, where: "文件 File", column: "", message: error.message });
  rows.sort((a, b) => a.line - b.line);
  return el("div", { class: "import-problems", role: "alert" },
    el("p", { class: "problem-title" },
      `文件有 ${rows.length} 处问题,未导入任何数据。 `, el("span", { class: "en" }, `${rows.length} problem(s) in the file; nothing was imported.`)),
    el("table", { class: "list" },
      el("thead", {}, el("tr", {}, el("th", {}, "位置 ", el("span", { class: "en" }, "Where")),
        el("th", {}, "列 ", el("span", { class: "en" }, "Column")), el("th", {}, "问题 ", el("span", { class: "en" }, "Problem")))),
      el("tbody", {}, ...rows.map(r => el("tr", { "data-line": String(r.line), "data-column": r.column },
        el("td", { class: "where" }, r.where), el("td", { class: "column" }, r.column), el("td", {}, r.message))))));
}

/// A spreadsheet import (url() gives null while there is nowhere to import to): the chosen file is posted; on success the
/// report callback says what came in, on failure the per-row problems replace the report. With `preview`, the file is first
/// sent with ?dryRun=true and preview(report) shows what would happen above a button to confirm it: nothing is saved until
/// the organiser confirms, and choosing another file drops the preview. Nothing else on the page changes until the server accepts it.
export function bindImport(form, url, onImported, { preview } = {}) {
  form.noValidate = true;
  const report = form.querySelector(".import-report");
  const input = form.querySelector("input[type=file]");
  const button = form.querySelector("button[type=submit]");
  input.addEventListener("change", () => report.replaceChildren());
  const fail = error => report.replaceChildren(error instanceof ApiError ? importProblems(error)
    : el("p", { class: "field-error" }, `网络或页面错误 / Network or page error: ${error.message}`));
  const save = async (target, file) => {
    const result = await postFile(target, file);
    report.replaceChildren(el("div", { class: "done", role: "status" }, await onImported(result)));
    form.reset();
  };
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const file = input.files[0];
    const target = url();
    report.replaceChildren();
    if (!target || !file) {
      report.append(el("p", { class: "field-error" }, target ? "请先选择文件 / Choose a file first" : "请先新建阶段 / Create a stage first"));
      return;
    }
    button.disabled = true;
    try {
      if (!preview) {
        await save(target, file);
        return;
      }
      const dryRun = await postFile(`${target}?dryRun=true`, file);
      const confirm = el("button", { type: "button", class: "confirm" }, "确认导入 Confirm import");
      const cancel = el("button", { type: "button", class: "secondary" }, "取消 Cancel");
      cancel.addEventListener("click", () => { report.replaceChildren(); form.reset(); });
      confirm.addEventListener("click", async () => {
        confirm.disabled = cancel.disabled = true;
        try {
          await save(target, file);
        } catch (error) {
          fail(error);
        }
      });
      report.replaceChildren(el("div", { class: "import-preview" }, preview(dryRun), el("div", { class: "confirm-bar" }, confirm, cancel)));
    } catch (error) {
      fail(error);
    } finally {
      button.disabled = false;
    }
  });
}

/// Bilingual table header cell.
export const th = (zh, en, attrs = {}) => el("th", attrs, zh, " ", el("span", { class: "en" }, en));

export const both = (zh, en) => [zh, " ", el("span", { class: "en" }, en)];

/// Organisations in tree order (parents before children), each with its depth, for lists and parent pickers.
export function organisationTree(organisations) {
  const children = new Map();
  for (const o of organisations) {
    const key = organisations.some(p => p.id === o.parentId) ? o.parentId : null;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(o);
  }
  const out = [];
  const walk = (parent, depth) => { for (const o of children.get(parent) ?? []) { out.push({ ...o, depth }); walk(o.id, depth + 1); } };
  walk(null, 0);
  return out;
}

export const organisationPairs = organisations =>
  organisationTree(organisations).map(o => [String(o.id), `${"　".repeat(o.depth)}${o.nameZh} ${o.nameEn}`]);

/// The competition rules as form fields named "rules.…" (the API's error keys), filled with the given or default values.
export function fillRulesFieldset(fieldset, rules = {}) {
  const r = {
    panelRule: "WorldSkills", panelSize: 3, maxPanelSpread: 1, goldCount: 1, silverCount: 2, bronzeCount: 3,
    tieBreakCriteria: [], scalingEnabled: false, scaleCentre: 700, scaleSpread: 100, publicMarksBeforeLock: false, ...rules,
  };
  const number = (name, zh, en, attrs = {}) => el("label", {}, ...both(zh, en),
    el("input", { name: `rules.${name}`, type: "number", value: String(r[name]), ...attrs }),
    el("span", { class: "field-error", "data-for": `rules.${name}` }));
  const check = (name, zh, en) => {
    const box = el("input", { name: `rules.${name}`, type: "checkbox" });
    box.checked = box.defaultChecked = Boolean(r[name]);
    return el("label", { class: "check wide" }, box, ...both(zh, en));
  };
  const panel = el("select", { name: "rules.panelRule" });
  fillSelect(panel, enumPairs(panelRuleNames));
  panel.value = r.panelRule;
  fieldset.replaceChildren(
    el("legend", {}, "规则 ", el("span", { class: "en" }, "Rules")),
    el("label", { class: "wide" }, ...both("评分组规则", "Panel rule"), panel, el("span", { class: "field-error", "data-for": "rules.panelRule" })),
    number("panelSize", "评分组人数", "Panel size", { min: "1", max: "15", step: "1" }),
    number("maxPanelSpread", "最大分差", "Max spread", { min: "0", max: "3", step: "0.5" }),
    el("span"),
    number("goldCount", "金奖名额", "Golds", { min: "0", max: "10", step: "1" }),
    number("silverCount", "银奖名额", "Silvers", { min: "0", max: "20", step: "1" }),
    number("bronzeCount", "铜奖名额", "Bronzes", { min: "0", max: "30", step: "1" }),
    el("label", { class: "wide" }, ...both("同分时依次比较的评分项(代码,逗号分隔)", "Tie-break criteria (codes, in order)"),
      el("input", { name: "rules.tieBreakCriteria", "data-type": "list", value: r.tieBreakCriteria.join(", "), placeholder: "A, B" }),
      el("span", { class: "field-error", "data-for": "rules.tieBreakCriteria" })),
    check("scalingEnabled", "换算标准分(中心分 + 标准差分值)", "Scaled scores (centre + spread)"),
    number("scaleCentre", "中心分", "Centre", { step: "1" }),
    number("scaleSpread", "标准差分值", "Spread", { step: "1", min: "1" }),
    el("span"),
    check("publicMarksBeforeLock", "锁定前向公众公开各评委评分", "Judges' marks public before lock"));
}
