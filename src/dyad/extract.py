"""Extraction: ingest -> NLP -> coding, in input order, in one or several processes.

Each worker process loads the spaCy pipeline once and runs parse and coding on
chunks of articles; results come back in the order the inputs went in.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from dyad.model import Article, ArticleResult, ItemError
from dyad.nlp import BATCH_SIZE, load_nlp, parse
from dyad.pipeline import code_article, warm_up

__all__ = ["extract", "extract_article"]

Item = Article | ItemError
Result = ArticleResult | ItemError

# Seconds one article's coding may take (a few hundred milliseconds is usual):
# a rule that loops must cost one article, not a worker. $DYAD_CODING_TIME_LIMIT
# changes it; 0 turns it off.
CODING_TIME_LIMIT_S = 60.0


class CodingTimeout(Exception):
    """An article's coding ran past the time limit."""


def extract(items: Iterable[Item], *, workers: int = 1, chunk_size: int = BATCH_SIZE) -> Iterator[Result]:
    """Code every Article; ItemErrors pass through in their place."""
    chunks = _chunks(items, chunk_size)
    if workers <= 1:
        for chunk in chunks:
            yield from _code_chunk(chunk)
        return
    with worker_context().Pool(workers, initializer=init_worker) as pool:
        for results in pool.imap(_code_chunk, chunks):
            yield from results


def extract_article(article: Article) -> ArticleResult:
    """Parse and code one article in this process."""
    result = _code_chunk([article])[0]
    if isinstance(result, ItemError):
        raise RuntimeError(str(result))
    return result


def worker_context() -> multiprocessing.context.BaseContext:
    """The multiprocessing context for coding workers (also used by dyad.scale)."""
    # fork starts a worker in milliseconds with the parent's loaded pipeline (as
    # spaCy's own n_process does); where fork is unavailable, spawn loads it anew.
    if "fork" in multiprocessing.get_all_start_methods():
        warm_up(load_nlp())
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def init_worker() -> None:
    """Load the pipeline and every stage's data in a worker (once per process)."""
    warm_up(load_nlp())


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _code_chunk(chunk: list[Item]) -> list[Result]:
    articles = [item for item in chunk if isinstance(item, Article)]
    docs = iter(parse(article.text for article in articles))
    results: list[Result] = []
    limit = _coding_time_limit()
    for item in chunk:
        if isinstance(item, ItemError):
            results.append(item)
            continue
        doc = next(docs)
        try:
            with _time_limit(limit):
                results.append(code_article(doc, item))
        except CodingTimeout:
            results.append(ItemError(item.source or item.id, f"coding took over {limit:g} s; "
                                     "the article was skipped (a bug: please report it)", "timeout"))
        except Exception as e:  # noqa: BLE001 - one bad article must not stop the batch
            results.append(ItemError(item.source or item.id, f"internal error while coding: {e!r}", "internal"))
    return results


def _coding_time_limit() -> float:
    try:
        return float(os.environ.get("DYAD_CODING_TIME_LIMIT", CODING_TIME_LIMIT_S))
    except ValueError:
        return CODING_TIME_LIMIT_S


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise CodingTimeout in the block after ``seconds`` (a SIGALRM timer: only in a
    main thread where the platform has one; elsewhere, no limit)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(*_: object) -> None:
        raise CodingTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
