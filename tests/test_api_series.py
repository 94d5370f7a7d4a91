"""The dyad view's series comes from stories and flags escalation (dyad.analytics)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from dyad.api import ServeSettings, create_app
from tests.test_store_stories_series import SPIKE
from tests.test_store_stories_series import db as db  # noqa: F401 - the same constructed series, as a fixture


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(ServeSettings(db=db))) as test_client:
        yield test_client


def test_api_series_flags_the_spike_with_the_stories_that_drove_it(client):
    body = client.get("/api/series", params={"actor": "RUS", "recipient": "UKR", "interval": "day"}).json()
    assert [flag["period"] for flag in body["flags"]] == [SPIKE.isoformat()]
    spike = next(p for p in body["points"] if p["period"] == SPIKE.isoformat())
    assert spike["events"] == 3  # three shelled towns, each reported by two outlets
    evidence = {story["evidence"] for story in body["flags"][0]["stories"]}
    assert any("Kharkiv" in sentence for sentence in evidence)


def test_api_series_weekly_flags_the_week_of_the_spike(client):
    body = client.get("/api/series", params={"actor": "RUS", "interval": "week"}).json()
    assert [flag["day"] for flag in body["flags"]] == [SPIKE.isoformat()]
    monday = SPIKE - dt.timedelta(days=SPIKE.weekday())
    assert [flag["period"] for flag in body["flags"]] == [monday.isoformat()]
