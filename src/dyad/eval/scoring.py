"""Scoring extraction against gold, as ``shared/gold/GUIDELINES.md`` (Scoring) says.

A prediction pairs with a gold event when its sentence overlaps the gold
evidence; for each measure the pairs are a maximum matching over the
overlapping pairs that satisfy it. Only gold events that are facts (asserted,
historical) count towards recall, and only predictions reported as facts count
towards precision: a prediction marked hypothetical, negated or future claims
no event.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from dyad.eval.gold import FACT_MODALITIES, GoldArticle, GoldEvent, GoldQuote
from dyad.eval.matching import max_matching
from dyad.model import ArticleResult, Event, Quote

# Host and guest vary for these: the union of actor and recipient codes is compared.
UNION_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
_WORD = re.compile(r"\w+")


@dataclass
class Counts:
    """True positives, predictions and gold items of one measure."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    def add(self, other: Ratio) -> None:
        self.hits += other.hits
        self.total += other.total

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {"hits": self.hits, "total": self.total, "value": round(self.value, 4)}


@dataclass
class Score:
    """Every measure, summed over articles."""

    type: Counts = field(default_factory=Counts)
    dyad: Counts = field(default_factory=Counts)
    date: Ratio = field(default_factory=Ratio)
    location: Ratio = field(default_factory=Ratio)
    false_facts: Ratio = field(default_factory=Ratio)  # non-fact gold events reported as asserted
    non_facts_found: Ratio = field(default_factory=Ratio)  # non-fact gold events paired at all
    quotes: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    articles: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("type", "dyad", "date", "location", "false_facts", "non_facts_found", "quotes"):
            getattr(self, name).add(getattr(other, name))
        for name, counts in other.per_type.items():
            self.per_type.setdefault(name, Counts()).add(counts)
        self.articles += other.articles
        self.warnings.extend(other.warnings)

    def to_dict(self) -> dict:
        record = {name: getattr(self, name).to_dict() for name in
                  ("type", "dyad", "date", "location", "false_facts", "non_facts_found", "quotes")}
        record["per_type"] = {name: c.to_dict() for name, c in sorted(self.per_type.items())}
        record["articles"] = self.articles
        record["warnings"] = list(self.warnings)
        return record


def score_results(golds: list[GoldArticle], results: dict[str, ArticleResult]) -> Score:
    """Score the results of every gold article (an article with no result has no predictions)."""
    total = Score()
    for gold in golds:
        result = results.get(gold.id)
        events = result.events if result else []
        quotes = result.quotes if result else []
        total.add(score_article(gold, events, quotes))
    return total


def score_article(gold: GoldArticle, events: list[Event], quotes: list[Quote]) -> Score:
    score = Score(articles=1, warnings=list(gold.warnings))
    facts, predicted = facts_and_predictions(gold, events)
    type_pairs = same_type_pairs(predicted, facts)
    dyad_pairs = same_dyad_pairs(predicted, facts)
    score.type = Counts(len(type_pairs), len(predicted), len(facts))
    score.dyad = Counts(len(dyad_pairs), len(predicted), len(facts))
    for i, j in dyad_pairs:
        pred, gold_event = predicted[i], facts[j]
        if gold_event.date is not None:
            score.date.add(Ratio(int(pred.date == gold_event.date), 1))
        if gold_event.country is not None:
            country = pred.location.country if pred.location else None
            score.location.add(Ratio(int(country == gold_event.country), 1))
    _score_per_type(score, predicted, facts, type_pairs)
    _score_non_facts(score, events, gold.events, [predicted[i] for i, _ in type_pairs])
    score.quotes = score_quotes(quotes, gold.quotes)
    return score


def facts_and_predictions(gold: GoldArticle, events: list[Event]) -> tuple[list[GoldEvent], list[Event]]:
    """The two sides every pairing matches: gold facts, and predictions reported as fact."""
    return [g for g in gold.events if g.is_fact], [e for e in events if e.modality in FACT_MODALITIES]


def same_type_pairs(predicted: list[Event], facts: list[GoldEvent]) -> list[tuple[int, int]]:
    """The largest pairing of (prediction, fact) indices of one sentence and type."""
    return max_matching(predicted, facts, lambda p, g: overlaps(p, g) and p.type == g.type)


def same_dyad_pairs(predicted: list[Event], facts: list[GoldEvent]) -> list[tuple[int, int]]:
    """The largest pairing of (prediction, fact) indices of one sentence, type and dyad."""
    return max_matching(predicted, facts, lambda p, g: overlaps(p, g) and same_dyad(p, g))


def same_dyad(pred: Event, gold: GoldEvent) -> bool:
    if pred.type != gold.type:
        return False
    actor = frozenset(a.code for a in pred.actor)
    recipient = frozenset(r.code for r in pred.recipient)
    if gold.type in UNION_TYPES:
        return actor | recipient == gold.actor | gold.recipient
    return actor == gold.actor and recipient == gold.recipient


def overlaps(pred: Event, gold: GoldEvent) -> bool:
    return pred.sentence.start < gold.end and gold.start < pred.sentence.end


def _score_per_type(score: Score, predicted: list[Event], facts: list[GoldEvent],
                    pairs: list[tuple[int, int]]) -> None:
    pred_counts = Counter(e.type for e in predicted)
    gold_counts = Counter(g.type for g in facts)
    tp_counts = Counter(facts[j].type for _, j in pairs)
    for name in set(pred_counts) | set(gold_counts):
        score.per_type[name] = Counts(tp_counts[name], pred_counts[name], gold_counts[name])


def _score_non_facts(score: Score, events: list[Event], golds: list[GoldEvent], used: list[Event]) -> None:
    """Pair the predictions not used for facts with the non-fact gold events of the same type."""
    non_facts = [g for g in golds if not g.is_fact]
    used_ids = {id(e) for e in used}
    free = [e for e in events if id(e) not in used_ids]
    pairs = max_matching(free, non_facts, lambda p, g: overlaps(p, g) and p.type == g.type)
    asserted = sum(1 for i, _ in pairs if free[i].modality in FACT_MODALITIES)
    score.false_facts = Ratio(asserted, len(non_facts))
    score.non_facts_found = Ratio(len(pairs), len(non_facts))


def score_quotes(quotes: list[Quote], golds: list[GoldQuote]) -> Counts:
    """Direct quotes: words overlap by at least half (of the longer) and the speaker code matches."""
    predicted = [q for q in quotes if q.kind == "direct"]
    direct = [g for g in golds if g.kind == "direct"]

    def can_pair(pred: Quote, gold: GoldQuote) -> bool:
        code = pred.speaker.code if pred.speaker else None
        return code is not None and code == gold.speaker_code and words_overlap(pred.text, gold.text) >= 0.5

    return Counts(len(max_matching(predicted, direct, can_pair)), len(predicted), len(direct))


def words_overlap(a: str, b: str) -> float:
    """Shared words (as multisets, lower-cased) over the word count of the longer text."""
    words_a = Counter(w.lower() for w in _WORD.findall(a))
    words_b = Counter(w.lower() for w in _WORD.findall(b))
    longer = max(sum(words_a.values()), sum(words_b.values()))
    return sum((words_a & words_b).values()) / longer if longer else 0.0
