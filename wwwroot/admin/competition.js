import { ApiError, getJson, postJson, putJson, el, stageNames } from "/js/common.js";
import {
  requireAdmin, bindForm, bindImport, fillSelect, enumPairs, formatNames, advancementNames, moduleStatusNames, levelNames,
  fillRulesFieldset, organisationPairs, templateLink, timeZoneLabel, formatTime, th, both, clearErrors, showErrors,
} from "/admin/admin.js";

const competitionId = Number.parseInt(new URLSearchParams(location.search).get("id") ?? "", 10);
const base = `/api/competitions/${competitionId}`;
const $ = id => document.getElementById(id);
let data = null;

const stageDefaults = {
  Preliminary: ["预赛", "Preliminary"], Selection: ["选拔赛", "Selection"], Final: ["决赛", "Final"],
};

async function load() {
  const [competition, stages, modules, standards, competitors, organisations, judges, assignments] = await Promise.all([
    getJson(base), getJson(`${base}/stages`), getJson(`${base}/modules`), getJson(`${base}/standards`),
    getJson(`${base}/competitors`), getJson("/api/organisations"), getJson("/api/judges"), getJson(`${base}/assignments`)]);
  data = { competition, stages, modules, standards, competitors, organisations, judges, assignments };
  renderHeader();
  renderStages();
  renderCompetitors();
  renderJudges();
  renderCodes();
  renderExports();
  await renderSchemeStage();
}

const organisationName = id => {
  const o = data.organisations.find(x => x.id === id);
  return o ? [o.nameZh, " ", el("span", { class: "en" }, o.nameEn)] : ["—"];
};
const judgeName = id => {
  const j = data.judges.find(x => x.id === id);
  return j ? `${j.nameZh} ${j.nameEn}` : `#${id}`;
};
/// "预赛 Preliminary", plus the stage's own name when it has one ("预赛 Preliminary · 第一轮 Round one").
const stageLabel = s => {
  const [zh, en] = stageDefaults[s.kind] ?? [];
  const own = s.nameZh === zh && s.nameEn === en ? "" : ` · ${s.nameZh} ${s.nameEn}`;
  return `${stageNames[s.kind] ?? s.kind}${own}`;
};
const moduleLabel = m => `${m.code} ${m.nameZh} ${m.nameEn}`;

function renderHeader() {
  const c = data.competition;
  document.title = `${c.tradeZh} · 竞赛设置 Set-up — LiveBoard`;
  $("title").replaceChildren(c.tradeZh, " ", el("span", { class: "en" }, c.tradeEn), " · 设置 ", el("span", { class: "en" }, "Set-up"));
  $("subtitle").textContent = [levelNames[c.level], [c.gradeZh, c.gradeEn].filter(Boolean).join(" / "), c.hostsZh, c.venueZh]
    .filter(Boolean).join(" · ");
}

function advancementText(s) {
  const v = s.advancementValue;
  switch (s.advancement) {
    case "TopN": return `前 ${v} 名晋级 · Top ${v} advance`;
    case "TopPercent": return `前 ${v}% 晋级 · Top ${v}% advance`;
    case "AboveMark": return `${v} 分及以上晋级 · ${v} or more advance`;
    default: return "不设晋级 · No advancement";
  }
}

function renderStages() {
  const list = $("stage-list");
  if (data.stages.length === 0) list.replaceChildren(el("p", { class: "empty" }, "尚无阶段:先在右侧新建预赛。 No stages yet: create the preliminary on the right."));
  else list.replaceChildren(...data.stages.map(s => {
    const modules = data.modules.filter(m => m.stageId === s.id);
    return el("div", { class: "card", "data-stage": s.kind },
      el("h3", {}, stageLabel(s)),
      el("p", { class: "meta" }, `${formatNames[s.format] ?? s.format} · ${advancementText(s)}`),
      modules.length === 0
        ? el("p", { class: "empty" }, "尚无模块 · No modules yet")
        : el("table", { class: "list" },
          el("thead", {}, el("tr", {}, th("代码", "Code"), th("名称", "Name"), th("开始", "Starts"), th("结束", "Ends"), th("状态", "Status"))),
          el("tbody", {}, ...modules.map(m => el("tr", { "data-module": m.code },
            el("td", {}, m.code), el("td", {}, m.nameZh, " ", el("span", { class: "en" }, m.nameEn)),
            el("td", { class: "nowrap" }, formatTime(m.startsAt)), el("td", { class: "nowrap" }, formatTime(m.endsAt)),
            el("td", { class: "nowrap" }, moduleStatusNames[m.status] ?? m.status))))));
  }));

  // A competition has each stage once: the kinds already made cannot be chosen again.
  const taken = new Set(data.stages.map(s => s.kind));
  const kind = $("stage-kind");
  for (const option of kind.options) option.disabled = taken.has(option.value);
  const next = Object.keys(stageNames).find(k => !taken.has(k));
  if (next && taken.has(kind.value)) { kind.value = next; suggestStageNames(); }
  $("new-stage").querySelector("button[type=submit]").disabled = !next;
  $("stages-complete").hidden = Boolean(next);
  fillSelect($("module-stage"), data.stages.map(s => [String(s.id), `${stageLabel(s)}`]),
    { blank: data.stages.length ? undefined : "请先新建阶段 Create a stage first" });
}

/// The stage's name follows its kind until someone types a name of their own.
function suggestStageNames() {
  const form = $("new-stage");
  const [zh, en] = stageDefaults[$("stage-kind").value];
  for (const [input, value] of [[form.elements.nameZh, zh], [form.elements.nameEn, en]]) {
    if (input.value === "" || input.dataset.suggested === input.value) { input.value = value; input.dataset.suggested = value; }
  }
}

// ---- Standards -------------------------------------------------------------------------------------------------------
function standardsRow(section = {}, index) {
  const cell = (name, attrs = {}) => el("td", {},
    el("input", { "data-name": name, value: section[name] ?? "", "aria-label": name, ...attrs }),
    el("span", { class: "field-error", "data-for": `sections[${index}].${name}` }));
  const remove = el("button", { type: "button", class: "link", "aria-label": "删除 Remove" }, "删除 Remove");
  const row = el("tr", {}, cell("code", { placeholder: "A" }), cell("titleZh"), cell("titleEn"),
    cell("weight", { type: "number", min: "0", max: "100", step: "0.01" }), el("td", {}, remove));
  remove.addEventListener("click", () => { row.remove(); renumberStandards(); });
  return row;
}

function renumberStandards() {
  [...$("standards-rows").rows].forEach((row, i) => {
    for (const slot of row.querySelectorAll(".field-error")) slot.dataset.for = slot.dataset.for.replace(/^sections\[\d+\]/, `sections[${i}]`);
  });
  updateWeightSum();
}

function readStandards() {
  return [...$("standards-rows").rows].map(row => {
    const value = name => row.querySelector(`[data-name="${name}"]`).value.trim();
    const weight = value("weight");
    return { code: value("code") || null, titleZh: value("titleZh") || null, titleEn: value("titleEn") || null, weight: weight === "" ? null : Number(weight) };
  });
}

function updateWeightSum() {
  const rows = readStandards();
  const sum = Math.round(rows.reduce((total, r) => total + (r.weight ?? 0), 0) * 100) / 100;
  const cell = $("weights-sum");
  cell.textContent = `合计 Total ${sum}`;
  cell.dataset.ok = String(rows.length === 0 || sum === 100);
}

function renderStandards() {
  $("standards-rows").replaceChildren(...data.standards.map((s, i) => standardsRow(s, i)));
  updateWeightSum();
}

// ---- Marking scheme --------------------------------------------------------------------------------------------------
const schemeHeader = ["criterion", "criterionZh", "criterionEn", "subCriterion", "subCriterionZh", "subCriterionEn", "module",
  "aspect", "type", "maxMark", "descriptionZh", "descriptionEn", "section", "descriptor0", "descriptor1", "descriptor2", "descriptor3", "bands"];

async function renderSchemeStage() {
  const select = $("scheme-stage");
  fillSelect(select, data.stages.map(s => [String(s.id), stageLabel(s)]), { blank: data.stages.length ? undefined : "请先新建阶段 Create a stage first" });
  const stageId = Number.parseInt(select.value, 10);
  const modules = data.modules.filter(m => m.stageId === stageId);
  const m1 = modules[0]?.code ?? "M1";
  const m2 = modules[1]?.code ?? m1;
  const section = data.standards[0]?.code ?? "";
  templateLink($("scheme-template"), "marking-scheme-template.csv", schemeHeader, [
    ["A", "尺寸精度", "Dimensional accuracy", "A1", "外形尺寸", "Outer dimensions", m1, "A1.1", "M", "1.00", "长度 100±0.02", "Length 100±0.02", section, "", "", "", "", "0.02:1;0.05:0.5"],
    ["A", "尺寸精度", "Dimensional accuracy", "A1", "外形尺寸", "Outer dimensions", m1, "A1.2", "M", "2.00", "平面度", "Flatness", section, "", "", "", "", ""],
    ["B", "工艺与安全", "Workmanship and safety", "B1", "安全文明生产", "Safe working", m2, "B1.1", "J", "3.00", "现场整洁与安全操作", "Tidy and safe work area", section,
      "未达要求 Below standard", "基本达到 Meets the standard", "良好 Good", "优秀 Excellent", ""],
  ]);
  if (Number.isNaN(stageId)) { $("scheme-view").replaceChildren(); return; }
  renderScheme(await getJson(`${base}/stages/${stageId}/scheme`));
}

function renderScheme(scheme) {
  const view = $("scheme-view");
  if (scheme.aspects.length === 0) {
    view.replaceChildren(el("p", { class: "empty" }, "该阶段尚无评分方案:下载模板,填好后导入。 No marking scheme for this stage yet: download the template, fill it in, import it."));
    return;
  }
  const moduleCode = id => data.modules.find(m => m.id === id)?.code ?? `#${id}`;
  const rows = [];
  for (const c of scheme.criteria) {
    const subs = scheme.subCriteria.filter(s => s.criterionId === c.id);
    const aspects = scheme.aspects.filter(a => subs.some(s => s.id === a.subCriterionId));
    rows.push(el("tr", { class: "criterion", "data-code": c.code },
      el("td", {}, c.code), el("td", { colspan: "2" }, ...namesOf(c)),
      el("td", { class: "num" }, sumOf(aspects)), el("td", { colspan: "3" })));
    for (const s of subs) {
      const own = scheme.aspects.filter(a => a.subCriterionId === s.id);
      rows.push(el("tr", { class: "sub", "data-code": s.code },
        el("td", {}, s.code), el("td", { colspan: "2" }, ...namesOf(s)),
        el("td", { class: "num" }, sumOf(own)), el("td", {}, moduleCode(s.moduleId)), el("td", { colspan: "2" })));
      for (const a of own) rows.push(el("tr", { class: "aspect", "data-code": a.code },
        el("td", {}, a.code),
        el("td", {}, a.descriptionZh, el("br"), el("span", { class: "en" }, a.descriptionEn)),
        el("td", {}, a.type === "Judgement" ? "J 评价 Judgement" : "M 测量 Measurement"),
        el("td", { class: "num" }, a.maxMark.toFixed(2)),
        el("td", {}, moduleCode(s.moduleId)),
        el("td", {}, a.standardsSectionCode ?? ""),
        el("td", { class: "how" }, howMarked(a))));
    }
  }
  view.replaceChildren(
    el("p", { class: "note" }, `${scheme.criteria.length} 项评分标准 · ${scheme.subCriteria.length} 项子标准 · ${scheme.aspects.length} 条细则 · 满分合计 ${scheme.maximumTotal.toFixed(2)} — `,
      el("span", { class: "en" }, `criteria ${scheme.criteria.length}, sub-criteria ${scheme.subCriteria.length}, aspects ${scheme.aspects.length}, maximum ${scheme.maximumTotal.toFixed(2)}`)),
    el("table", { class: "list scheme" },
      el("thead", {}, el("tr", {}, th("编号", "Code"), th("内容", "Description"), th("类型", "Type"), th("满分", "Max", { class: "num" }),
        th("模块", "Module"), th("标准章节", "Section"), th("评分说明", "How it is marked"))),
      el("tbody", {}, ...rows)));
}

/// A criterion imported without names is named by its code; the code is already in the first column.
const namesOf = x => x.nameZh === x.code && x.nameEn === x.code ? [] : [x.nameZh, " ", el("span", { class: "en" }, x.nameEn)];

const sumOf = aspects => aspects.reduce((total, a) => total + a.maxMark, 0).toFixed(2);

function howMarked(a) {
  if (a.type === "Judgement")
    return a.descriptors.length ? el("ol", {}, ...a.descriptors.map((d, i) => el("li", {}, `${i}: ${d}`))) : "0–3 分 · scores 0–3";
  if (a.bands.length) return a.bands.map(b => `±${b.within} → ${Math.round(b.fraction * 100)}%`).join("; ");
  return "满分或零分 · full or zero";
}

// ---- Competitors -----------------------------------------------------------------------------------------------------
const fieldNames = {
  nameZh: "中文名 Chinese name", nameEn: "英文名 English name", organisation: "单位 Organisation",
  mentorZh: "师傅 Mentor", mentorEn: "师傅英文名 Mentor (English)", medalEligible: "参评奖牌 Medal eligible",
};

/// What a competitor import did, or with a dry run would do: the counts, the file as the server read it, a warning when
/// the competitors end up in no stage, and a line per created or updated competitor with each change.
function competitorImportReport(r) {
  const c = r.counts;
  const will = r.dryRun;
  let zh = `${will ? "预览(尚未保存):将新建" : "已导入:新建"} ${c.created} 名、更新 ${c.updated} 名选手,${c.unchanged} 名无变化`;
  let en = `${will ? "Preview (nothing saved yet): " : "Imported: "}${c.created} ${will ? "to create" : "created"}, ${c.updated} ${will ? "to update" : "updated"}, ${c.unchanged} unchanged`;
  if (r.stage && c.entered > 0) {
    zh += `;${c.entered} 名${will ? "将" : ""}报名${r.stage.nameZh}`;
    en += `; ${c.entered} ${will ? "to be entered" : "entered"} in ${r.stage.nameEn}`;
  }
  const read = r.file.format === "xlsx" ? `Excel (.xlsx) · 工作表 sheet “${r.file.sheet ?? ""}”` : `CSV · ${r.file.encoding}`;
  const parts = [
    el("p", { class: "summary" }, zh + "。", " ", el("span", { class: "en" }, en + ".")),
    el("p", { class: "note file-read" }, `读取 Read: ${read} · ${c.rows} 行 rows`),
  ];
  if (c.notEntered > 0) parts.push(el("p", { class: "warning", role: "alert" },
    `本竞赛还没有阶段:这 ${c.notEntered} 名选手${will ? "将" : ""}不报名任何阶段。新建第一个阶段后,再导入同一文件即可报名。 `,
    el("span", { class: "en" }, `The competition has no stage yet: ${c.notEntered === 1 ? "this competitor is" : `these ${c.notEntered} competitors are`} ` +
      "entered in no stage. Create the first stage, then import the same file again to enter them.")));
  const lines = [
    ...r.created.map(x => ({ ...x, kind: "created", what: [el("span", { class: "pill" }, "新建 New")] })),
    ...r.updated.map(x => ({ ...x, kind: "updated", what: x.changes.map(ch => el("div", { "data-field": ch.field },
      `${fieldNames[ch.field] ?? ch.field}: `, el("del", {}, ch.from ?? "—"), " → ", el("ins", {}, ch.to ?? "—"))) })),
  ].sort((a, b) => a.line - b.line);
  if (lines.length) parts.push(el("table", { class: "list import-changes" },
    el("thead", {}, el("tr", {}, th("行", "Line"), th("参赛号", "Bib"), th("选手", "Competitor"), th("变化", "Change"))),
    el("tbody", {}, ...lines.map(x => el("tr", { "data-bib": x.bib, "data-kind": x.kind },
      el("td", { class: "num" }, String(x.line)), el("td", {}, x.bib),
      el("td", {}, x.nameZh, " ", el("span", { class: "en" }, x.nameEn)), el("td", {}, ...x.what))))));
  return el("div", { class: "import-summary", "data-dry-run": String(r.dryRun) }, ...parts);
}

function renderCompetitors() {
  const orgs = data.organisations;
  // The template's example names an organisation that exists, so a first try with it imports cleanly.
  const example = orgs.find(o => o.parentId != null) ?? orgs[0];
  templateLink($("competitor-template"), "competitors-template.csv",
    ["bib", "nameZh", "nameEn", "organisation", "mentorZh", "mentorEn", "medalEligible"],
    [["C-01", "张伟", "Zhang Wei", example?.nameZh ?? "上海电气集团", "王建国", "Wang Jianguo", "是"],
      ["C-02", "李娜", "Li Na", example?.nameZh ?? "上海电气集团", "", "", "是"]]);
  fillSelect($("competitor-organisation"), organisationPairs(orgs), { blank: "请选择 Choose…" });
  const list = $("competitor-list");
  if (data.competitors.length === 0) {
    list.replaceChildren(el("p", { class: "empty" }, "尚无选手 · No competitors yet"));
    return;
  }
  list.replaceChildren(
    el("p", { class: "note" }, `共 ${data.competitors.length} 名选手 · ${data.competitors.length} competitors`),
    el("table", { class: "list", id: "competitors" },
      el("thead", {}, el("tr", {}, th("参赛号", "Bib"), th("选手", "Competitor"), th("单位", "Organisation"), th("师傅", "Mentor"), th("奖牌", "Medals"))),
      el("tbody", {}, ...data.competitors.map(c => el("tr", { "data-bib": c.bib },
        el("td", {}, c.bib), el("td", {}, c.nameZh, " ", el("span", { class: "en" }, c.nameEn)),
        el("td", {}, ...organisationName(c.organisationId)),
        el("td", {}, c.mentorZh ?? "", c.mentorEn ? " " : "", el("span", { class: "en" }, c.mentorEn ?? "")),
        el("td", {}, c.medalEligible ? "是 Yes" : el("span", { class: "pill off" }, "不参评 Not eligible")))))));
}

// ---- Judges and assignments ------------------------------------------------------------------------------------------
function renderJudges() {
  const assigned = data.assignments;
  const moduleText = id => {
    if (id == null) return "全部模块 All modules";
    const m = data.modules.find(x => x.id === id);
    return m ? moduleLabel(m) : `#${id}`;
  };
  $("assignment-list").replaceChildren(assigned.length === 0
    ? el("p", { class: "empty" }, "尚未分配评委 · No judges assigned yet")
    : el("table", { class: "list", id: "assignments" },
      el("thead", {}, el("tr", {}, th("评委", "Judge"), th("单位", "Organisation"), th("模块", "Module"), th("角色", "Role"))),
      el("tbody", {}, ...assigned.map(a => {
        const judge = data.judges.find(j => j.id === a.judgeId);
        return el("tr", { "data-judge": String(a.judgeId) },
          el("td", {}, judgeName(a.judgeId)),
          el("td", {}, ...(judge?.organisationId ? organisationName(judge.organisationId) : ["—"])),
          el("td", {}, moduleText(a.moduleId)),
          el("td", {}, a.chiefExpert ? el("span", { class: "pill chief" }, "裁判长 Chief expert") : "评委 Judge"));
      }))));

  $("judge-list").replaceChildren(data.judges.length === 0
    ? el("p", { class: "empty" }, "尚无评委 · No judges yet")
    : el("table", { class: "list" },
      el("thead", {}, el("tr", {}, th("编号", "Id", { class: "num" }), th("评委", "Judge"), th("单位", "Organisation"), th("本竞赛", "Here"))),
      el("tbody", {}, ...data.judges.map(j => el("tr", {},
        el("td", { class: "num" }, j.id), el("td", {}, j.nameZh, " ", el("span", { class: "en" }, j.nameEn)),
        el("td", {}, ...(j.organisationId ? organisationName(j.organisationId) : ["—"])),
        el("td", {}, assigned.some(a => a.judgeId === j.id) ? el("span", { class: "pill" }, "已分配 Assigned") : ""))))));

  fillSelect($("assign-judge"), data.judges.map(j => [String(j.id), `${j.nameZh} ${j.nameEn}`]),
    { blank: data.judges.length ? undefined : "请先新建评委 Create a judge first" });
  fillSelect($("assign-module"), data.modules.map(m => {
    const stage = data.stages.find(s => s.id === m.stageId);
    return [String(m.id), `${moduleLabel(m)}${stage ? ` (${stageNames[stage.kind] ?? stage.kind})` : ""}`];
  }), { blank: "全部模块 All modules" });
  fillSelect($("judge-organisation"), organisationPairs(data.organisations), { blank: "无 None" });
}

// ---- Access codes and exports ----------------------------------------------------------------------------------------
function renderCodes() {
  const ids = [...new Set(data.assignments.map(a => a.judgeId))];
  const sheet = $("code-sheet");
  sheet.action = `${base}/access-codes/sheet`;
  sheet.querySelector("button").disabled = ids.length === 0;
  $("sheet-judges").textContent = ids.length === 0
    ? "本竞赛尚未分配评委:先在“评委与分工”中分配。 No judges assigned yet: assign them under “Judges”."
    : `将为 ${ids.length} 位评委生成 · codes for ${ids.length} judge(s): ${ids.map(judgeName).join("、")}`;
  const assignedFirst = [...data.judges].sort((a, b) => Number(!ids.includes(a.id)) - Number(!ids.includes(b.id)));
  fillSelect($("code-judge"), assignedFirst.map(j => [String(j.id), `${j.nameZh} ${j.nameEn}${ids.includes(j.id) ? "" : "(未分配 not assigned)"}`]),
    { blank: data.judges.length ? undefined : "尚无评委 No judges yet" });
}

function renderExports() {
  $("results-csv").href = `${base}/results.csv`;
  $("marks-csv").href = `${base}/marks.csv`;
  $("public-results").href = `/results.html?competition=${competitionId}`;
}

// ---- Tabs ------------------------------------------------------------------------------------------------------------
function showTab(name) {
  const tabs = [...document.querySelectorAll("#tabs button")];
  if (!tabs.some(b => b.dataset.tab === name)) name = "stages";
  for (const b of tabs) b.setAttribute("aria-pressed", String(b.dataset.tab === name));
  for (const s of document.querySelectorAll("section[data-tab]")) s.hidden = s.dataset.tab !== name;
}

/// A choice the form cannot go on without, reported beside its field like the server's own errors.
const missing = (field, message) => new ApiError(400, { title: message, errors: { [field]: [message] } });

// ---- Wiring ----------------------------------------------------------------------------------------------------------
for (const b of document.querySelectorAll("#tabs button"))
  b.addEventListener("click", () => { history.replaceState(null, "", `#${b.dataset.tab}`); showTab(b.dataset.tab); });
showTab(location.hash.slice(1));
addEventListener("hashchange", () => showTab(location.hash.slice(1)));

fillSelect($("stage-kind"), Object.entries(stageNames));
fillSelect($("stage-format"), enumPairs(formatNames));
fillSelect($("stage-advancement"), enumPairs(advancementNames));
$("stage-kind").addEventListener("change", suggestStageNames);
suggestStageNames();
$("time-zone").textContent = `时间按本机时区 ${timeZoneLabel()} 填写 · Times in this computer's time zone (${timeZoneLabel()})`;

bindForm($("new-stage"), async body => {
  const stage = await postJson(`${base}/stages`, body);
  await load();
  return stage;
}, { done: s => {
  // The form was just emptied: offer the next stage's names.
  suggestStageNames();
  return `已创建 Created: ${stageNames[s.kind] ?? s.kind}`;
} });

bindForm($("new-module"), async ({ stageId, ...body }) => {
  if (stageId == null) throw missing("stageId", "请先新建阶段 / Create a stage first");
  const module = await postJson(`${base}/stages/${stageId}/modules`, body);
  await load();
  $("module-stage").value = String(stageId);
  return module;
}, { done: m => `已创建 Created: ${m.code}` });

$("add-section").addEventListener("click", () => {
  const rows = $("standards-rows");
  rows.append(standardsRow({}, rows.rows.length));
  rows.lastElementChild.querySelector("input").focus();
  updateWeightSum();
});
$("standards-rows").addEventListener("input", updateWeightSum);
$("standards").addEventListener("submit", async event => {
  event.preventDefault();
  const form = event.currentTarget;
  clearErrors(form);
  const sections = readStandards();
  const sum = sections.reduce((total, s) => total + (s.weight ?? 0), 0);
  if (sections.length > 0 && Math.abs(sum - 100) > 1e-9) {
    form.querySelector('[data-for="sections"]').textContent = `权重之和须为 100,现为 ${Math.round(sum * 100) / 100} / Weights must add up to 100`;
    return;
  }
  // Saving no sections deletes them all: the server wants that said explicitly.
  let query = "";
  if (sections.length === 0) {
    if (data.standards.length > 0 && !confirm("删除全部标准章节? Delete every standards section?")) return;
    query = "?confirmEmpty=true";
  }
  try {
    data.standards = await putJson(`${base}/standards${query}`, sections);
    renderStandards();
    form.querySelector(".done").textContent = "已保存 Saved";
    await renderSchemeStage();
  } catch (error) {
    showErrors(form, error);
  }
});

$("scheme-stage").addEventListener("change", () => {
  $("scheme-import").querySelector(".import-report").replaceChildren();
  renderSchemeStage();
});
bindImport($("scheme-import"), () => $("scheme-stage").value ? `${base}/stages/${$("scheme-stage").value}/scheme/import` : null, scheme => {
  renderScheme(scheme);
  return `已导入 ${scheme.aspects.length} 条评分细则 · Imported ${scheme.aspects.length} aspects`;
});

// Previewed first (a dry run), saved on confirmation; the report says what was created, updated and entered.
bindImport($("competitor-import"), () => `${base}/competitors/import`, async report => {
  await load();
  return competitorImportReport(report);
}, { preview: competitorImportReport });

bindForm($("new-competitor"), async body => {
  const c = await postJson(`${base}/competitors`, body);
  await load();
  return c;
}, { done: c => `已添加 Added: ${c.bib} ${c.nameZh}` });

bindForm($("new-judge"), async body => {
  const judge = await postJson("/api/judges", body);
  await load();
  $("assign-judge").value = String(judge.id);
  return judge;
}, { done: j => `已创建 Created: ${j.nameZh} — 可在上方分配 · assign them above` });

bindForm($("new-assignment"), async body => {
  const a = await postJson(`${base}/assignments`, body);
  await load();
  return a;
}, { done: a => `已分配 Assigned: ${judgeName(a.judgeId)}` });

bindForm($("single-code"), async body => {
  if (body.judgeId == null) throw missing("judgeId", "请先新建评委 / Create a judge first");
  return postJson(`/api/judges/${body.judgeId}/access-codes`);
}, { reset: false, done: issued => {
  // Shown once: the server keeps only a hash of the code.
  $("issued-code").replaceChildren(el("div", { class: "card" },
    el("h3", {}, judgeName(issued.judgeId)),
    el("p", { class: "note" }, "只显示这一次,请立即交给评委 · Shown only this once: hand it to the judge now"),
    el("p", { class: "code-once" }, issued.code),
    // Text, not a link: opening it here would use up the code and sign this browser in as the judge.
    el("p", { class: "code-url" }, issued.url),
    el("p", { class: "note" }, `有效期至 Valid until ${formatTime(issued.expiresAt)}`)));
  return "";
} });

bindForm($("rules-form"), async body => {
  data.competition = await putJson(`${base}/rules`, body.rules ?? {});
  fillRulesFieldset($("rules"), data.competition.rules);
  return "已保存 Saved";
}, { reset: false, done: message => message });

if (Number.isNaN(competitionId)) {
  document.querySelector("main").replaceChildren(el("p", { class: "field-error" }, ...both("缺少竞赛编号", "No competition id in the address")));
}
if (await requireAdmin() && !Number.isNaN(competitionId)) {
  try {
    await load();
    // Editors that hold unsaved typing are filled once, not on every reload after another form's change.
    renderStandards();
    fillRulesFieldset($("rules"), data.competition.rules);
  } catch (error) {
    document.querySelector("main").replaceChildren(el("p", { class: "field-error" },
      ...both("加载失败(竞赛不存在?)", `Failed to load (no such competition?): ${error.message}`)),
    el("p", {}, el("a", { href: "/admin/" }, "← 返回总览 Back to the overview")));
  }
}
