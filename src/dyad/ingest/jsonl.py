"""JSONL records with the fields of the corpus: id, title, published, outlet,
url, dateline, text (and optionally license)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from dyad.errors import InputError
from dyad.ingest.dates import normalise_date
from dyad.model import Article

_FIELDS = ("id", "title", "published", "outlet", "url", "dateline", "license")


def articles_from_jsonl(
    text: str, *, source: str, published: str | None = None
) -> Iterator[Article | InputError]:
    """One Article, or one InputError naming ``source:line``, per non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        item = f"{source}:{number}"
        try:
            yield article_from_record(json.loads(line), item=item, published=published)
        except json.JSONDecodeError as e:
            yield InputError(item, f"malformed JSON ({e.msg} at column {e.colno})", kind="malformed")
        except RecursionError:
            # json.loads recurses per bracket: a line of thousands of '[' exhausts the stack.
            yield InputError(item, "malformed JSON (nested too deeply)", kind="malformed")
        except InputError as e:
            yield e


def article_from_record(record: object, *, item: str, published: str | None = None) -> Article:
    if not isinstance(record, dict):
        raise InputError(item, "a record must be a JSON object", kind="malformed")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(item, "the record has no 'text' string", kind="malformed")
    values = {}
    for name in _FIELDS:
        value = record.get(name)
        values[name] = None if value is None or value == "" else str(value)
    record_id = values.pop("id") or ""
    raw_date = values.pop("published")
    return Article(
        text=text,
        id=record_id,
        published=published or normalise_date(raw_date),
        source=item if not record_id else f"{item} ({record_id})",
        **values,
    )
