"""Ingest: code the articles the store lacks and write them batch by batch.

Which articles to code is decided from the stored ids, text hashes and
extractor versions before any NLP. Each batch (articles, all their rows, and
the errors met) is one transaction, so a killed run leaves whole batches only,
and the next run codes what is missing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dyad.errors import ConfigError
from dyad.extract import extract
from dyad.model import Article, ArticleResult, ItemError, text_hash
from dyad.store.db import ArticleIndex, BatchReport, Store
from dyad.version import EXTRACTOR_VERSION

REPROCESS = ("none", "outdated", "all")
BATCH_SIZE = 64
# Commit at least this often, so that a slow run loses little when killed.
FLUSH_SECONDS = 30.0

Item = Article | ItemError
Result = ArticleResult | ItemError


@dataclass
class Plan:
    """The items to code, what they replace, and how many stored articles were skipped."""

    todo: list[Item] = field(default_factory=list)
    replaces: dict[str, str] = field(default_factory=dict)  # new article id -> stored id it replaces
    skipped: int = 0


@dataclass
class IngestReport:
    stored: int = 0
    events: int = 0
    failed: int = 0
    skipped: int = 0
    batches: int = 0


def plan_ingest(items: Iterable[Item], index: ArticleIndex, *, reprocess: str = "none") -> Plan:
    """Keep the items that need coding: new articles, and stored ones that ``reprocess`` asks for.

    An article is stored when its id, or its text hash, is. ``outdated`` recodes
    articles coded by an older EXTRACTOR_VERSION; ``all`` recodes every one.
    Repeats within the input are skipped too.
    """
    if reprocess not in REPROCESS:
        raise ConfigError(f"reprocess must be one of {', '.join(REPROCESS)}, not {reprocess!r}")
    plan = Plan()
    seen: set[str] = set()
    for item in items:
        if isinstance(item, ItemError):
            plan.todo.append(item)
            continue
        digest = text_hash(item.text)
        if item.id in seen or digest in seen:
            plan.skipped += 1
            continue
        seen.update((item.id, digest))
        stored_id = index.find(item.id, digest)
        if stored_id is not None and not _wanted(index.versions[stored_id], reprocess):
            plan.skipped += 1
            continue
        if stored_id is not None and stored_id != item.id:
            plan.replaces[item.id] = stored_id
        plan.todo.append(item)
    return plan


def run_ingest(store: Store, plan: Plan, *, workers: int = 1, batch_size: int = BATCH_SIZE,
               on_result: Callable[[Result], None] | None = None,
               on_batch: Callable[[BatchReport, IngestReport], None] | None = None,
               coded: Iterable[Result] | None = None) -> IngestReport:
    """Code ``plan.todo`` and store it in transactions of ``batch_size`` items.

    ``coded``: the results of ``plan.todo`` in order, coded elsewhere (on Ray,
    see dyad.scale.ingest); by default they are coded here with ``workers`` processes.
    """
    report = IngestReport(skipped=plan.skipped)
    batch: list[Result] = []
    last_flush = time.monotonic()

    def flush() -> None:
        nonlocal last_flush
        replaced = [plan.replaces[r.article.id] for r in batch
                    if isinstance(r, ArticleResult) and r.article.id in plan.replaces]
        written = store.add_results(batch, replace=replaced)
        report.stored += written.articles
        report.events += written.events
        report.failed += written.errors
        report.batches += 1
        batch.clear()
        last_flush = time.monotonic()
        if on_batch:
            on_batch(written, report)

    for result in extract(plan.todo, workers=workers) if coded is None else coded:
        batch.append(result)
        if on_result:
            on_result(result)
        if len(batch) >= batch_size or time.monotonic() - last_flush > FLUSH_SECONDS:
            flush()
    if batch:
        flush()
    return report


def _wanted(stored_version: str, reprocess: str) -> bool:
    if reprocess == "all":
        return True
    if reprocess == "outdated":
        return _version_key(stored_version) < _version_key(EXTRACTOR_VERSION)
    return False


def _version_key(version: str) -> tuple[int, ...]:
    """"0.10.1" -> (0, 10, 1); pieces that are not numbers count as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.\-+]", version or "0"))
