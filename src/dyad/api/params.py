"""Query-string parameters shared by endpoints: event filters (as in ``dyad query``) and paging.

List parameters may be repeated (``actor=RUS&actor=BLR``) or comma-separated
(``actor=RUS,BLR``); codes are upper-cased.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import HTTPException, Query

from dyad.model import MODALITIES
from dyad.store import EventFilter

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# More rows than any store holds, and within DuckDB's BIGINT (a larger OFFSET failed with a 500).
MAX_OFFSET = 10**12


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


# The dependencies below are async (they only parse), so FastAPI runs them on the event
# loop instead of handing each to a worker thread.
async def page(limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = DEFAULT_LIMIT,
               offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Page:
    return Page(limit=limit, offset=offset)


async def event_filter(
    date_from: Annotated[str | None, Query(alias="from", description="Events on or after this day (YYYY-MM-DD)")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Events on or before this day (YYYY-MM-DD)")] = None,
    actor: Annotated[list[str], Query(description="Actor codes (any of)")] = [],  # noqa: B006 (FastAPI copies it)
    recipient: Annotated[list[str], Query(description="Recipient codes (any of)")] = [],  # noqa: B006
    type: Annotated[list[str], Query(description="PLOVER event types")] = [],  # noqa: A002, B006
    quad: Annotated[list[str], Query(description="Quad classes 1-4")] = [],  # noqa: B006
    country: Annotated[list[str], Query(description="ISO alpha-3 of the event's location")] = [],  # noqa: B006
    modality: Annotated[list[str], Query(description=f"Any of {', '.join(MODALITIES)}")] = [],  # noqa: B006
    search: Annotated[str | None, Query(description="Case-insensitive text in the evidence sentence")] = None,
    article: Annotated[str | None, Query(description="One article id")] = None,
) -> EventFilter:
    modalities = _split(modality)
    unknown = [m for m in modalities if m not in MODALITIES]
    if unknown:
        raise HTTPException(422, f"modality: unknown {', '.join(unknown)}; use {', '.join(MODALITIES)}")
    return EventFilter(
        date_from=_date("from", date_from), date_to=_date("to", date_to),
        actor=_codes(actor), recipient=_codes(recipient), type=_codes(type), quad=_quads(quad),
        country=_codes(country), modality=modalities, search=search or None, article=article or None,
    )


def asserted_by_default(filters: EventFilter) -> EventFilter:
    """Series and charts count asserted events unless a modality was asked for."""
    return filters if filters.modality else replace(filters, modality=("asserted",))


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _codes(values: list[str]) -> tuple[str, ...]:
    return tuple(value.upper() for value in _split(values))


def _quads(values: list[str]) -> tuple[int, ...]:
    parts = _split(values)
    if any(part not in {"1", "2", "3", "4"} for part in parts):
        raise HTTPException(422, "quad: quad classes are 1, 2, 3 and 4")
    return tuple(int(part) for part in parts)


def _date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date of the form YYYY-MM-DD") from None
