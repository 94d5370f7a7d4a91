/* The articles and actors lists (whichever table the page has). */
"use strict";

(async () => {
  const { el, api, query, pick, fillForm, pager, fail } = Dyad;
  fillForm(document.querySelector("[data-filters]"));
  const LISTS = {
    articles: (a) => [a.published || "–", el("a", { href: `/articles/${encodeURIComponent(a.id)}` }, a.title || a.id),
                      a.outlet || "–", String(a.events), el("small", {}, a.license || "–")],
    actors: (a) => [el("a", { href: `/actors/${encodeURIComponent(a.code)}` }, a.code), a.name || "–", a.sector || "–",
                    String(a.as_actor), String(a.as_recipient), String(a.total)],
  };
  const name = Object.keys(LISTS).find((key) => document.getElementById(key));
  try {
    const body = await api(`/api/${name}`, pick(query(), ["q", "limit", "offset"]));
    document.getElementById("summary").textContent = `${body.total} ${name}.`;
    document.querySelector(`#${name} tbody`).replaceChildren(...body.items.map((item) =>
      el("tr", {}, LISTS[name](item).map((cell) => el("td", {}, cell)))));
    pager(document.getElementById("pager"), body);
  } catch (error) {
    fail(document.getElementById("summary"), error);
  }
})();
