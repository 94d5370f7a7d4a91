"""Interim direct-quote score of Dyad against the dev gold files.

A predicted direct quote pairs with a gold one when their words overlap by at
least half (shared words over the longer of the two) and, in the coded score,
the speaker's code matches; pairs are chosen greedily by overlap, each used once.
Two numbers are reported:

- coded: predicted quotes with a coded speaker vs gold quotes, codes must match;
- span-only: predicted quotes with an attributed speaker (coded or not) vs gold
  quotes, speakers ignored (what the quote finder does, apart from actor coding).

With --oracle-actors the actor layer is topped up with the gold speakers and
actors of each article (their names and surnames wherever they occur), to show
what the coded score becomes once actor coding resolves people: an upper
bound on attribution, not a score of the system.

Usage (from the repository root):
    PYTHONPATH=src python bench/quote_eval.py [--shared ../shared] [--oracle-actors] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import dyad.pipeline
from dyad.model import ActorRef, Article, Entity, Mention, Quote
from dyad.nlp import load_nlp
from dyad.pipeline import code_article

_WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in _WORD.findall(text))


def overlap(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    longer = max(sum(wa.values()), sum(wb.values()))
    return sum((wa & wb).values()) / longer if longer else 0.0


def pair(predicted: list[tuple[str, str | None]], gold: list[tuple[str, str | None]],
         *, codes: bool) -> int:
    """Number of pairs: (text, code) items, overlap >= 0.5, codes equal if asked."""
    candidates = sorted(
        ((overlap(p[0], g[0]), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)
         if not codes or p[1] == g[1]),
        reverse=True,
    )
    used_p, used_g = set(), set()
    for score, i, j in candidates:
        if score >= 0.5 and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def predicted_items(quotes: list[Quote], *, codes: bool) -> list[tuple[str, str | None]]:
    direct = [q for q in quotes if q.kind == "direct"]
    if codes:
        return [(q.text, q.speaker.code) for q in direct if q.speaker is not None]
    # Attributed: coded, or resting on someone the text names (not the reporter).
    return [(q.text, None) for q in direct
            if q.speaker is not None or q.sourcing.kind != "reporter"]


class OracleActors:
    """The real actor layer, with gold-named actors added (duck-typed to ActorLayer)."""

    def __init__(self, base, doc, named: list[dict]) -> None:
        self.base, self.entities, self.tokens = base, list(base.entities), {}
        for item in named:
            entity = Entity(id=f"oracle{len(self.entities)}", name=item["text"], code=item["code"],
                            sector=item.get("sector") or "", kind="organization")
            for name in _names(item["text"]):
                for m in re.finditer(r"\b" + re.escape(name) + r"\b", doc.text):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    if span is None or any(t.i in self.tokens for t in span):
                        continue
                    if any(t.ent_type_ == "PERSON" for t in span):
                        entity.kind = "person"
                    entity.mentions.append(Mention(m.start(), m.end(), m.group(0)))
                    self.tokens.update((t.i, entity) for t in span)
            self.entities.append(entity)

    def entity_of(self, token):
        return self.tokens.get(token.i) or self.base.entity_of(token)

    def refs_of(self, token) -> list[ActorRef]:
        entity = self.tokens.get(token.i)
        return [self.ref(entity)] if entity else self.base.refs_of(token)

    def ref(self, entity) -> ActorRef:
        return ActorRef(name=entity.name, code=entity.code, sector=entity.sector, entity=entity.id)


def _names(text: str) -> list[str]:
    text = re.sub(r"^(?:the|The) ", "", re.sub(r"\s*\(.*?\)", "", text))
    names = [text]
    parts = text.split()
    if len(parts) >= 2 and all(p[:1].isupper() for p in parts):
        names.append(parts[-1])
    return [n for n in names if len(n) > 2]


def oracle_named(gold_record: dict) -> list[dict]:
    named = [q["speaker"] for q in gold_record.get("quotes", [])]
    for event in gold_record.get("events", []):
        named += event.get("actor", []) + event.get("recipient", [])
    return sorted({n["text"]: n for n in named if n.get("code")}.values(),
                  key=lambda n: -len(n["text"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    repo = Path(__file__).resolve().parents[1]
    parser.add_argument("--shared", type=Path, default=repo.parent / "shared")
    parser.add_argument("--oracle-actors", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    texts = {}
    for line in (args.shared / "corpus" / "articles.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        texts[record["id"]] = record
    nlp = load_nlp()
    totals = {"coded": [0, 0, 0], "span-only": [0, 0, 0]}
    for path in sorted((args.shared / "gold" / "dev").glob("*.json")):
        gold_record = json.loads(path.read_text("utf-8"))
        record = texts[gold_record["id"]]
        article = Article(text=record["text"], id=record["id"], published=record.get("published"),
                          dateline=record.get("dateline"))
        doc = nlp(article.text)
        if args.oracle_actors:
            real = dyad.pipeline.find_actors
            named = oracle_named(gold_record)
            dyad.pipeline.find_actors = lambda d, a: OracleActors(real(d, a), d, named)
            quotes = code_article(doc, article).quotes
            dyad.pipeline.find_actors = real
        else:
            quotes = code_article(doc, article).quotes
        gold = [(q["text"], q["speaker"]["code"]) for q in gold_record.get("quotes", [])
                if q.get("kind", "direct") == "direct"]
        for name, codes in (("coded", True), ("span-only", False)):
            predicted = predicted_items(quotes, codes=codes)
            tp = pair(predicted, gold, codes=codes)
            for k, v in enumerate((tp, len(predicted), len(gold))):
                totals[name][k] += v
            if args.verbose and name == "coded":
                print(f"{article.id}: {tp} of {len(predicted)} predicted, {len(gold)} gold")
    for name, (tp, n_pred, n_gold) in totals.items():
        p, r, f = f1(tp, n_pred, n_gold)
        print(f"direct quotes {name:9s}: P {p:.3f} R {r:.3f} F1 {f:.3f} "
              f"(tp {tp}, predicted {n_pred}, gold {n_gold})")


if __name__ == "__main__":
    main()
