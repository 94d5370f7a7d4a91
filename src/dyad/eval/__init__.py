"""Evaluation: score extraction against hand-coded gold articles and against
the PLOVER gold-standard sentences. The CLI (``dyad eval``) is a thin shell
over ``evaluate_gold`` and ``evaluate_gsr``."""

from __future__ import annotations

import json
from pathlib import Path

from dyad.errors import EvalError
from dyad.eval.details import all_details, write_details
from dyad.eval.gold import GoldArticle, read_gold_dir
from dyad.eval.gsr import GsrScore, read_gsr, score_gsr
from dyad.eval.scoring import Counts, Score, score_results
from dyad.model import Article, ArticleResult, ItemError, result_from_dict

__all__ = ["Counts", "GoldArticle", "GsrScore", "Score", "evaluate_gold", "evaluate_gsr",
           "gold_and_results", "read_gold_dir", "score_results"]


def evaluate_gold(gold_dir: Path, articles_path: Path, *, workers: int = 1,
                  predictions: Path | None = None, details: Path | None = None) -> Score:
    """Extract the gold articles (or read earlier results from ``predictions``) and score them;
    with ``details``, also write each event's outcome and date and location misses there (JSON lines)."""
    golds, results = gold_and_results(gold_dir, articles_path, workers=workers, predictions=predictions)
    if details is not None:
        write_details(all_details(golds, results), details)
    return score_results(golds, results)


def gold_and_results(gold_dir: Path, articles_path: Path, *, workers: int = 1,
                     predictions: Path | None = None) -> tuple[list[GoldArticle], dict[str, ArticleResult]]:
    """The gold articles and the coder's results for them (extracted, or read from ``predictions``)."""
    articles = _read_articles(articles_path)
    golds = read_gold_dir(gold_dir, {a.id: a.text for a in articles.values()})
    if predictions is not None:
        return golds, _read_predictions(predictions)
    return golds, _extract([articles[g.id] for g in golds], workers=workers)


def evaluate_gsr(path: Path, *, workers: int = 1) -> GsrScore:
    """Code every gold-standard sentence on its own and score its main event."""
    from dyad.extract import extract

    records = read_gsr(path)
    items = [Article(text=r.text, id=r.id or f"gsr-{n}", published="2000-01-01") for n, r in enumerate(records)]
    events = [r.events if isinstance(r, ArticleResult) else [] for r in extract(items, workers=workers)]
    return score_gsr(records, events)


def _read_articles(path: Path) -> dict[str, Article]:
    from dyad.ingest.jsonl import articles_from_jsonl

    try:
        text = Path(path).read_text("utf-8")
    except OSError as e:
        raise EvalError(f"{path}: cannot read the articles file ({e})") from e
    articles = {}
    for item in articles_from_jsonl(text, source=str(path)):
        if isinstance(item, Article):
            articles[item.id] = item
    return articles


def _read_predictions(path: Path) -> dict[str, ArticleResult]:
    results = {}
    try:
        lines = Path(path).read_text("utf-8").splitlines()
        for line in lines:
            record = json.loads(line) if line.strip() else {}
            if record.get("record") == "article":
                result = result_from_dict(record)
                results[result.article.id] = result
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as e:
        raise EvalError(f"{path}: cannot read predictions ({e})") from e
    return results


def _extract(articles: list[Article], *, workers: int) -> dict[str, ArticleResult]:
    from dyad.extract import extract

    results = {}
    for result in extract(articles, workers=workers):
        if isinstance(result, ItemError):
            raise EvalError(f"extraction failed: {result}")
        results[result.article.id] = result
    return results
