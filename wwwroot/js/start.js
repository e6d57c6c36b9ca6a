import { getJson, el } from "/js/common.js";

async function load() {
  const series = await getJson("/api/series");
  const first = series[0];
  document.getElementById("series").textContent = first
    ? `${first.nameZh} · ${first.nameEn}${first.sloganZh ? ` — ${first.sloganZh}` : ""}`
    : "尚无系列赛,请用 --demo 启动或通过接口创建 · No series yet: start with --demo or create one through the API";
  if (first) document.getElementById("medals-link").href = `/medals.html?series=${first.id}`;

  const list = document.getElementById("competitions");
  const competitions = await getJson("/api/competitions");
  if (competitions.length === 0) list.append(el("p", { class: "note" }, "暂无竞赛 · No competitions yet"));
  for (const c of competitions) {
    list.append(el("div", { class: "card" },
      el("h3", {}, c.tradeZh, " ", el("span", { class: "en" }, c.tradeEn)),
      el("p", { class: "meta" }, [c.gradeZh, c.hostsZh].filter(Boolean).join(" · ")),
      el("a", { href: `/results.html?competition=${c.id}` }, "成绩 Results"),
      el("a", { href: `/displays/overlays/leaderboard.html?competition=${c.id}&autoplay=1` }, "图文 Overlay"),
      el("a", { href: `/api/competitions/${c.id}/results.csv` }, "导出(裁判长)CSV export (chief expert)")));
  }
  if (competitions[0]) {
    document.getElementById("data-link").href = `/api/data/competitions/${competitions[0].id}/leaderboard.json`;
    document.getElementById("screen-link").href = `/displays/screen.html?competition=${competitions[0].id}`;
    document.getElementById("overlay-link").href = `/displays/overlays/leaderboard.html?competition=${competitions[0].id}&autoplay=1`;
  }
  const status = await getJson("/api/status");
  document.getElementById("status").textContent = `${status.environment} · ${new Date(status.now).toLocaleString("zh-CN")}`;
}

load().catch(error => { document.getElementById("series").textContent = `加载失败 · Failed to load: ${error.message}`; });
