// Awards of the competition: the final's medallists with their result status (a medal is final only when OFFICIAL),
// and the excellent-organisation ranking with the organisations the organisers confirmed.
import { el, bi, score, words } from "/displays/shared/display-text.js";
import { caption, fitText, medalMark, statusBadge } from "./parts.js";

const MEDALLISTS = 6, ORGANISATIONS = 6;

export function createAwards(ctx) {
  const root = el("section", { class: "page page-awards", "data-page": "awards" });
  const medalHead = caption();
  const medallists = el("div", { class: "medallist-list", role: "list" });
  const orgHead = caption(el("span", { class: "cap-stage" }, bi({ zh: "优秀组织奖", en: "Excellent organisation award" })));
  const organisations = el("div", { class: "org-list", role: "list" });
  root.append(el("div", { class: "aw-medals" }, medalHead, medallists), el("div", { class: "aw-orgs" }, orgHead, organisations));

  function render() {
    const awards = ctx.store.awards;
    const rows = (awards?.medallists ?? []).slice(0, MEDALLISTS);
    const official = rows.length > 0 && rows.every(r => r.status === "Official");
    medalHead.replaceChildren(el("span", { class: "cap-stage" }, bi({ zh: "奖牌获得者", en: "Medallists" })),
      rows.length && !official ? el("span", { class: "cap-note cap-warn" }, bi({ zh: "成绩尚未正式公布", en: "Not yet official" })) : "");
    medallists.replaceChildren(...rows.map(r => el("div", { class: "medallist", role: "listitem", "data-bib": r.bib, "data-medal": r.medal },
      el("span", { class: "md-medal" }, medalMark(r.medal), bi(words.medal[r.medal] ?? { zh: "", en: "" }, "stack")),
      el("span", { class: "md-name fit" }, bi({ zh: r.nameZh, en: r.nameEn })),
      el("span", { class: "md-org fit wrap2" }, bi({ zh: r.organisationZh, en: r.organisationEn }, "stack")),
      el("span", { class: "md-total total" }, score(r.total)),
      el("span", { class: "md-status" }, statusBadge(r.status)))));
    if (!rows.length) medallists.replaceChildren(el("div", { class: "empty" }, bi({ zh: "决赛成绩产生后公布", en: "Announced after the final" }, "stack")));

    const confirmed = new Set(awards?.confirmedOrganisationIds ?? []);
    const ranking = (awards?.organisationRanking ?? []).slice(0, ORGANISATIONS);
    organisations.replaceChildren(...ranking.map(o => el("div", {
      class: `org-row${confirmed.has(o.organisationId) ? " confirmed" : ""}`, role: "listitem", "data-organisation": o.organisationId,
    },
      el("span", { class: "o-rank" }, o.rank),
      el("span", { class: "o-name fit wrap2" }, bi({ zh: o.nameZh, en: o.nameEn }, "stack")),
      el("span", { class: "o-medals" }, ...["Gold", "Silver", "Bronze"].map(m => el("span", { class: "o-count", "data-medal": m }, medalMark(m), o[m.toLowerCase()]))),
      el("span", { class: "o-points" },
        confirmed.has(o.organisationId) ? el("span", { class: "o-confirmed" }, bi({ zh: "获奖", en: "Awarded" })) : "",
        bi({ zh: `${Number(o.points)} 分`, en: `${Number(o.points)} pts` })))));
    if (!ranking.length) organisations.replaceChildren(el("div", { class: "empty small" }, bi({ zh: "待定", en: "To be decided" }, "stack")));
    fitText(root);
  }

  return { name: "awards", title: { zh: "奖项", en: "Awards" }, root, render, enter() { render(); }, leave() {} };
}
