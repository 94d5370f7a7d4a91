/* Article view: the text with events, actors, places and quotes highlighted; each highlight
   links to its record in the lists below. */
"use strict";

(async () => {
  const { el, api, refs, quadBadge, slicer, fail, fmt } = Dyad;
  const id = document.body.dataset.subject;
  let a;
  try {
    a = await api(`/api/articles/${encodeURIComponent(id)}`);
  } catch (error) {
    fail(document.getElementById("text"), error);
    return;
  }
  document.getElementById("title").textContent = a.title || a.id;
  document.title = `${a.title || a.id} · Dyad`;
  document.getElementById("meta").replaceChildren(
    [a.published, a.outlet, a.dateline].filter(Boolean).join(" · "), " ",
    a.url ? el("a", { href: a.url, rel: "noreferrer noopener", target: "_blank" }, "source") : "",
    a.license ? el("small", {}, ` · ${a.license}`) : "");

  // Spans: [start, end, kind, anchor, label]; the first kind in PRIORITY wins a stretch's link.
  const PRIORITY = ["ev", "ent", "plc", "quo"];
  const spans = [];
  for (const e of a.events) spans.push([e.trigger_start, e.trigger_end, "ev", `ev-${e.id}`, `${e.type} (${e.modality})`]);
  for (const x of a.entities) for (const m of x.mentions) spans.push([m.start, m.end, "ent", `ent-${x.id}`, `${x.name} ${x.code || ""}`]);
  for (const p of a.places) for (const m of p.mentions) spans.push([m.start, m.end, "plc", `plc-${p.id}`, p.name]);
  for (const q of a.quotes) spans.push([q.start, q.end, "quo", `quo-${q.id}`, `quote by ${q.speaker_name || "?"}`]);
  document.getElementById("text").replaceChildren(...highlight(a.text, spans.filter(([s, e]) => e > s)));

  document.getElementById("events-list").replaceChildren(...a.events.map((e) => el("li", { id: `ev-${e.id}` },
    quadBadge(e.quad), " ", el("strong", {}, e.type), e.mode ? ` ${e.mode}` : "", " · ", refs(e.actor), " → ", refs(e.recipient),
    ` · ${e.modality} · ${e.day_start || "undated"} · score ${fmt(e.score)}`,
    e.location_name ? ` · ${e.location_name}` : "", el("br"), Dyad.evidence(e))));
  document.getElementById("entities-list").replaceChildren(...a.entities.map((x) => el("li", { id: `ent-${x.id}` },
    x.code ? el("a", { href: `/actors/${encodeURIComponent(x.code)}` }, x.code) : "–", ` ${x.name} · ${x.sector || ""} ${x.kind || ""} · ${x.mentions.length} mentions`)));
  document.getElementById("places-list").replaceChildren(...a.places.map((p) => el("li", { id: `plc-${p.id}` },
    `${p.name} · ${p.kind || ""} ${p.country || ""}`, p.lat !== null ? ` · ${fmt(p.lat, 2)}, ${fmt(p.lon, 2)}` : "",
    p.country ? [" · ", el("a", { href: `/map?country=${encodeURIComponent(p.country)}` }, "map")] : "")));
  document.getElementById("quotes-list").replaceChildren(...a.quotes.map((q) => el("li", { id: `quo-${q.id}` },
    el("q", {}, q.text), " — ", q.speaker_code ? el("a", { href: `/actors/${encodeURIComponent(q.speaker_code)}` }, q.speaker_name || q.speaker_code) : (q.speaker_name || "unknown"),
    ` (${q.kind})`)));
  for (const list of document.querySelectorAll(".records-list")) if (!list.children.length) list.append(el("li", { class: "empty" }, "None found."));
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();

  /* Cut the text at every span boundary; each piece carries the classes of the spans over it. */
  function highlight(text, spans) {
    const cut = slicer(text), length = Array.from(text).length;
    const bounds = [...new Set([0, length, ...spans.flatMap(([s, e]) => [s, e])])].filter((b) => b >= 0 && b <= length).sort((x, y) => x - y);
    const pieces = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [from, to] = [bounds[i], bounds[i + 1]];
      const over = spans.filter(([s, e]) => s <= from && e >= to).sort((x, y) => PRIORITY.indexOf(x[2]) - PRIORITY.indexOf(y[2]));
      const piece = cut(from, to);
      if (!over.length) { pieces.push(piece); continue; }
      pieces.push(el("a", { class: `hl ${[...new Set(over.map((s) => s[2]))].join(" ")}`, href: `#${over[0][3]}`,
        title: over.map((s) => s[4]).join(" · ") }, piece));
    }
    return pieces;
  }
})();
