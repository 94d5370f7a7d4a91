/* Dyad view: one pair's (or one actor's) series per period, with escalation flags and its events. */
"use strict";

(async () => {
  const { el, api, query, pick, fillForm, timeline, eventRow, fail, fmt } = Dyad;
  fillForm(document.querySelector("[data-filters]"));
  const params = query();
  const actor = (params.get("actor") || "").toUpperCase(), recipient = (params.get("recipient") || "").toUpperCase();
  const summary = document.getElementById("summary");
  if (!actor) { summary.textContent = "Choose an actor code (and a recipient for a pair), e.g. RUS and UKR."; return; }
  document.getElementById("title").textContent = recipient ? `Dyad ${actor} → ${recipient}` : `${actor} → anyone`;
  const request = pick(params, ["actor", "recipient", "from", "to", "interval", "modality"]);
  let body;
  try {
    body = await api("/api/series", request);
  } catch (error) {
    fail(summary, error);
    return;
  }
  const total = body.points.reduce((n, p) => n + p.events, 0);
  const scored = body.points.filter((p) => p.events);
  const mean = scored.length ? scored.reduce((s, p) => s + p.score_sum, 0) / total : null;
  summary.textContent = `${total} ${body.modality.join("/")} stories in ${scored.length} ${body.interval}s with events; mean score ${fmt(mean)}; ${body.flags.length} escalation flags.`;
  const step = { day: 1, week: 7, month: 30 }[body.interval] * 86400000;
  const eventsQuery = pick(params, ["actor", "recipient", "from", "to", "modality"]);
  if (!params.get("modality")) eventsQuery.set("modality", "asserted");
  timeline(document.getElementById("series"), body.points.filter((p) => p.events), { step, flags: body.flags,
    link: (p) => `/events?${new URLSearchParams([...eventsQuery, ["from", p.period], ["to", periodEnd(p.period, body.interval)]])}` });
  document.getElementById("flags").replaceChildren(...(body.flags.length ? body.flags.map((f) => el("li", {},
    el("strong", {}, f.day || f.period), f.day && f.day !== f.period ? ` (${body.interval} of ${f.period})` : "",
    ` — ${f.reason} (limit ${fmt(f.limit)})`)) : [el("li", { class: "empty" }, "No escalation flagged.")]));
  document.getElementById("more").href = `/events?${eventsQuery}`;
  const events = await api("/api/events", new URLSearchParams([...eventsQuery, ["limit", "25"], ["order", "desc"]]));
  document.querySelector("#pair-events tbody").replaceChildren(...events.items.map((e) =>
    eventRow(e, ["day", "type", "quad", "actor", "recipient", "modality", "evidence"])));

  /* The last day of the period that starts on ``period``. */
  function periodEnd(period, interval) {
    const start = new Date(Date.parse(period));
    const end = interval === "month"
      ? new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0))
      : new Date(start.getTime() + ((interval === "week" ? 7 : 1) - 1) * 86400000);
    return end.toISOString().slice(0, 10);
  }
})();
