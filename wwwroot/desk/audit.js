// The audit view: every mark of the module (who, when, device, what it superseded and why) and the competition's
// status changes and protests. The CSV link downloads every mark of the competition.
import { el } from "/js/common.js";
import { entry, when, auditActions } from "./text.js";

export function createAudit(ctx) {
  const markRows = document.getElementById("audit-rows");
  const entryRows = document.getElementById("audit-entries");
  let generation = 0;

  async function load() {
    if (!ctx.desk) return;
    const mine = ++generation;
    try {
      const [marks, entries] = await Promise.all([ctx.getJson(`${ctx.base}/marks`), ctx.getJson(`${ctx.base}/audit`)]);
      if (mine === generation) render(marks, entries);
    } catch (error) {
      ctx.toast(`审计加载失败 Audit failed to load: ${error.message}`, "error");
    }
  }

  function render(marks, entries) {
    const aspects = new Map(ctx.desk.aspects.map(a => [a.id, a]));
    const competitors = new Map(ctx.desk.competitors.map(c => [c.id, c]));
    const judges = new Map(ctx.desk.judges.map(j => [j.id, j]));
    const supersededBy = new Map(marks.filter(m => m.supersedesId).map(m => [m.supersedesId, m.id]));
    // Newest first: the last change is what a dispute usually asks about.
    const mine = marks.filter(m => aspects.has(m.aspectId)).sort((a, b) => b.id - a.id);
    markRows.replaceChildren(...mine.map(m => {
      const a = aspects.get(m.aspectId);
      const c = competitors.get(m.competitorId);
      const by = supersededBy.get(m.id);
      const links = [
        m.supersedesId ? `更正 #${m.supersedesId} · corrects #${m.supersedesId}` : "",
        by ? `被 #${by} 更正 · superseded by #${by}` : "",
      ].filter(Boolean);
      return el("tr", { "data-mark": m.id, class: by ? "superseded" : "", "data-superseded-by": by ?? "", "data-supersedes": m.supersedesId ?? "" },
        el("td", { class: "num" }, `#${m.id}`),
        el("td", { class: "nowrap" }, when(m.recordedAt)),
        el("td", {}, c ? `${c.bib} ${c.nameZh}` : `#${m.competitorId}`),
        el("td", { class: "nowrap" }, a.code),
        el("td", { class: "judge" }, judges.get(m.judgeId)?.nameZh ?? `#${m.judgeId}`, " ",
          el("span", { class: "en" }, judges.get(m.judgeId)?.nameEn ?? "")),
        el("td", { class: "num value" }, entry(m.value)),
        el("td", { class: "by" }, m.recordedBy),
        el("td", {}, m.device ?? "—"),
        el("td", { class: "links" }, links.join(" / ")),
        el("td", { class: "reason" }, m.reason ?? ""));
    }));
    if (mine.length === 0) markRows.append(el("tr", {}, el("td", { colspan: 10, class: "note" }, "本模块尚无评分 · No marks in this module yet")));

    entryRows.replaceChildren(...[...entries].reverse().map(e => el("tr", { "data-action": e.action },
      el("td", { class: "nowrap" }, when(e.at)), el("td", {}, e.actor), el("td", {}, auditActions[e.action] ?? e.action),
      el("td", {}, e.detail), el("td", { class: "reason" }, e.reason ?? ""))));
    if (entries.length === 0) entryRows.append(el("tr", {}, el("td", { colspan: 5, class: "note" }, "尚无记录 · Nothing yet")));
  }

  return { load };
}
