"""ArticleResults to table rows, column by column, ready for one bulk insert per table.

The column order of each table here is the order of its CREATE TABLE in
``migrations/0001_tables.sql``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from dyad.model import ActorRef, ArticleResult, Event, Mention, text_hash

# Table name -> (column, DuckDB type) in table order: the types cast the list
# parameters of the bulk insert, so that empty or all-NULL columns still bind.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "VARCHAR"), ("text_hash", "VARCHAR"), ("title", "VARCHAR"), ("published", "VARCHAR"),
        ("outlet", "VARCHAR"), ("url", "VARCHAR"), ("dateline", "VARCHAR"), ("license", "VARCHAR"),
        ("source", "VARCHAR"), ("text", "VARCHAR"), ("warnings", "VARCHAR[]"), ("version", "VARCHAR"),
        ("ingested_at", "TIMESTAMP"),
    ],
    "events": [
        ("article_id", "VARCHAR"), ("id", "VARCHAR"), ("type", "VARCHAR"), ("mode", "VARCHAR"),
        ("quad", "TINYINT"), ("score", "DOUBLE"), ("modality", "VARCHAR"),
        ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"), ("trigger_text", "VARCHAR"),
        ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"), ("sentence_text", "VARCHAR"),
        ("contexts", "VARCHAR[]"), ("date", "VARCHAR"), ("date_precision", "VARCHAR"),
        ("date_text", "VARCHAR"), ("date_start", "DATE"), ("date_end", "DATE"),
        ("location_name", "VARCHAR"), ("location_country", "VARCHAR"), ("location_lat", "DOUBLE"),
        ("location_lon", "DOUBLE"), ("location_place", "VARCHAR"), ("sourcing_kind", "VARCHAR"),
        ("sourcing_name", "VARCHAR"), ("sourcing_code", "VARCHAR"), ("confidence", "DOUBLE"),
    ],
    "event_actors": [
        ("article_id", "VARCHAR"), ("event_id", "VARCHAR"), ("role", "VARCHAR"), ("position", "INTEGER"),
        ("name", "VARCHAR"), ("code", "VARCHAR"), ("sector", "VARCHAR"), ("entity", "VARCHAR"),
    ],
    "entities": [
        ("article_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"), ("code", "VARCHAR"),
        ("sector", "VARCHAR"), ("kind", "VARCHAR"), ("wikidata", "VARCHAR"),
    ],
    "places": [
        ("article_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"), ("country", "VARCHAR"),
        ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("kind", "VARCHAR"), ("geonames_id", "BIGINT"),
    ],
    "mentions": [
        ("article_id", "VARCHAR"), ("owner", "VARCHAR"), ("owner_id", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"),
    ],
    "quotes": [
        ("article_id", "VARCHAR"), ("id", "VARCHAR"), ("kind", "VARCHAR"), ("text", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("speaker_name", "VARCHAR"),
        ("speaker_code", "VARCHAR"), ("speaker_sector", "VARCHAR"), ("speaker_entity", "VARCHAR"),
        ("sourcing_kind", "VARCHAR"), ("sourcing_name", "VARCHAR"), ("sourcing_code", "VARCHAR"),
        ("events", "VARCHAR[]"),
    ],
}
# Tables that hold rows of an article, keyed by article_id (articles by id); event_flat
# is derived from the others in the same transaction (Store._insert_flat).
ARTICLE_TABLES = ("events", "event_actors", "entities", "places", "mentions", "quotes", "event_flat")

Row = tuple[object, ...]


@dataclass
class Rows:
    """The rows of a batch of articles, table by table."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in COLUMNS})

    def add(self, result: ArticleResult, *, now: dt.datetime) -> None:
        article = result.article
        self.tables["articles"].append((
            article.id, text_hash(article.text), article.title, article.published, article.outlet,
            article.url, article.dateline, article.license, article.source, article.text,
            list(result.warnings), result.version, now,
        ))
        for event in result.events:
            self._add_event(article.id, event)
        for entity in result.entities:
            self.tables["entities"].append((article.id, entity.id, entity.name, entity.code,
                                            entity.sector, entity.kind, entity.wikidata))
            self._add_mentions(article.id, "entity", entity.id, entity.mentions)
        for place in result.places:
            self.tables["places"].append((article.id, place.id, place.name, place.country, place.lat,
                                          place.lon, place.kind, place.geonames_id))
            self._add_mentions(article.id, "place", place.id, place.mentions)
        for quote in result.quotes:
            self.tables["quotes"].append((
                article.id, quote.id, quote.kind, quote.text, quote.start, quote.end,
                *_ref_fields(quote.speaker),
                quote.sourcing.kind, quote.sourcing.name, quote.sourcing.code, list(quote.events),
            ))

    def columns(self, table: str) -> list[list[object]]:
        """The rows of ``table`` transposed: one list per column."""
        width = len(COLUMNS[table])
        rows = self.tables[table]
        return [[row[i] for row in rows] for i in range(width)]

    def _add_event(self, article_id: str, event: Event) -> None:
        first, last = date_span(event.date)
        where = event.location
        self.tables["events"].append((
            article_id, event.id, event.type, event.mode, event.quad, event.score, event.modality,
            event.trigger.start, event.trigger.end, event.trigger.text,
            event.sentence.start, event.sentence.end, event.sentence.text,
            list(event.contexts), event.date, event.date_precision, event.date_text, first, last,
            where and where.name, where and where.country, where and where.lat, where and where.lon,
            where and where.place, event.sourcing.kind, event.sourcing.name, event.sourcing.code,
            event.confidence,
        ))
        for role, refs in (("actor", event.actor), ("recipient", event.recipient)):
            for position, ref in enumerate(refs):
                self.tables["event_actors"].append((article_id, event.id, role, position, ref.name,
                                                    ref.code, ref.sector, ref.entity))

    def _add_mentions(self, article_id: str, owner: str, owner_id: str, mentions: list[Mention]) -> None:
        self.tables["mentions"].extend(
            (article_id, owner, owner_id, mention.start, mention.end, mention.text) for mention in mentions
        )


def _ref_fields(ref: ActorRef | None) -> tuple[str | None, ...]:
    if ref is None:
        return None, None, None, None
    return ref.name, ref.code, ref.sector, ref.entity


def date_span(date: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a YYYY-MM-DD, YYYY-MM or YYYY date covers; (None, None) otherwise."""
    if not date:
        return None, None
    parts = date.split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 3:
            day = dt.date(*numbers)
            return day, day
        if len(numbers) == 2:
            year, month = numbers
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1), dt.date(numbers[0], 12, 31)
    except ValueError:
        pass
    return None, None
