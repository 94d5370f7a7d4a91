"""The flat records analytics reads: one ``EventRow`` per coded event mention and
one ``QuoteRow`` per quote, built from ``ArticleResult``s here and, later, from
the store's tables with the same field names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from dyad.analytics.dedup import WireIndex
from dyad.errors import ConfigError
from dyad.model import ActorRef, ArticleResult


@dataclass
class EventRow:
    """One event mention of one article, flat.

    ``date`` is the event's own date where the article gave one (YYYY-MM-DD,
    YYYY-MM or YYYY); ``day`` falls back to ``published`` where it is not a day.
    ``copy_of`` is the article id of the original where this article is a
    near-duplicate (wire copy) of another, else None.
    """

    event_id: str
    article_id: str
    type: str
    quad: int
    score: float
    mode: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    actor_codes: list[str] = field(default_factory=list)
    recipient_codes: list[str] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)
    recipient_names: list[str] = field(default_factory=list)
    date: str | None = None
    modality: str = "asserted"
    sentence: str = ""
    trigger: str = ""
    location: str | None = None
    copy_of: str | None = None

    @property
    def precise_date(self) -> dt.date | None:
        """The event's own date where it is a full day, else None."""
        return parse_day(self.date)

    @property
    def day(self) -> dt.date | None:
        """The day the event happened, or at the latest was reported."""
        return self.precise_date or parse_day(self.published)

    @property
    def report(self) -> str:
        """The independent report this row comes from: wire copies share their original's."""
        return self.copy_of or self.article_id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> EventRow:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in names})


@dataclass
class QuoteRow:
    """One quote with its speaker and source, flat."""

    speaker_code: str | None
    speaker_name: str | None
    text: str
    article_id: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    kind: str = "direct"
    copy_of: str | None = None

    @property
    def day(self) -> dt.date | None:
        return parse_day(self.published)


def as_date(value: dt.date | str | None) -> dt.date | None:
    """A date or a YYYY-MM-DD string as a date (None stays None); ConfigError for anything else."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def parse_day(value: str | None) -> dt.date | None:
    """A YYYY-MM-DD string as a date; None for None, months, years or junk."""
    if not value or len(value) != 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def rows_from_results(results: Iterable[ArticleResult], *,
                      wire_index: WireIndex | None = None) -> list[EventRow]:
    """Flatten articles' events into rows, marking wire copies among the articles.

    Args:
        results: coded articles (``ItemError``s must be filtered out before).
        wire_index: the near-duplicate index to check articles against and add
            them to; a fresh one when None (copies are then found within ``results`` only).
    """
    wire_index = wire_index if wire_index is not None else WireIndex()
    rows: list[EventRow] = []
    for result in results:
        article = result.article
        copy_of = wire_index.add(article.id, article.text)
        for event in result.events:
            rows.append(EventRow(
                event_id=event.id, article_id=article.id, type=event.type, quad=event.quad,
                score=event.score, mode=event.mode, outlet=article.outlet, url=article.url,
                published=article.published, actor_codes=_codes(event.actor),
                recipient_codes=_codes(event.recipient), actor_names=_names(event.actor),
                recipient_names=_names(event.recipient), date=own_date(event.date, event.date_text),
                modality=event.modality, sentence=event.sentence.text, trigger=event.trigger.text,
                location=event.location.name if event.location else None, copy_of=copy_of,
            ))
    return rows


OWN = "own"  # a record whose ``date`` is already its own date (see dyad.store.story_rows)


def own_date(date: str | None, date_text: str | None) -> str | None:
    """The event's own date: one the text gave (with the expression that gave it).
    A date that only repeats the publication date (no expression) says nothing of
    when the happening was, so stories do not split on it."""
    return date if date_text else None


def row_from_record(record: dict[str, Any], *, copy_of: str | None = None) -> EventRow:
    """An EventRow from a record of the store's ``event_records`` view (``Store.query_events``).

    The store does not know wire copies: pass ``copy_of`` from a ``WireIndex``.
    """
    actors, recipients = record.get("actor") or [], record.get("recipient") or []
    return EventRow(
        event_id=record["id"], article_id=record["article_id"], type=record["type"],
        quad=record["quad"], score=record["score"], mode=record.get("mode"),
        outlet=record.get("outlet"), url=record.get("url"), published=record.get("published"),
        actor_codes=sorted({a["code"] for a in actors if a.get("code")}),
        recipient_codes=sorted({r["code"] for r in recipients if r.get("code")}),
        actor_names=list(dict.fromkeys(a["name"] for a in actors)),
        recipient_names=list(dict.fromkeys(r["name"] for r in recipients)),
        date=own_date(record.get("date"), record.get("date_text", OWN)), modality=record["modality"],
        sentence=record.get("sentence_text") or "", trigger=record.get("trigger_text") or "",
        location=record.get("location_name"), copy_of=copy_of,
    )


def quotes_from_results(results: Iterable[ArticleResult], *,
                        wire_index: WireIndex | None = None) -> list[QuoteRow]:
    """Flatten articles' quotes into rows, marking those of wire copies (see ``rows_from_results``)."""
    wire_index = wire_index if wire_index is not None else WireIndex()
    rows = []
    for result in results:
        article = result.article
        copy_of = wire_index.add(article.id, article.text)
        for quote in result.quotes:
            speaker = quote.speaker
            rows.append(QuoteRow(
                speaker_code=speaker.code if speaker else None,
                speaker_name=speaker.name if speaker else None, text=quote.text,
                article_id=article.id, outlet=article.outlet, published=article.published,
                url=article.url, kind=quote.kind, copy_of=copy_of,
            ))
    return rows


def _codes(refs: list[ActorRef]) -> list[str]:
    return sorted({ref.code for ref in refs if ref.code})


def _names(refs: list[ActorRef]) -> list[str]:
    return list(dict.fromkeys(ref.name for ref in refs))
