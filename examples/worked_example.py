"""A worked example: the bundled demo articles, coded and stored with the library API.

    python examples/worked_example.py                 # demo/articles.jsonl into a temporary database
    python examples/worked_example.py --db demo.duckdb --json

It reads the twelve openly licensed demo articles, codes them, stores them in a
DuckDB file, updates the stories, and prints the figures the README quotes:
articles, events, events per quad class and per modality, the top dyads, the
top stories and the number of quotes. Every figure is read back from the
store, so it is what `dyad sql` would show on the same database.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from dyad import extract, read_inputs
from dyad.analytics.store_bridge import stories_from_store
from dyad.store import Store
from dyad.store.stories import update_stories

DEMO = Path(__file__).resolve().parent.parent / "demo" / "articles.jsonl"
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TOP = 5


def ingest(inputs: list[str], db: Path) -> None:
    """Code the inputs and store them, as `dyad ingest` does."""
    with Store(db) as store:
        store.add_results(extract(read_inputs(inputs)))
        update_stories(store)


def figures(db: Path, *, top: int = TOP) -> dict[str, Any]:
    """The demo figures, read from the store."""
    with Store(db, read_only=True) as store:
        con = store.connection

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return con.execute(sql).fetchall()

        counts = store.counts()
        stories = stories_from_store(store)[:top]
        return {
            "articles": counts["articles"],
            "events": counts["events"],
            "quotes": counts["quotes"],
            "errors": counts["errors"],
            "stories": rows("SELECT count(*) FROM stories")[0][0],
            "quad": {QUADS[q]: n for q, n in rows("SELECT quad, count(*) FROM events GROUP BY quad ORDER BY quad")},
            "modality": dict(rows("SELECT modality, count(*) AS n FROM events GROUP BY modality "
                                  "ORDER BY n DESC, modality")),
            # Dyads of events reported as facts (asserted or historical), one row per actor-recipient pair.
            "dyads": [{"actor": a, "recipient": r, "events": n} for a, r, n in rows(
                "SELECT actor_code, recipient_code, count(DISTINCT (article_id, event_id)) AS n FROM event_dyads "
                "WHERE actor_code IS NOT NULL AND recipient_code IS NOT NULL "
                "AND modality IN ('asserted', 'historical') "
                f"GROUP BY ALL ORDER BY n DESC, actor_code, recipient_code LIMIT {int(top)}")],
            "top_stories": [{"type": s.type, "day": str(s.day) if s.day else None,
                             "actors": s.canonical.actor_codes, "recipients": s.canonical.recipient_codes,
                             "articles": s.article_count, "outlets": s.outlet_count,
                             "sentence": s.canonical.sentence} for s in stories],
        }


def render(report: dict[str, Any]) -> str:
    lines = [f"articles: {report['articles']}", f"events: {report['events']}",
             f"stories: {report['stories']}", f"quotes: {report['quotes']}", "events per quad class:"]
    lines += [f"  {name}: {n}" for name, n in report["quad"].items()]
    lines.append("events per modality:")
    lines += [f"  {name}: {n}" for name, n in report["modality"].items()]
    lines.append("top dyads (asserted and historical events):")
    lines += [f"  {d['actor']} -> {d['recipient']}: {d['events']}" for d in report["dyads"]]
    lines.append("top stories (widest reach first):")
    for s in report["top_stories"]:
        dyad = f"{'+'.join(s['actors']) or '-'} -> {'+'.join(s['recipients']) or '-'}"
        sentence = " ".join(s["sentence"].split())[:90]
        lines.append(f"  {s['day']} {s['type']} {dyad} ({s['articles']} articles): {sentence}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(DEMO)], help="articles (default: the demo articles)")
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temporary file)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "demo.duckdb"
        ingest(args.inputs, db)
        report = figures(db)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
