import { getJson, postJson, el } from "/js/common.js";
import {
  requireAdmin, bindForm, fillSelect, enumPairs, levelNames, organisationKinds, fillRulesFieldset, organisationTree,
  organisationPairs, th, both,
} from "/admin/admin.js";

const seriesForm = document.getElementById("new-series");
const competitionForm = document.getElementById("new-competition");
const organisationForm = document.getElementById("new-organisation");

async function load() {
  const [series, competitions, organisations] = await Promise.all([
    getJson("/api/series"), getJson("/api/competitions"), getJson("/api/organisations")]);
  renderSeries(series, competitions);
  renderOrganisations(organisations);
  fillSelect(competitionForm.elements.seriesId, series.map(s => [String(s.id), `${s.nameZh} ${s.nameEn}`]),
    { blank: series.length ? undefined : "请先新建系列赛 Create a series first" });
  fillSelect(organisationForm.elements.parentId, organisationPairs(organisations), { blank: "无(顶级单位) None (top level)" });
}

function renderSeries(series, competitions) {
  const list = document.getElementById("series-list");
  if (series.length === 0) {
    list.replaceChildren(el("p", { class: "empty" }, "尚无系列赛:先在右侧新建一个。 No series yet: create one on the right."));
    return;
  }
  list.replaceChildren(...series.map(s => {
    const own = competitions.filter(c => c.seriesId === s.id);
    return el("div", { class: "card", "data-series": s.slug },
      el("h3", {}, s.nameZh, " ", el("span", { class: "en" }, s.nameEn)),
      el("p", { class: "meta" }, [s.slug, s.sloganZh].filter(Boolean).join(" · ")),
      own.length === 0
        ? el("p", { class: "empty" }, "尚无竞赛 · No competitions yet")
        : el("table", { class: "list" },
          el("thead", {}, el("tr", {}, th("工种", "Trade"), th("级别", "Level"), th("鉴定等级", "Grade"), th("承办", "Hosts"), th("操作", "Actions"))),
          el("tbody", {}, ...own.map(c => el("tr", { "data-competition": c.slug },
            el("td", {}, c.tradeZh, el("br"), el("span", { class: "en" }, c.tradeEn)),
            el("td", {}, levelNames[c.level] ?? c.level),
            el("td", {}, [c.gradeZh, c.gradeEn].filter(Boolean).join(" / ")),
            el("td", {}, c.hostsZh ?? "", c.hostsEn ? el("br") : "", el("span", { class: "en" }, c.hostsEn ?? "")),
            el("td", {}, el("div", { class: "actions" },
              el("a", { href: `/admin/competition.html?id=${c.id}`, class: "setup" }, "设置 Set up"),
              el("a", { href: `/results.html?competition=${c.id}` }, "成绩 Results"))))))));
  }));
}

function renderOrganisations(organisations) {
  const box = document.getElementById("organisations");
  if (organisations.length === 0) {
    box.replaceChildren(el("p", { class: "empty" }, "尚无单位 · No organisations yet"));
    return;
  }
  box.replaceChildren(el("table", { class: "list org-tree" },
    el("thead", {}, el("tr", {}, th("名称", "Name"), th("类型", "Kind"), th("编号", "Id", { class: "num" }))),
    el("tbody", {}, ...organisationTree(organisations).map(o => el("tr", {},
      el("td", { style: `padding-left:${9 + o.depth * 22}px` }, o.depth ? "└ " : "", o.nameZh, " ", el("span", { class: "en" }, o.nameEn)),
      el("td", { class: "nowrap" }, organisationKinds[o.kind] ?? o.kind),
      el("td", { class: "num" }, o.id))))));
}

fillSelect(document.getElementById("level"), enumPairs(levelNames));
fillSelect(document.getElementById("org-kind"), enumPairs(organisationKinds));
fillRulesFieldset(document.getElementById("rules"));

bindForm(seriesForm, async body => {
  const s = await postJson("/api/series", body);
  await load();
  competitionForm.elements.seriesId.value = String(s.id);
  return `已创建 Created: ${s.nameZh}`;
}, { done: message => message });

bindForm(competitionForm, async body => {
  const c = await postJson("/api/competitions", body);
  await load();
  return c;
}, { done: c => `已创建 Created: ${c.tradeZh} — 在左侧列表中点“设置”继续 · continue with “Set up” in the list` });

bindForm(organisationForm, async body => {
  const o = await postJson("/api/organisations", body);
  await load();
  return `已创建 Created: ${o.nameZh}`;
}, { done: message => message });

if (await requireAdmin()) {
  await load().catch(error => document.getElementById("series-list").replaceChildren(
    el("p", { class: "field-error" }, ...both("加载失败", `Failed to load: ${error.message}`))));
}
