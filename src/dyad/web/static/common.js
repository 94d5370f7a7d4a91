/* Shared helpers of the dashboard pages: API calls, URL state, DOM and SVG building, charts.
   No framework, no build step. Text from the data is only ever set as text, never as HTML. */
"use strict";

const Dyad = (() => {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const QUADS = {
    1: { label: "verbal cooperation", color: "#4c8dd6" },
    2: { label: "material cooperation", color: "#1f5fa8" },
    3: { label: "verbal conflict", color: "#f0a04b" },
    4: { label: "material conflict", color: "#c8372d" },
  };
  const EVENT_FILTERS = ["from", "to", "actor", "recipient", "type", "quad", "country", "modality", "search"];

  function query() { return new URLSearchParams(location.search); }

  /* The query string with only the given names (empty values dropped), to pass on to the API. */
  function pick(params, names) {
    const out = new URLSearchParams();
    for (const name of names) for (const value of params.getAll(name)) if (value) out.append(name, value);
    return out;
  }

  async function api(path, params) {
    const url = params && String(params) ? `${path}?${params}` : path;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok || body.ok === false) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false).map(String2Node));
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    node.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined).map(String2Node));
    return node;
  }

  function String2Node(child) { return child instanceof Node ? child : document.createTextNode(String(child)); }

  function setAttrs(node, attrs) {
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
  }

  /* Fill a filter form from the query string, so that the form shows the view's filters. */
  function fillForm(form) {
    const params = query();
    for (const field of form.elements) {
      if (field.name && params.has(field.name)) field.value = params.getAll(field.name).join(",");
    }
    // Submit without the empty fields: shorter URLs to share.
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      for (const field of form.elements) if (field.name && field.value.trim()) params.set(field.name, field.value.trim());
      location.search = params.toString();
    });
  }

  function withParams(changes) {
    const params = query();
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === "" || value === undefined) params.delete(name); else params.set(name, value);
    }
    return `?${params}`;
  }

  function pager(node, body) {
    node.replaceChildren();
    const { total, limit, offset } = body;
    if (total <= limit) return;
    if (offset > 0) node.append(el("a", { href: withParams({ offset: Math.max(0, offset - limit) || null }), rel: "prev" }, "← Previous"));
    node.append(el("span", {}, ` ${offset + 1}–${Math.min(offset + limit, total)} of ${total} `));
    if (offset + limit < total) node.append(el("a", { href: withParams({ offset: offset + limit }), rel: "next" }, "Next →"));
  }

  /* Actor or recipient codes, each once: a list often holds several names of one code
     ("Russia", "the Russian government"); the link's title gives them all. */
  function refs(list) {
    if (!list || !list.length) return "–";
    const names = new Map();
    for (const ref of list) {
      const key = ref.code || ref.name;
      if (!names.has(key)) names.set(key, { code: ref.code, names: [] });
      if (!names.get(key).names.includes(ref.name)) names.get(key).names.push(ref.name);
    }
    return [...names.entries()].map(([key, { code, names: all }], i) => [i ? ", " : "",
      code ? el("a", { href: `/actors/${encodeURIComponent(code)}`, title: all.join("; ") }, code) : key]);
  }

  function quadBadge(quad) {
    const info = QUADS[quad];
    return info ? el("span", { class: `quad q${quad}`, title: info.label }, String(quad)) : "–";
  }

  function fail(node, error) {
    node.replaceChildren(el("p", { class: "error", role: "alert" }, `Could not load: ${error.message}`));
  }

  /* Code-point slicing: the store's offsets count Python characters, not UTF-16 units. */
  function slicer(text) {
    const chars = Array.from(text);
    return (start, end) => chars.slice(start, end).join("");
  }

  function fmt(number, digits = 1) {
    return number === null || number === undefined ? "–" : Number(number).toFixed(digits);
  }

  /* Diverging bar chart: cooperation (quads 1-2) stacked above the axis, conflict (3-4) below,
     one bar per period on a time axis. points: [{period, counts: {1..4}}]; flags: [{period}]. */
  function timeline(node, points, options = {}) {
    node.replaceChildren();
    if (!points.length) { node.append(el("p", { class: "empty" }, "No dated events for these filters.")); return; }
    const width = Math.max(node.clientWidth || 900, 320), height = options.height || 260;
    const pad = { left: 44, right: 12, top: 14, bottom: 26 };
    const times = points.map((p) => Date.parse(p.period));
    const step = options.step || 86400000;
    const t0 = Math.min(...times), t1 = Math.max(...times) + step;
    const up = points.map((p) => p.counts["1"] + p.counts["2"]), down = points.map((p) => p.counts["3"] + p.counts["4"]);
    const top = Math.max(1, ...up), bottom = Math.max(1, ...down);
    const plotH = height - pad.top - pad.bottom, zero = pad.top + plotH * top / (top + bottom);
    const unit = plotH / (top + bottom);
    const x = (t) => pad.left + (width - pad.left - pad.right) * (t - t0) / (t1 - t0);
    const barW = Math.max(3, Math.min(24, x(t0 + step) - x(t0) - 1));
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "timeline", role: "img",
      "aria-label": "Events per period: cooperation above the axis, conflict below" });
    chart.append(svg("line", { x1: pad.left, x2: width - pad.right, y1: zero, y2: zero, class: "axis" }));
    chart.append(svg("text", { x: pad.left - 6, y: pad.top + 10, class: "tick end" }, `+${top}`));
    chart.append(svg("text", { x: pad.left - 6, y: height - pad.bottom, class: "tick end" }, `−${bottom}`));
    for (const [i, point] of points.entries()) {
      const bar = svg("g", { class: "bar" });
      let above = zero, below = zero;
      for (const quad of [1, 2, 3, 4]) {
        const n = point.counts[String(quad)];
        if (!n) continue;
        const h = n * unit, y = quad <= 2 ? (above -= h) : below;
        if (quad > 2) below += h;
        bar.append(svg("rect", { x: x(times[i]), y, width: barW, height: h, fill: QUADS[quad].color },
          svg("title", {}, `${point.period}: ${n} ${QUADS[quad].label}`)));
      }
      const link = options.link ? svg("a", { href: options.link(point) }, bar) : bar;
      chart.append(link);
    }
    for (const flag of options.flags || []) {
      const fx = x(Date.parse(flag.period)) + barW / 2;
      chart.append(svg("path", { d: `M${fx - 6},${height - 4} L${fx + 6},${height - 4} L${fx},${height - 14} Z`, class: "flag" },
        svg("title", {}, `Escalation: ${flag.reason}`)));
    }
    axisLabels(chart, { t0, t1, step, x, y: height - pad.bottom + 16, offset: barW / 2 });
    node.append(chart, legend());
  }

  /* Date labels under the bars: at most about six, each at the start of a period. */
  function axisLabels(chart, { t0, t1, step, x, y, offset }) {
    const every = step * Math.max(1, Math.ceil((t1 - t0) / step / 6));
    for (let t = t0; t < t1; t += every) {
      chart.append(svg("text", { x: x(t) + offset, y, class: "tick mid" }, new Date(t).toISOString().slice(0, 10)));
    }
  }

  function legend() {
    return el("p", { class: "legend" }, Object.entries(QUADS).map(([q, info]) =>
      el("span", { class: "key" }, el("span", { class: `swatch q${q}` }), ` ${q} ${info.label} `)));
  }

  function eventRow(event, columns) {
    const cells = {
      day: el("td", { class: "day" }, event.day_start || "–"),
      type: el("td", {}, el("span", { class: "type" }, event.type), event.mode ? el("small", {}, ` ${event.mode}`) : null),
      quad: el("td", {}, quadBadge(event.quad)),
      actor: el("td", {}, refs(event.actor)),
      recipient: el("td", {}, refs(event.recipient)),
      modality: el("td", { class: `modality ${event.modality}` }, event.modality),
      score: el("td", { class: "num" }, fmt(event.score)),
      country: el("td", {}, event.location_name ? `${event.location_name}${event.location_country ? ` (${event.location_country})` : ""}` : "–"),
      article: el("td", {}, el("a", { href: `/articles/${encodeURIComponent(event.article_id)}#ev-${encodeURIComponent(event.id)}` }, event.title || event.article_id)),
      evidence: el("td", { class: "evidence" }, evidence(event)),
    };
    return el("tr", { "data-event": `${event.article_id}/${event.id}` }, columns.map((c) => cells[c]));
  }

  /* The evidence sentence with its trigger highlighted. */
  function evidence(event) {
    const sentence = event.sentence_text || "";
    const cut = slicer(sentence);
    const start = event.trigger_start - event.sentence_start, end = event.trigger_end - event.sentence_start;
    if (!(start >= 0 && end <= Array.from(sentence).length && end > start)) return el("q", {}, sentence);
    return el("q", {}, cut(0, start), el("mark", { class: "trigger" }, cut(start, end)), cut(end));
  }

  return { QUADS, EVENT_FILTERS, query, pick, api, el, svg, fillForm, withParams, pager, refs, quadBadge, fail,
           slicer, fmt, timeline, legend, eventRow, evidence };
})();

window.Dyad = Dyad;
