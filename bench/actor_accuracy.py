"""Actor coding accuracy against the hand-coded events of gold/dev.

For every actor and recipient of every gold event, find the mention in the
sentence(s) of the evidence and the entities Dyad found there:
  found          share of gold actors whose mention Dyad found as an entity
  code accuracy  of those found, the share with the gold code
  sector accuracy of those found, the share with the gold code and sector
Where the gold text is not in the evidence (it names whom "he" or "the two
leaders" stands for), any entity mentioned in the evidence whose other
mentions include the gold text counts.

Usage:
    PYTHONPATH=src python bench/actor_accuracy.py [--shared ../shared] [--errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from dyad.model import Article, Entity
from dyad.nlp import load_nlp
from dyad.pipeline.actors import ActorLayer, find_actors

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    args = parser.parse_args()
    corpus = _corpus(args.shared / "corpus" / "articles.jsonl")
    totals = {"gold": 0, "found": 0, "code": 0, "sector": 0}
    nlp = load_nlp()
    for path in sorted((args.shared / "gold" / "dev").glob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        record = corpus[gold["id"]]
        article = Article(text=record["text"], id=record["id"],
                          published=record.get("published"), dateline=record.get("dateline"))
        doc = nlp(article.text)
        layer = find_actors(doc, article)
        sentences = [(sent.start_char, sent.end_char) for sent in doc.sents]
        counts = _score_article(article, layer, gold, sentences, show_errors=args.errors)
        print(f"{gold['id']:16} gold {counts['gold']:3}  found {counts['found']:3}  "
              f"code {counts['code']:3}  sector {counts['sector']:3}")
        for key in totals:
            totals[key] += counts[key]
    found = totals["found"] or 1
    print(f"\ngold actors {totals['gold']}, found {totals['found']} "
          f"({totals['found'] / max(totals['gold'], 1):.3f})")
    print(f"code accuracy   {totals['code'] / found:.3f}  ({totals['code']}/{totals['found']})")
    print(f"sector accuracy {totals['sector'] / found:.3f}  ({totals['sector']}/{totals['found']})")
    return 0


def _corpus(path: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines())}


def _score_article(article: Article, layer: ActorLayer, gold: dict,
                   sentences: list[tuple[int, int]], *, show_errors: bool) -> dict[str, int]:
    counts = {"gold": 0, "found": 0, "code": 0, "sector": 0}
    for event in gold["events"]:
        start = article.text.find(event["evidence"])
        if start < 0:
            continue
        end = start + len(event["evidence"])
        # the evidence may be part of a sentence: score over the whole sentence(s)
        overlapping = [(s, e) for s, e in sentences if s < end and start < e]
        start, end = overlapping[0][0], overlapping[-1][1]
        for actor in event["actor"] + event["recipient"]:
            counts["gold"] += 1
            pairs = _pairs_found(article.text, layer, actor["text"], start, end)
            if pairs is None:
                _report(show_errors, gold["id"], "MISS", actor, None, event["evidence"])
                continue
            counts["found"] += 1
            codes = {code for code, _ in pairs}
            counts["code"] += actor["code"] in codes
            counts["sector"] += (actor["code"], actor["sector"]) in pairs
            if (actor["code"], actor["sector"]) not in pairs:
                _report(show_errors, gold["id"], "WRONG", actor, pairs, event["evidence"])
    return counts


def _pairs_found(text: str, layer: ActorLayer, gold_text: str, start: int,
                 end: int) -> set[tuple[str, str]] | None:
    """(code, sector) pairs of the entity Dyad found at the gold mention; None where none."""
    at = _find_words(text, gold_text, start, end)
    if at >= 0:
        entities = _best_overlap(layer.entities, at, at + len(gold_text))
    else:
        entities = _named_elsewhere(layer, gold_text, start, end)
    if not entities:
        return None
    return {(ref.code, ref.sector) for entity in entities for ref in layer.member_refs(entity)}


def _find_words(text: str, words: str, start: int, end: int) -> int:
    """Where the words stand as words ("US", not the "us" of "thus"), case first."""
    pattern = r"(?<!\w)" + re.escape(words) + r"(?!\w)"
    for flags in (0, re.IGNORECASE):
        match = re.compile(pattern, flags).search(text, start, end)
        if match:
            return match.start()
    return -1


def _best_overlap(entities: list[Entity], start: int, end: int) -> list[Entity]:
    """The entities at the gold mention: those whose mention starts where it
    starts (its head phrase: "residents" in "residents of the republics"),
    else those overlapping it most; several where they tie ("U.S. and Russian
    diplomats"), as refs_of gives several."""
    best: list[Entity] = []
    best_score = (False, 0)
    for entity in entities:
        for mention in entity.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap <= 0:
                continue
            score = (mention.start == start, overlap)
            if score > best_score:
                best, best_score = [entity], score
            elif score == best_score and entity not in best:
                best.append(entity)
    return best


def _named_elsewhere(layer: ActorLayer, gold_text: str, start: int, end: int) -> list[Entity]:
    """An entity mentioned in the sentence ("he", "the two leaders") that stands for
    the entity the gold text names."""
    entities = layer.entities
    by_id = {entity.id: entity for entity in entities}
    for entity in entities:
        if not any(start <= m.start and m.end <= end for m in entity.mentions):
            continue
        members = [by_id[r.entity] for r in layer.members.get(entity.id, [])
                   if r.entity in by_id and r.entity != entity.id]
        for candidate in [entity] + members:
            if _names(candidate, gold_text):
                return [candidate]
    return []


def _names(entity: Entity, gold_text: str) -> bool:
    gold = gold_text.lower()
    return gold in entity.name.lower() or any(gold in m.text.lower() for m in entity.mentions)


def _report(show: bool, article_id: str, what: str, actor: dict, pairs, evidence: str) -> None:
    if show:
        got = sorted(pairs) if pairs else "-"
        print(f"  {what:5} {article_id} {actor['text']!r} gold {actor['code']} {actor['sector']}"
              f" got {got} | {evidence[:90]}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
