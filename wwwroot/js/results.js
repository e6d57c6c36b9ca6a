import { getJson, el, statusNames, stageNames, medalNames } from "/js/common.js";

const params = new URLSearchParams(location.search);
const competitionId = params.get("competition");
let stageId = params.get("stage");

async function load() {
  const competition = await getJson(`/api/competitions/${competitionId}`);
  document.title = `${competition.tradeZh} · ${competition.tradeEn} — LiveBoard`;
  document.getElementById("title").replaceChildren(competition.tradeZh, " ", el("span", { class: "en" }, competition.tradeEn));
  document.getElementById("subtitle").textContent = [competition.gradeZh, competition.hostsZh, competition.venueZh].filter(Boolean).join(" · ");
  const stages = await getJson(`/api/competitions/${competitionId}/stages`);
  stageId ??= String(stages[0]?.id ?? "");
  const tabs = document.getElementById("stages");
  for (const s of stages) {
    const button = el("button", { type: "button", "aria-pressed": String(String(s.id) === stageId) }, stageNames[s.kind] ?? s.nameZh);
    button.addEventListener("click", () => {
      stageId = String(s.id);
      for (const b of tabs.children) b.setAttribute("aria-pressed", String(b === button));
      history.replaceState(null, "", `?competition=${competitionId}&stage=${stageId}`);
      refresh();
    });
    tabs.append(button);
  }
  await refresh();
  // Live push arrives with the hub; until then the page refreshes itself every few seconds.
  setInterval(refresh, 5000);
}

async function refresh() {
  if (!stageId) return;
  const standings = await getJson(`/api/competitions/${competitionId}/stages/${stageId}/standings`);
  const tie = standings.tieBreakCriteria.length ? `同分时依次比较 · Ties broken by criteria: ${standings.tieBreakCriteria.join(", ")}` : "同分并列 · Equal totals share a rank";
  document.getElementById("rules").textContent = `满分 Maximum ${standings.maximumTotal} · ${tie}`;
  const body = document.getElementById("rows");
  // The advancement line is drawn once, under the last row at the line's rank.
  const lineIndex = standings.rows.findLastIndex(r => r.rank === standings.advancementLineAfterRank);
  body.replaceChildren(...standings.rows.map((r, index) => {
    const award = r.medal !== "None"
      ? el("span", {}, el("span", { class: `medal ${r.medal}`, "aria-hidden": "true" }), medalNames[r.medal])
      : r.advances ? "晋级 Advances" : r.medalEligible ? "" : "不参与评奖 Not eligible";
    const row = el("tr", { class: index === lineIndex ? "line" : "" },
      el("td", { class: "num" }, r.rank), el("td", {}, r.bib),
      el("td", {}, r.nameZh, el("br"), el("span", { class: "en" }, r.nameEn)),
      el("td", {}, r.organisationZh, el("br"), el("span", { class: "en" }, r.organisationEn)),
      el("td", { class: "num" }, r.total.toFixed(2)),
      el("td", {}, `${r.aspectsScored}/${r.aspectsTotal}${r.rescoreRequired ? ` · 待重评 re-score ${r.rescoreRequired}` : ""}`),
      el("td", {}, el("span", { class: `status ${r.status}` }, statusNames[r.status] ?? r.status)),
      el("td", {}, award));
    return row;
  }));
  const leader = standings.rows[0];
  document.getElementById("announce").textContent = leader && leader.aspectsScored > 0
    ? `领先:${leader.nameZh} ${leader.total.toFixed(2)} · Leader: ${leader.nameEn}` : "";
}

load().catch(error => { document.getElementById("subtitle").textContent = `加载失败 · Failed to load: ${error.message}`; });
