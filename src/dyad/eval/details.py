"""Per-event details of a gold comparison, for reading errors (``dyad eval
--details FILE``, one JSON record per line, its kind in ``field``):

- ``field: "event"``: every gold fact's outcome (matched with the right dyad,
  matched in type only, or missed) and every prediction reported as fact that
  paired with nothing, with gold and predicted actors;
- ``field: "date"`` / ``"location"``: each dyad pair (the pairs date and
  location accuracy are computed over) whose date, or location country,
  differs from gold.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from dyad.errors import EvalError
from dyad.eval.gold import GoldArticle, GoldEvent
from dyad.eval.scoring import facts_and_predictions, same_dyad_pairs, same_type_pairs
from dyad.model import ArticleResult, Event

# Outcomes, from best to worst.
DYAD = "dyad"  # type and dyad match
TYPE_ONLY = "type-only"  # the type matches, the actor or recipient codes do not
MISSED = "missed"  # a fact in gold that no prediction of its type pairs with
SPURIOUS = "spurious"  # a prediction reported as fact that pairs with no gold fact of its type


@dataclass
class EventDetail:
    article: str
    outcome: str
    type: str
    sentence: str
    gold_actor: list[str] | None = None
    gold_recipient: list[str] | None = None
    actor: list[str] | None = None
    recipient: list[str] | None = None
    trigger: str | None = None

    def to_dict(self) -> dict:
        return {"field": "event", **asdict(self)}


def article_details(gold: GoldArticle, result: ArticleResult | None) -> list[EventDetail]:
    """The outcome of every gold fact and every prediction reported as fact in one article."""
    facts, predicted = facts_and_predictions(gold, result.events if result else [])
    return _outcomes(gold.id, result, facts, predicted, same_dyad_pairs(predicted, facts))


def _outcomes(article: str, result: ArticleResult | None, facts: list[GoldEvent], predicted: list[Event],
              dyad_pairs: list[tuple[int, int]]) -> list[EventDetail]:
    text = result.article.text if result else ""
    used_p = {i for i, _ in dyad_pairs}
    used_g = {j for _, j in dyad_pairs}
    rest_p = [i for i in range(len(predicted)) if i not in used_p]
    rest_g = [j for j in range(len(facts)) if j not in used_g]
    type_pairs = same_type_pairs([predicted[i] for i in rest_p], [facts[j] for j in rest_g])
    details = [_detail(article, DYAD, text, facts[j], predicted[i]) for i, j in dyad_pairs]
    details += [_detail(article, TYPE_ONLY, text, facts[rest_g[j]], predicted[rest_p[i]]) for i, j in type_pairs]
    used_p |= {rest_p[i] for i, _ in type_pairs}
    used_g |= {rest_g[j] for _, j in type_pairs}
    details += [_detail(article, MISSED, text, g, None) for j, g in enumerate(facts) if j not in used_g]
    details += [_detail(article, SPURIOUS, text, None, p) for i, p in enumerate(predicted) if i not in used_p]
    return details


def _detail(article: str, outcome: str, text: str, gold: GoldEvent | None, pred: Event | None) -> EventDetail:
    sentence = text[gold.start:gold.end] if gold is not None else pred.sentence.text
    detail = EventDetail(article, outcome, (gold or pred).type, sentence)
    if gold is not None:
        detail.gold_actor, detail.gold_recipient = sorted(gold.actor), sorted(gold.recipient)
    if pred is not None:
        detail.actor = [f"{a.code}{a.sector}:{a.name}" for a in pred.actor]
        detail.recipient = [f"{r.code}{r.sector}:{r.name}" for r in pred.recipient]
        detail.trigger = pred.trigger.text
    return detail


def _misses(article_id: str, pred: Event, gold: GoldEvent, text: str) -> list[dict]:
    base = {"article": article_id, "type": gold.type, "trigger": pred.trigger.text,
            "evidence": text[gold.start:gold.end]}
    rows = []
    if gold.date is not None and pred.date != gold.date:
        rows.append({"field": "date", **base, "gold": gold.date, "predicted": pred.date,
                     "predicted_text": pred.date_text})
    country = pred.location.country if pred.location else None
    if gold.country is not None and country != gold.country:
        rows.append({"field": "location", **base, "gold": gold.country, "predicted": country,
                     "predicted_text": pred.location.name if pred.location else None})
    return rows


def write_details(rows: list[dict], path: Path) -> None:
    try:
        Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    except OSError as e:
        raise EvalError(f"{path}: cannot write details ({e})") from e


def all_details(golds: list[GoldArticle], results: dict[str, ArticleResult]) -> list[dict]:
    """Every record ``--details`` writes: event outcomes, then the date and location misses of
    the dyad pairs (the pairs date and location accuracy are computed over), one pairing per article."""
    outcomes: list[dict] = []
    misses: list[dict] = []
    for gold in golds:
        result = results.get(gold.id)
        facts, predicted = facts_and_predictions(gold, result.events if result else [])
        dyad_pairs = same_dyad_pairs(predicted, facts)
        outcomes += [d.to_dict() for d in _outcomes(gold.id, result, facts, predicted, dyad_pairs)]
        for i, j in dyad_pairs:
            misses += _misses(gold.id, predicted[i], facts[j], result.article.text)
    return outcomes + misses
