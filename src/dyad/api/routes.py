"""The JSON endpoints: thin wrappers over dyad.api.queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import duckdb
import pycountry
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from dyad.api import queries
from dyad.api.params import Page, asserted_by_default, event_filter, page
from dyad.api.stories import flagged_series, story_page
from dyad.store import EventFilter

router = APIRouter(prefix="/api")


async def cursor(request: Request) -> AsyncIterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own per request: DuckDB connections are not shared between threads.

    Opening and closing one takes microseconds: done on the event loop, not in a worker
    thread (two fewer hand-overs per request; the query itself runs in the endpoint's thread)."""
    con = request.app.state.store.connection.cursor()
    try:
        yield con
    finally:
        con.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]
Filters = Annotated[EventFilter, Depends(event_filter)]
Paging = Annotated[Page, Depends(page)]
Text = Annotated[str | None, Query(description="Case-insensitive text to look for")]


@router.get("/health", summary="Whether the server is up, and over which database")
def health(request: Request) -> dict[str, Any]:
    store = request.app.state.store
    return {"ok": True, "db": store.path.name, "read_only": store.read_only,
            "ingest": request.app.state.settings.allow_ingest}


@router.get("/events", summary="Events passing the filters, one page at a time")
def events(request: Request, con: Con, filters: Filters, paging: Paging,
           sort: Annotated[Literal[tuple(queries.SORTS)], Query()] = "day",  # type: ignore[valid-type]
           order: Literal["asc", "desc"] = "asc") -> dict[str, Any]:
    return queries.event_page(con, filters, limit=paging.limit, offset=paging.offset, sort=sort, order=order,
                              totals=request.app.state.totals)


@router.get("/actors", summary="Actor codes with their events as actor and as recipient")
def actors(con: Con, paging: Paging, q: Text = None) -> dict[str, Any]:
    return queries.actor_counts(con, text=q, limit=paging.limit, offset=paging.offset)


@router.get("/actors/{code}", summary="One actor: names, counts, counterparts")
def actor(con: Con, code: str, filters: Filters) -> dict[str, Any]:
    found = queries.actor_profile(con, code.upper(), filters)
    if found is None:
        raise HTTPException(404, f"no events have the actor code {code.upper()!r}")
    return found


@router.get("/series", summary="Stories per period and quad class, with scores and escalation flags")
def series(con: Con, filters: Filters, interval: Literal["day", "week"] = "week") -> dict[str, Any]:
    """One actor's series (against anyone), or a pair's with recipient; counted from stories, so
    one happening reported ten times counts once; asserted stories unless modality is given."""
    if len(filters.actor) != 1 or len(filters.recipient) > 1:
        raise HTTPException(422, "series: give one actor code, and at most one recipient code")
    modality = asserted_by_default(filters).modality
    recipient = filters.recipient[0] if filters.recipient else None
    body = flagged_series(con, actor=filters.actor[0], recipient=recipient, interval=interval,
                          date_from=filters.date_from, date_to=filters.date_to, modalities=modality)
    return {"interval": interval, "actor": filters.actor, "recipient": filters.recipient,
            "modality": modality, **body}


@router.get("/stories", summary="Stories: one happening however often reported, widest reach first")
def stories(con: Con, paging: Paging, filters: Filters) -> dict[str, Any]:
    """Filter with from/to and actor codes (stories naming any of them as actor or recipient)."""
    return story_page(con, date_from=filters.date_from, date_to=filters.date_to,
                      codes=filters.actor + filters.recipient, limit=paging.limit, offset=paging.offset)


@router.get("/overview", summary="Counts, the daily timeline per quad class, and the dyads that moved most")
def overview(con: Con, filters: Filters) -> dict[str, Any]:
    return queries.overview(con, asserted_by_default(filters))


@router.get("/map", summary="Event locations with coordinates, with their events per quad class")
def event_map(con: Con, filters: Filters) -> dict[str, Any]:
    countries = queries.country_counts(con, filters)
    for row in countries:
        found = pycountry.countries.get(alpha_3=row["country"])
        # The map's shapes are named by ISO alpha-2, in lower case.
        row["iso2"] = found.alpha_2.lower() if found else None
    return {"points": queries.map_points(con, filters), "countries": countries}


@router.get("/quotes", summary="Quotes, by speaker, article or text")
def quotes(con: Con, paging: Paging, speaker: str | None = None, article: str | None = None,
           q: Text = None) -> dict[str, Any]:
    return queries.quotes_page(con, speaker=speaker.upper() if speaker else None, article=article, text=q,
                               limit=paging.limit, offset=paging.offset)


@router.get("/articles", summary="Stored articles, newest first")
def articles(con: Con, paging: Paging, q: Text = None) -> dict[str, Any]:
    return queries.articles_page(con, text=q, limit=paging.limit, offset=paging.offset)


@router.get("/articles/{article_id}", summary="An article's text with its events, entities, places and quotes")
def article(con: Con, article_id: str) -> dict[str, Any]:
    found = queries.article_detail(con, article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return found


@router.get("/search", summary="Events, articles, actors and quotes containing some text")
def search(con: Con, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    return queries.search(con, q, limit=limit)
