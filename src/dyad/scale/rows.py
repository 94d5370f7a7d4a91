"""The two tables of a partition: one row per input item, one row per event.

``articles`` carries the whole ArticleResult as JSON (the record ``dyad
extract`` writes, and what the store loads back); ``events`` repeats the
fields most queries filter or group on, flat, so that DuckDB can query the
output in place with ``read_parquet`` without parsing JSON.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from dyad.model import ArticleResult, Event, ItemError
from dyad.scale.partitions import Result

__all__ = ["ARTICLES_SCHEMA", "EVENTS_SCHEMA", "articles_table", "events_table"]

_strings = pa.list_(pa.string())

ARTICLES_SCHEMA = pa.schema([
    ("partition", pa.int32()),
    ("position", pa.int64()),  # index of the item in the whole input
    ("record", pa.string()),  # article | error
    ("article_id", pa.string()),
    ("title", pa.string()),
    ("published", pa.string()),  # YYYY-MM-DD
    ("outlet", pa.string()),
    ("url", pa.string()),
    ("version", pa.string()),  # extractor version that coded it
    ("events", pa.int32()),
    ("quotes", pa.int32()),
    ("error", pa.string()),  # for record = error: the item and why it failed
    ("error_kind", pa.string()),
    ("result_json", pa.string()),  # the full record, as dyad extract writes it
])

EVENTS_SCHEMA = pa.schema([
    ("partition", pa.int32()),
    ("position", pa.int64()),
    ("article_id", pa.string()),
    ("published", pa.string()),
    ("outlet", pa.string()),
    ("version", pa.string()),
    ("event_id", pa.string()),
    ("type", pa.string()),
    ("mode", pa.string()),
    ("quad", pa.int8()),
    ("score", pa.float64()),
    ("modality", pa.string()),
    ("date", pa.string()),
    ("date_precision", pa.string()),
    ("actor_names", _strings),
    ("actor_codes", _strings),
    ("recipient_names", _strings),
    ("recipient_codes", _strings),
    ("location_name", pa.string()),
    ("location_country", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("sourcing_kind", pa.string()),
    ("sourcing_name", pa.string()),
    ("confidence", pa.float64()),
    ("trigger", pa.string()),
    ("sentence", pa.string()),
    ("sentence_start", pa.int64()),
    ("sentence_end", pa.int64()),
])


def articles_table(partition: int, start: int, results: list[Result]) -> pa.Table:
    rows = [_article_row(partition, start + offset, result) for offset, result in enumerate(results)]
    return pa.Table.from_pylist(rows, schema=ARTICLES_SCHEMA)


def events_table(partition: int, start: int, results: list[Result]) -> pa.Table:
    rows = [_event_row(partition, start + offset, result, event)
            for offset, result in enumerate(results) if isinstance(result, ArticleResult)
            for event in result.events]
    return pa.Table.from_pylist(rows, schema=EVENTS_SCHEMA)


def _article_row(partition: int, position: int, result: Result) -> dict[str, Any]:
    record = json.dumps(result.to_dict(), ensure_ascii=False)
    if isinstance(result, ItemError):
        return {"partition": partition, "position": position, "record": "error",
                "error": str(result), "error_kind": result.kind, "result_json": record}
    article = result.article
    return {
        "partition": partition, "position": position, "record": "article",
        "article_id": article.id, "title": article.title, "published": article.published,
        "outlet": article.outlet, "url": article.url, "version": result.version,
        "events": len(result.events), "quotes": len(result.quotes), "result_json": record,
    }


def _event_row(partition: int, position: int, result: ArticleResult, event: Event) -> dict[str, Any]:
    location = event.location
    return {
        "partition": partition, "position": position, "article_id": result.article.id,
        "published": result.article.published, "outlet": result.article.outlet,
        "version": result.version, "event_id": event.id, "type": event.type, "mode": event.mode,
        "quad": event.quad, "score": event.score, "modality": event.modality,
        "date": event.date, "date_precision": event.date_precision,
        "actor_names": [ref.name for ref in event.actor],
        "actor_codes": [ref.code for ref in event.actor],
        "recipient_names": [ref.name for ref in event.recipient],
        "recipient_codes": [ref.code for ref in event.recipient],
        "location_name": location.name if location else None,
        "location_country": location.country if location else None,
        "lat": location.lat if location else None, "lon": location.lon if location else None,
        "sourcing_kind": event.sourcing.kind, "sourcing_name": event.sourcing.name,
        "confidence": event.confidence, "trigger": event.trigger.text,
        "sentence": event.sentence.text, "sentence_start": event.sentence.start,
        "sentence_end": event.sentence.end,
    }
