"""GET /api/events over event_flat gives what the old event_records view gave:
the same events, totals, order and pages (reference: tests/flat_corpus.py)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from flat_corpus import first, ordered, passes, reference, second, third

from dyad.api import ServeSettings, create_app
from dyad.store import Store
from dyad.store.query import RECORD_COLUMNS

SORT_KEYS = {"day": "day_start", "type": "type", "quad": "quad", "score": "score", "modality": "modality",
             "confidence": "confidence", "country": "location_country", "actor": "actor",
             "recipient": "recipient", "article": "article_id"}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = tmp_path_factory.mktemp("flat-api") / "flat.duckdb"
    with Store(db) as store:
        store.add_results([first(), second(), third()])
        old = reference(store.connection)
    # The cache is off: these requests are to reach the queries.
    with TestClient(create_app(ServeSettings(db=db, cache_entries=0))) as client:
        yield client, old


def as_json(records):
    return json.loads(json.dumps(records, default=str))


def expected_page(old, params, *, sort="day", order="asc", limit=50, offset=0):
    found = ordered([r for r in old if passes(r, params)], SORT_KEYS[sort], descending=order == "desc")
    items = [{k: r[k] for k in RECORD_COLUMNS} for r in found[offset:offset + limit]]
    return {"items": as_json(items), "total": len(found), "limit": limit, "offset": offset}


@pytest.mark.parametrize("params", [
    {}, {"actor": "RUS"}, {"actor": "nato,deu"}, {"recipient": "UKR"}, {"actor": "USA", "recipient": "RUS"},
    {"type": "ASSAULT,AGREE"}, {"quad": "4"}, {"country": "UKR"}, {"modality": "asserted"},
    {"search": "sanctions"}, {"article": "flat-3"}, {"from": "2022-02-22", "to": "2022-03-31"},
    {"to": "2022-02-21", "modality": "asserted"},
])
def test_api_events_flat_filters_give_the_old_answers(served, params):
    client, old = served
    upper = {k: v.upper() if k in ("actor", "recipient") else v for k, v in params.items()}
    body = client.get("/api/events", params=params).json()
    assert body == expected_page(old, upper)


@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_api_events_flat_sorts_give_the_old_order(served, sort, order):
    client, old = served
    body = client.get("/api/events", params={"sort": sort, "order": order}).json()
    assert body == expected_page(old, {}, sort=sort, order=order)


@pytest.mark.parametrize(("limit", "offset"), [(2, 0), (2, 2), (4, 6), (3, 9), (0, 0)])
def test_api_events_flat_pages_give_the_old_pages(served, limit, offset):
    client, old = served
    params = {"limit": limit, "offset": offset, "sort": "score", "order": "desc"}
    body = client.get("/api/events", params=params).json()
    assert body == expected_page(old, {}, sort="score", order="desc", limit=limit, offset=offset)
