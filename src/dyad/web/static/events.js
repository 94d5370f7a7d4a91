/* Events: a filterable, sortable table; a row opens its evidence. Every state is in the URL. */
"use strict";

(async () => {
  const { el, api, query, pick, EVENT_FILTERS, fillForm, withParams, pager, eventRow, evidence, fail } = Dyad;
  const COLUMNS = ["day", "type", "quad", "actor", "recipient", "modality", "score", "country", "article"];
  fillForm(document.querySelector("[data-filters]"));
  const params = query();
  const sort = params.get("sort") || "day", order = params.get("order") || "asc";
  for (const th of document.querySelectorAll("th[data-sort]")) {
    const name = th.dataset.sort;
    const next = name === sort && order === "asc" ? "desc" : "asc";
    const arrow = name === sort ? (order === "asc" ? " ▲" : " ▼") : "";
    th.replaceChildren(el("a", { href: withParams({ sort: name, order: next, offset: null }) }, th.textContent + arrow));
    if (name === sort) th.setAttribute("aria-sort", order === "asc" ? "ascending" : "descending");
  }
  const request = pick(params, [...EVENT_FILTERS, "article", "sort", "order", "limit", "offset"]);
  const tbody = document.querySelector("#events tbody");
  let body;
  try {
    body = await api("/api/events", request);
  } catch (error) {
    fail(document.getElementById("summary"), error);
    return;
  }
  document.getElementById("summary").textContent = `${body.total} events. Click a row for its evidence.`;
  const rows = [];
  for (const event of body.items) {
    const row = eventRow(event, COLUMNS);
    row.classList.add("opens");
    row.tabIndex = 0;
    const detail = el("tr", { class: "detail", hidden: true }, el("td", { colspan: COLUMNS.length },
      evidence(event), " ",
      el("a", { href: `/articles/${encodeURIComponent(event.article_id)}#ev-${encodeURIComponent(event.id)}` }, "in the article →"),
      event.sourcing_kind ? el("small", {}, ` · according to ${event.sourcing_name || event.sourcing_kind}`) : null,
      event.date_text ? el("small", {}, ` · date from “${event.date_text}”`) : null,
      el("small", {}, ` · confidence ${Dyad.fmt(event.confidence, 2)}`)));
    const toggle = (e) => {
      if (e.target.closest("a")) return;
      detail.hidden = !detail.hidden;
      row.setAttribute("aria-expanded", String(!detail.hidden));
    };
    row.addEventListener("click", toggle);
    row.addEventListener("keydown", (e) => { if (e.key === "Enter") toggle(e); });
    rows.push(row, detail);
  }
  tbody.replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: COLUMNS.length, class: "empty" }, "No events for these filters."))]));
  pager(document.getElementById("pager"), body);
})();
