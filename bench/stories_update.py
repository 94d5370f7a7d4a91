"""What keeping stories in the store costs: a rebuild of a corpus, and the
incremental update after one more batch of articles (what `dyad ingest` adds).

The corpus is synthetic coded results (no NLP): articles spread over ``--days``
days, each with one to four events drawn from eight actors and four types, half
of them dated; one in twenty is a verbatim wire copy of an earlier article. The
new batch is published on the last two days, as in a daily ingest. Prints
seconds for the rebuild, the incremental update of ``--batch`` new articles, and
the update per article.

    PYTHONPATH=src .venv/bin/python bench/stories_update.py [--articles 5000] [--batch 64]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from dyad.model import ActorRef, Article, ArticleResult, Event, Mention
from dyad.store import Store
from dyad.store.stories import rebuild_stories, update_stories

CODES = ("RUS", "UKR", "USA", "CHN", "FRA", "DEU", "POL", "TUR")
TYPES = (("CONSULT", 1, 2.5), ("ACCUSE", 3, -2.0), ("ASSAULT", 4, -9.0), ("AID", 2, 5.0))
WORDS = ("forces talks border region minister army village city report official statement "
         "support attack meeting pressure troops weapons aid sanctions capital president").split()


def _article(rng: random.Random, number: int, published: dt.date) -> ArticleResult:
    sentences, events = [], []
    for index in range(rng.randint(1, 4)):
        kind, quad, score = rng.choice(TYPES)
        actor, recipient = rng.sample(CODES, 2)
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 25))) + "."
        offset = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        events.append(Event(
            id=f"art{number}-v{index}", type=kind, mode=None, quad=quad, score=score,
            actor=[ActorRef(actor, actor, "state")], recipient=[ActorRef(recipient, recipient, "state")],
            modality="asserted", trigger=Mention(offset, offset + 1, sentence[0]),
            sentence=Mention(offset, offset + len(sentence), sentence),
            date=published.isoformat() if rng.random() < 0.5 else None,
            date_precision="day" if rng.random() < 0.5 else None))
    article = Article(text=" ".join(sentences), id=f"art{number}", published=published.isoformat(),
                      outlet=f"outlet{rng.randrange(30)}")
    return ArticleResult(article=article, events=events)


def corpus(count: int, batch: int, *, days: int, seed: int = 1) -> list[ArticleResult]:
    """``count`` articles over ``days`` days, then ``batch`` more on the last two days."""
    rng = random.Random(seed)
    start = dt.date(2022, 1, 1)
    results: list[ArticleResult] = []
    for number in range(count + batch):
        offset = rng.randrange(days) if number < count else days - 1 - rng.randrange(2)
        if results and rng.random() < 0.05:
            results.append(_copy(rng.choice(results), number))
        else:
            results.append(_article(rng, number, start + dt.timedelta(days=offset)))
    return results


def _copy(original: ArticleResult, number: int) -> ArticleResult:
    article = dataclasses.replace(original.article, id=f"art{number}", outlet=f"reprint{number % 7}")
    events = [dataclasses.replace(event, id=f"art{number}-v{index}") for index, event in enumerate(original.events)]
    return ArticleResult(article=article, events=events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    results = corpus(args.articles, args.batch, days=args.days)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        store.add_results(results[:args.articles])
        started = time.perf_counter()
        built = rebuild_stories(store)
        rebuild_s = time.perf_counter() - started
        store.add_results(results[args.articles:])
        started = time.perf_counter()
        update = update_stories(store)
        update_s = time.perf_counter() - started
    print(f"rebuild of {args.articles} articles ({built.mentions} mentions, {built.stories} stories, "
          f"{built.copies} wire copies): {rebuild_s:.2f} s")
    print(f"update after {args.batch} more ({update.mentions} mentions, {update.copies} wire copies): "
          f"{update_s:.2f} s, "
          f"{1000 * update_s / args.batch:.1f} ms per article")


if __name__ == "__main__":
    main()
