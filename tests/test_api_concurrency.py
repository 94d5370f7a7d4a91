"""Readers while ingesting: with `dyad serve --allow-ingest` the server is the one
writer (DuckDB allows one writing process), so readers keep being answered while
articles are coded and stored, and never see half an article."""

from __future__ import annotations

import json
import shutil
import threading

import pytest
from api_corpus import build_db
from fastapi.testclient import TestClient

from dyad.api import ServeSettings, create_app
from tests.conftest import FIXTURES

TOKEN = "concurrency-test-token"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    source = build_db(tmp_path_factory.mktemp("concurrency-base") / "api.duckdb")
    copy = shutil.copy(source, tmp_path_factory.mktemp("concurrency") / "api.duckdb")
    with TestClient(create_app(ServeSettings(db=copy, allow_ingest=True, token=TOKEN))) as test_client:
        yield test_client


def test_api_readers_are_answered_while_the_server_ingests(client):
    articles = [json.loads(line) for line in (FIXTURES / "wikinews.jsonl").read_text("utf-8").splitlines()]
    before = client.get("/api/events", params={"limit": 0}).json()["total"]
    articles_before = client.get("/api/articles", params={"limit": 0}).json()["total"]
    seen: list[tuple[int, int, int]] = []  # status, events total, articles total
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            events = client.get("/api/events", params={"limit": 0})
            listed = client.get("/api/articles", params={"limit": 0})
            seen.append((events.status_code, events.json().get("total", -1), listed.json().get("total", -1)))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        response = client.post("/api/ingest", json={"articles": articles},
                               headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        done.set()
        for reader in readers:
            reader.join()
    assert response.status_code == 200, response.text
    after = client.get("/api/events", params={"limit": 0}).json()["total"]
    articles_after = client.get("/api/articles", params={"limit": 0}).json()["total"]
    assert after > before and seen
    assert all(status == 200 for status, _, _ in seen)
    # Each reader saw the store before the batch or after it, never in between.
    assert {total for _, total, _ in seen} <= {before, after}
    assert articles_after == articles_before + response.json()["stored"] > articles_before
    assert {total for _, _, total in seen} <= {articles_before, articles_after}
