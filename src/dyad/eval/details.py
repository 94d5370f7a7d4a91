"""Per-event date and location misses of an evaluation (``dyad eval --details FILE``).

One record per dyad pair (the pairs date and location accuracy are computed
over) whose date, or whose location country, differs from gold; ``field``
says which ("date" or "location"). Other per-event details may add their own
``field`` values to the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

from dyad.errors import EvalError
from dyad.eval.gold import FACT_MODALITIES, GoldArticle, GoldEvent
from dyad.eval.matching import max_matching
from dyad.eval.scoring import same_dyad
from dyad.model import ArticleResult, Event


def date_location_misses(golds: list[GoldArticle], results: dict[str, ArticleResult]) -> list[dict]:
    """Every dyad pair's date or location miss, article by article."""
    rows = []
    for gold in golds:
        result = results.get(gold.id)
        if result is None:
            continue
        predicted = [e for e in result.events if e.modality in FACT_MODALITIES]
        facts = [g for g in gold.events if g.is_fact]
        pairs = max_matching(predicted, facts, lambda p, g: (
            p.sentence.start < g.end and g.start < p.sentence.end and same_dyad(p, g)))
        for i, j in pairs:
            rows.extend(_misses(gold.id, predicted[i], facts[j], result.article.text))
    return rows


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
