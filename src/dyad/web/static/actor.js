/* Actor view: its events as actor and recipient, its quotes, its counterparts as a circle network. */
"use strict";

(async () => {
  const { el, svg, api, query, pick, EVENT_FILTERS, eventRow, fail, fmt } = Dyad;
  const code = document.body.dataset.subject;
  const filters = pick(query(), EVENT_FILTERS);
  const withRole = (role) => { const p = new URLSearchParams(filters); p.set(role, code); return p; };
  let profile;
  try {
    profile = await api(`/api/actors/${encodeURIComponent(code)}`, filters);
  } catch (error) {
    fail(document.getElementById("counts"), error);
    return;
  }
  document.getElementById("names").textContent = `Known as ${profile.names.map((n) => `${n.name} (${n.sector})`).join(", ")}`;
  const card = (label, value, href) => el("a", { class: "card", href }, el("strong", {}, String(value)), el("span", {}, label));
  document.getElementById("counts").replaceChildren(
    card("events as actor", profile.as_actor, `/events?${withRole("actor")}`),
    card("events as recipient", profile.as_recipient, `/events?${withRole("recipient")}`),
    card("quotes", profile.quotes, "#quotes"),
    card("counterparts", profile.counterparts.length, "#network"));
  network(document.getElementById("network"), code, profile.counterparts);
  document.getElementById("more-actor").href = `/events?${withRole("actor")}`;
  document.getElementById("more-recipient").href = `/events?${withRole("recipient")}`;

  const [asActor, asRecipient, quotes] = await Promise.all([
    api("/api/events", new URLSearchParams([...withRole("actor"), ["limit", "10"], ["order", "desc"]])),
    api("/api/events", new URLSearchParams([...withRole("recipient"), ["limit", "10"], ["order", "desc"]])),
    api("/api/quotes", new URLSearchParams({ speaker: code, limit: "20" })),
  ]);
  const columns = ["day", "type", "quad", "actor", "recipient", "evidence"];
  document.querySelector("#as-actor tbody").replaceChildren(...asActor.items.map((e) => eventRow(e, columns)));
  document.querySelector("#as-recipient tbody").replaceChildren(...asRecipient.items.map((e) => eventRow(e, columns)));
  document.getElementById("quotes").replaceChildren(...(quotes.items.length ? quotes.items.map((q) => el("li", {},
    el("q", {}, q.text), " — ", el("a", { href: `/articles/${encodeURIComponent(q.article_id)}#quo-${encodeURIComponent(q.id)}` }, q.title || q.article_id),
    q.published ? ` (${q.published})` : "")) : [el("li", { class: "empty" }, "No quotes.")]));

  /* The actor in the centre, its counterparts on a circle; line width = events, colour = mean score. */
  function network(node, centre, others) {
    node.replaceChildren();
    if (!others.length) { node.append(el("p", { class: "empty" }, "No counterparts.")); return; }
    const size = 420, mid = size / 2, radius = size / 2 - 60;
    const most = Math.max(...others.map((o) => o.outgoing + o.incoming));
    const chart = svg("svg", { viewBox: `0 0 ${size} ${size}`, width: size, height: size, class: "network", role: "img",
      "aria-label": `Counterparts of ${centre}` });
    const nodes = svg("g");
    others.forEach((o, i) => {
      const angle = 2 * Math.PI * i / others.length - Math.PI / 2;
      const x = mid + radius * Math.cos(angle), y = mid + radius * Math.sin(angle);
      const tone = o.score_mean === null ? "neutral" : o.score_mean < 0 ? "conflict" : "coop";
      const pair = o.outgoing >= o.incoming ? { actor: centre, recipient: o.code } : { actor: o.code, recipient: centre };
      chart.append(svg("a", { href: `/dyad?${new URLSearchParams(pair)}` },
        svg("line", { x1: mid, y1: mid, x2: x, y2: y, class: `edge ${tone}`, "stroke-width": 1.5 + 8 * (o.outgoing + o.incoming) / most },
          svg("title", {}, `${centre} → ${o.code}: ${o.outgoing} · ${o.code} → ${centre}: ${o.incoming} · mean score ${fmt(o.score_mean)}`))));
      nodes.append(svg("a", { href: `/actors/${encodeURIComponent(o.code)}` },
        svg("circle", { cx: x, cy: y, r: 18, class: "node" }),
        svg("text", { x, y: y + 4, class: "node-label" }, o.code)));
    });
    nodes.append(svg("circle", { cx: mid, cy: mid, r: 26, class: "node centre" }), svg("text", { x: mid, y: mid + 4, class: "node-label" }, centre));
    chart.append(nodes);
    node.append(chart);
  }
})();
