/* Overview: counts, the daily timeline of conflict and cooperation, the dyads that moved most. */
"use strict";

(async () => {
  const { el, api, query, pick, EVENT_FILTERS, fillForm, timeline, fail, fmt } = Dyad;
  fillForm(document.querySelector("[data-filters]"));
  const filters = pick(query(), EVENT_FILTERS);
  let body;
  try {
    body = await api("/api/overview", filters);
  } catch (error) {
    fail(document.getElementById("counts"), error);
    return;
  }
  const c = body.counts;
  const card = (label, value, href) => el("a", { class: "card", href }, el("strong", {}, String(value ?? "–")), el("span", {}, label));
  const eventsLink = (extra) => `/events?${new URLSearchParams({ ...Object.fromEntries(filters), ...extra })}`;
  document.getElementById("counts").replaceChildren(
    card("events", c.events, eventsLink({})),
    card("articles", c.articles, "/articles"),
    card("actors", c.actors, "/actors"),
    card("quotes", c.quotes, "/articles"),
    card("cooperation (quad 1–2)", c.by_quad["1"] + c.by_quad["2"], eventsLink({ quad: "1,2" })),
    card("conflict (quad 3–4)", c.by_quad["3"] + c.by_quad["4"], eventsLink({ quad: "3,4" })),
    card("first – last day", c.first_day ? `${c.first_day} – ${c.last_day}` : "–", eventsLink({})),
  );
  timeline(document.getElementById("timeline"), body.timeline, {
    link: (point) => eventsLink({ from: point.period, to: point.period }),
  });
  const movers = body.movers;
  document.getElementById("movers-note").textContent = movers.until
    ? `Events in the ${movers.days} days up to ${movers.until}, against the ${movers.days} days before.` : "";
  const rows = movers.items.map((m) => el("tr", {},
    el("td", {}, el("a", { href: `/dyad?${new URLSearchParams({ actor: m.actor, recipient: m.recipient })}` }, `${m.actor} → ${m.recipient}`)),
    el("td", { class: "num" }, String(m.prior_events)),
    el("td", { class: "num" }, String(m.recent_events)),
    el("td", { class: `num ${m.change > 0 ? "up" : "down"}` }, `${m.change > 0 ? "+" : ""}${m.change}`),
    el("td", { class: "num" }, `${fmt(m.prior_score)} → ${fmt(m.recent_score)}`)));
  document.getElementById("movers").replaceChildren(rows.length
    ? el("table", { class: "data" }, el("thead", {}, el("tr", {}, ["Dyad", "Before", "Recent", "Change", "Score sum"].map((h, i) => el("th", { class: i ? "num" : null }, h)))), el("tbody", {}, rows))
    : el("p", { class: "empty" }, "No actor–recipient pairs for these filters."));
})();
