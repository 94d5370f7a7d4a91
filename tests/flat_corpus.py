"""Hand-made articles and the reference for the event_flat tests
(imported by tests/test_store_event_flat.py and tests/test_api_events_flat.py).

The reference is what readers got before event_flat existed: the SELECT of
migration 2's ``event_records`` view, run on the live tables, and filters
applied in Python to its records. The sentences are written for these tests.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import duckdb

from dyad.model import ActorRef, Article, ArticleResult, Event, Location, Mention

RUS, UKR, USA = ActorRef("Russia", "RUS", "GOV"), ActorRef("Ukraine", "UKR", "GOV"), ActorRef("the US", "USA", "GOV")
DEU, NATO = ActorRef("Germany", "DEU", "GOV"), ActorRef("NATO", "NATO", "IGO")
UNCODED = ActorRef("a local militia", None, "REB")  # type: ignore[arg-type]  # the store keeps a missing code as NULL


def _article(article_id: str, text: str, *, published: str | None, title: str | None = None) -> Article:
    return Article(text=text, id=article_id, title=title, published=published, outlet="Test Wire",
                   url=f"https://example.org/{article_id}")


def _event(text: str, event_id: str, trigger: str, *, type_: str, quad: int, score: float,
           actor: list[ActorRef], recipient: list[ActorRef], modality: str = "asserted",
           date: str | None = None, country: str | None = None) -> Event:
    at = text.index(trigger)
    start = text.rfind(". ", 0, at)
    start = start + 2 if start >= 0 else 0
    end = text.index(".", at) + 1
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date or ""))
    return Event(id=event_id, type=type_, mode=None, quad=quad, score=score, actor=actor, recipient=recipient,
                 modality=modality, trigger=Mention(at, at + len(trigger), trigger),
                 sentence=Mention(start, end, text[start:end]), date=date, date_precision=precision,
                 location=Location(country, country, 1.0, 2.0) if country else None,
                 contexts=["military"] if quad == 4 else [])


FIRST = ("Russia shelled Kharkiv and Kyiv on Monday. Ukraine asked Germany and the US for air defence. "
         "The US imposed new Sanctions on Russia. A local militia attacked a convoy.")
SECOND = ("NATO and the US criticised Russia in March. Russia may threaten Ukraine again. "
          "Ukraine and Russia agreed to swap prisoners.")
THIRD = "Germany promised aid to Ukraine. Russia denied shelling the port."


def first(*, title: str = "Strikes and sanctions") -> ArticleResult:
    text = FIRST
    events = [
        _event(text, "v0", "shelled", type_="ASSAULT", quad=4, score=-9.0, actor=[RUS], recipient=[UKR, UKR],
               date="2022-02-21", country="UKR"),
        _event(text, "v1", "asked", type_="REQUEST", quad=3, score=-1.0, actor=[UKR], recipient=[DEU, USA],
               date="2022-02-21"),
        _event(text, "v2", "imposed", type_="SANCTION", quad=4, score=-6.0, actor=[USA], recipient=[RUS]),
        _event(text, "v3", "attacked", type_="ASSAULT", quad=4, score=-9.0, actor=[UNCODED], recipient=[],
               date="2022-02", country="UKR"),
    ]
    return ArticleResult(article=_article("flat-1", text, published="2022-02-22", title=title), events=events,
                         version="0.1.0")


def second() -> ArticleResult:
    text = SECOND
    events = [
        _event(text, "v0", "criticised", type_="ACCUSE", quad=3, score=-2.0, actor=[NATO, USA], recipient=[RUS],
               date="2022-03"),
        _event(text, "v1", "threaten", type_="THREATEN", quad=3, score=-4.0, actor=[RUS], recipient=[UKR],
               modality="hypothetical"),
        _event(text, "v2", "agreed", type_="AGREE", quad=1, score=5.0, actor=[UKR, RUS], recipient=[],
               date="2022", country="TUR"),
    ]
    return ArticleResult(article=_article("flat-2", text, published="2022-03-30"), events=events,
                         version="0.1.0")


def third() -> ArticleResult:
    text = THIRD
    events = [
        _event(text, "v0", "promised", type_="SUPPORT", quad=2, score=3.0, actor=[DEU], recipient=[UKR],
               modality="future", country="DEU"),
        _event(text, "v1", "denied", type_="REJECT", quad=3, score=-2.0, actor=[RUS], recipient=[],
               modality="negated"),
    ]
    return ArticleResult(article=_article("flat-3", text, published=None), events=events, version="0.1.0")


def old_view_sql() -> str:
    """The SELECT of migration 2's ``event_records`` view: the reference."""
    sql = resources.files("dyad.store").joinpath("migrations/0002_views.sql").read_text("utf-8")
    found = re.search(r"CREATE VIEW event_records AS\n(.*?);", sql, re.DOTALL)
    if found is None:
        raise LookupError("migration 2 has no event_records view")
    return found[1]


def records(con: duckdb.DuckDBPyConnection, source: str) -> list[dict[str, Any]]:
    """Every row of ``source`` (a table, view or parenthesised SELECT), by (article_id, id)."""
    cursor = con.execute(f"SELECT * FROM {source} ORDER BY article_id, id")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def reference(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return records(con, f"({old_view_sql()}) AS old")


def passes(record: dict[str, Any], params: dict[str, Any]) -> bool:
    """Whether a reference record passes the API's filter parameters, decided in Python."""
    actors = {ref["code"] for ref in record["actor"]}
    recipients = {ref["code"] for ref in record["recipient"]}
    checks = {
        "actor": lambda v: bool(actors & set(v.split(","))),
        "recipient": lambda v: bool(recipients & set(v.split(","))),
        "type": lambda v: record["type"] in v.split(","),
        "quad": lambda v: record["quad"] in {int(q) for q in v.split(",")},
        "country": lambda v: record["location_country"] in v.split(","),
        "modality": lambda v: record["modality"] in v.split(","),
        "search": lambda v: v.lower() in (record["sentence_text"] or "").lower(),
        "article": lambda v: record["article_id"] == v,
        "from": lambda v: record["day_end"] is not None and record["day_end"].isoformat() >= v,
        "to": lambda v: record["day_start"] is not None and record["day_start"].isoformat() <= v,
    }
    return all(checks[name](value) for name, value in params.items() if name in checks)


def ordered(found: list[dict[str, Any]], key: str, *, descending: bool = False) -> list[dict[str, Any]]:
    """As the API orders: by ``key`` (NULLs last either way), then article_id and id."""
    def value(record: dict[str, Any]) -> Any:
        if key == "actor" or key == "recipient":
            return record[key][0]["code"] if record[key] else None
        return record[key]

    by_id = sorted(found, key=lambda r: (r["article_id"], r["id"]))
    present = sorted((r for r in by_id if value(r) is not None), key=value, reverse=descending)
    return present + [r for r in by_id if value(r) is None]
