import { getJson, el, statusNames, stageNames, medalNames } from "/js/common.js";
import { connectLive } from "/displays/shared/liveboard-client.js";
import { renderStatus } from "/displays/shared/status-badge.js";

const params = new URLSearchParams(location.search);
const competitionId = params.get("competition");
let stageId = params.get("stage");

// The latest `standings` event of each stage, by stage id: the channel carries every stage, the tabs choose one.
const standingsByStage = new Map();
// The leader last announced, so the live region speaks only when the lead changes, not on every mark.
let announcedLeader = null;

async function load() {
  if (!competitionId) throw new Error("?competition= missing");
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
      render();
    });
    tabs.append(button);
  }

  // Standings arrive over the live channel: a snapshot on (re)connect, then each change as it is committed.
  const badge = document.getElementById("live-state");
  connectLive({
    channels: [`competition:${competitionId}`],
    onSnapshot(_channel, events) {
      standingsByStage.clear();
      document.getElementById("frozen").hidden = true;
      for (const event of events) applyEvent(event);
      render();
    },
    onEvent(event) {
      applyEvent(event);
      if (event.type === "standings" && event.id === stageId) render();
    },
    onState: state => renderStatus(badge, state),
  });
}

function applyEvent(event) {
  if (event.type === "standings") {
    if (event.data) standingsByStage.set(event.id, event.data);
    else standingsByStage.delete(event.id);
  } else if (event.type === "freeze") {
    // The public channel stops at a freeze: say so, or viewers would take a still board for a quiet one.
    const note = document.getElementById("frozen");
    note.hidden = !event.data?.frozen;
    note.textContent = "成绩已冻结,将在颁奖时公布 · Results are frozen until the ceremony";
  }
}

function render() {
  const standings = standingsByStage.get(stageId);
  const body = document.getElementById("rows");
  if (!standings) {
    body.replaceChildren();
    document.getElementById("rules").textContent = "";
    return;
  }
  const tie = standings.tieBreakCriteria.length ? `同分时依次比较 · Ties broken by criteria: ${standings.tieBreakCriteria.join(", ")}` : "同分并列 · Equal totals share a rank";
  document.getElementById("rules").textContent = `满分 Maximum ${standings.maximumTotal} · ${tie}`;
  // The advancement line is drawn once, under the last row at the line's rank.
  const lineIndex = standings.rows.findLastIndex(r => r.rank === standings.advancementLineAfterRank);
  body.replaceChildren(...standings.rows.map((r, index) => {
    const award = r.medal !== "None"
      ? el("span", {}, el("span", { class: `medal ${r.medal}`, "aria-hidden": "true" }), medalNames[r.medal])
      : r.advances ? "晋级 Advances" : r.medalEligible ? "" : "不参与评奖 Not eligible";
    return el("tr", { class: index === lineIndex ? "line" : "", "data-bib": r.bib },
      el("td", { class: "num" }, r.rank), el("td", {}, r.bib),
      el("td", {}, r.nameZh, el("br"), el("span", { class: "en" }, r.nameEn),
        // Phones hide the organisation column and show it here, so the total stays in view without scrolling.
        el("span", { class: "org-inline" }, r.organisationZh, " ", el("span", { class: "en" }, r.organisationEn))),
      el("td", {}, r.organisationZh, el("br"), el("span", { class: "en" }, r.organisationEn)),
      el("td", { class: "num total" }, r.total.toFixed(2)),
      el("td", {}, `${r.aspectsScored}/${r.aspectsTotal}${r.rescoreRequired ? ` · 待重评 re-score ${r.rescoreRequired}` : ""}`),
      el("td", {}, el("span", { class: `status ${r.status}` }, statusNames[r.status] ?? r.status)),
      el("td", {}, award));
  }));
  announceLeader(standings.rows[0]);
}

function announceLeader(leader) {
  const key = leader && leader.aspectsScored > 0 ? `${stageId}:${leader.competitorId}` : null;
  if (key === announcedLeader) return;
  announcedLeader = key;
  document.getElementById("announce").textContent = key
    ? `领先:${leader.nameZh} ${leader.total.toFixed(2)} · Leader: ${leader.nameEn}` : "";
}

load().catch(error => { document.getElementById("subtitle").textContent = `加载失败 · Failed to load: ${error.message}`; });
