// The series medal table (?series=1): official results only.
import { getJson, el } from "/js/common.js";

const id = new URLSearchParams(location.search).get("series") ?? "1";
getJson(`/api/series/${encodeURIComponent(id)}/medals`).then(table => {
  const rows = table.rows.map(r => el("tr", {}, el("td", { class: "num" }, r.rank),
    el("td", {}, r.nameZh, el("br"), el("span", { class: "en" }, r.nameEn)),
    el("td", { class: "num" }, r.gold), el("td", { class: "num" }, r.silver), el("td", { class: "num" }, r.bronze), el("td", { class: "num" }, r.total)));
  document.getElementById("rows").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "6" }, "暂无正式奖牌 · No official medals yet"))]));
}).catch(e => { document.getElementById("subtitle").textContent = `加载失败 · Failed to load: ${e.message}`; });
