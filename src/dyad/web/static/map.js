/* Map of event locations: the country shapes of the pinned pygal_maps_world package, served by
   this server, with the events' points placed in the shapes' own (Robinson) projection. */
"use strict";

(async () => {
  const { el, svg, api, query, pick, EVENT_FILTERS, fillForm, fail, QUADS } = Dyad;
  fillForm(document.querySelector("[data-filters]"));
  const filters = pick(query(), EVENT_FILTERS);
  const node = document.getElementById("map");
  let body, shapes, projection;
  try {
    [body, shapes, projection] = await Promise.all([
      api("/api/map", filters),
      fetch("/static/world.svg").then((r) => r.text()),
      fetch("/static/world-projection.json").then((r) => r.json()),
    ]);
  } catch (error) {
    fail(node, error);
    return;
  }
  const project = robinson(projection);
  const chart = svg("svg", { viewBox: `0 0 ${projection.width} ${projection.height}`, class: "world", role: "img",
    "aria-label": "World map of event locations" });
  const countries = new DOMParser().parseFromString(shapes, "image/svg+xml").getElementById("countries");
  if (countries) chart.append(document.importNode(countries, true));
  const counted = new Map(body.countries.map((c) => [c.iso2, c]));
  for (const group of chart.querySelectorAll("g.country")) {
    const found = counted.get(group.classList[0]);
    if (!found) continue;
    group.classList.add("has-events");
    group.append(svg("title", {}, `${found.country}: ${found.events} events`));
  }
  const most = Math.max(1, ...body.points.map((p) => p.events));
  for (const p of body.points) {
    const [x, y] = project(p.lat, p.lon);
    const conflict = p.q3 + p.q4, coop = p.q1 + p.q2;
    const quad = conflict >= coop ? (p.q4 >= p.q3 ? 4 : 3) : (p.q2 >= p.q1 ? 2 : 1);
    const href = `/events?${new URLSearchParams([...filters, ...(p.country ? [["country", p.country]] : [])])}`;
    chart.append(svg("a", { href }, svg("circle", { cx: x, cy: y, r: 6 + 18 * Math.sqrt(p.events / most), class: "point",
      fill: QUADS[quad].color }, svg("title", {}, `${p.name}${p.country ? ` (${p.country})` : ""}: ${p.events} events, ${conflict} conflict, ${coop} cooperation`))));
  }
  node.replaceChildren(chart, Dyad.legend());
  document.getElementById("summary").textContent = body.points.length
    ? `${body.points.length} places, ${body.points.reduce((n, p) => n + p.events, 0)} located events. Countries with events are shaded.`
    : "No located events for these filters.";
  document.querySelector("#places tbody").replaceChildren(...body.points.map((p) => el("tr", {},
    el("td", {}, p.name), el("td", {}, p.country || "–"), el("td", { class: "num" }, String(p.events)),
    el("td", { class: "num" }, String(p.q3 + p.q4)), el("td", { class: "num" }, String(p.q1 + p.q2)))));

  function robinson(k) {
    const interp = (table, lat) => {
      const a = Math.min(Math.abs(lat), 90), i = Math.min(Math.floor(a / 5), table.length - 2), f = (a - 5 * i) / 5;
      return table[i] + (table[i + 1] - table[i]) * f;
    };
    return (lat, lon) => {
      const dl = ((lon - k.lon0 + 540) % 360) - 180;
      return [k.x0 + k.scale * interp(k.X, lat) * dl, k.y0 - k.y_scale * Math.sign(lat) * interp(k.Y, lat)];
    };
  }
})();
