"""The caches of dyad.api.cache: the same GET is answered from memory until the
store writes; errors, health and ingest are never kept; the least recently used
answers go first; a filter's total is counted once per generation."""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient
from flat_corpus import first, second, third

from dyad.api import ServeSettings, create_app
from dyad.api.cache import ResponseCache, Totals
from dyad.store import Store


@pytest.fixture()
def writable(tmp_path):
    db = tmp_path / "cached.duckdb"
    with Store(db) as store:
        store.add_results([first(), second()])
    app = create_app(ServeSettings(db=db, allow_ingest=True, token="secret-token"))
    with TestClient(app) as client:
        yield client, app.state.store


def test_api_cache_answers_again_until_the_store_writes(writable):
    client, store = writable
    first_answer = client.get("/api/events", params={"actor": "RUS"})
    assert first_answer.json()["total"] == 3
    # Behind the store's back (no add_results): the kept answer is still given ...
    store.connection.execute("DELETE FROM event_flat WHERE article_id = 'flat-2'")
    again = client.get("/api/events", params={"actor": "RUS"})
    assert again.json() == first_answer.json()
    assert again.headers["x-frame-options"] == "DENY"  # the security headers come with a kept answer too
    # ... while another question reaches the database.
    assert client.get("/api/events", params={"actor": "RUS", "limit": 10}).json()["total"] == 1
    # A write through the store: no answer kept before it is given after it
    # (flat-1's event and the third article's, flat-2's rows being gone).
    store.add_results([third()])
    assert client.get("/api/events", params={"actor": "RUS"}).json()["total"] == 2


def test_api_cache_keeps_no_errors_and_no_health(writable):
    client, store = writable
    assert client.get("/api/events", params={"quad": "7"}).status_code == 422
    assert client.get("/api/health").json()["ok"] is True
    store.connection.execute("DELETE FROM event_flat")
    store.connection.execute("DELETE FROM articles")
    assert client.get("/api/articles").json()["total"] == 0


class Counting:
    """An ASGI app that answers every path with how often it was called."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        status = 404 if scope["path"].endswith("missing") else 200
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": str(self.calls).encode()})


def ask(cache: ResponseCache, path: str, query: bytes = b"", method: str = "GET") -> bytes:
    sent: list[bytes] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        if message["type"] == "http.response.body":
            sent.append(message["body"])

    scope = {"type": "http", "method": method, "path": path, "query_string": query}
    asyncio.run(cache(scope, receive, send))
    return b"".join(sent)


def test_api_cache_drops_the_least_recently_used():
    inner = Counting()
    cache = ResponseCache(inner, generation=lambda: 0, max_entries=2)
    assert [ask(cache, "/api/events", q) for q in (b"a=1", b"a=2", b"a=1")] == [b"1", b"2", b"1"]
    ask(cache, "/api/events", b"a=3")  # over two: a=2, used longest ago, goes
    assert ask(cache, "/api/events", b"a=1") == b"1"
    assert ask(cache, "/api/events", b"a=2") == b"4"
    assert len(cache.entries) == 2


@pytest.mark.parametrize(("path", "method"), [
    ("/api/missing", "GET"), ("/api/health", "GET"), ("/api/ingest", "POST"), ("/events", "GET"),
])
def test_api_cache_passes_through_what_it_does_not_keep(path, method):
    inner = Counting()
    cache = ResponseCache(inner, generation=lambda: 0)
    assert ask(cache, path, method=method) == b"1"
    assert ask(cache, path, method=method) == b"2"
    assert cache.entries == {}


def test_api_cache_keys_on_the_generation():
    inner = Counting()
    generation = [0]
    cache = ResponseCache(inner, generation=lambda: generation[0])
    assert ask(cache, "/api/overview") == b"1"
    assert ask(cache, "/api/overview") == b"1"
    generation[0] += 1
    assert ask(cache, "/api/overview") == b"2"


def test_api_cache_totals_count_once_per_filter_and_generation():
    generation, counted = [0], []

    def count(n):
        def run():
            counted.append(n)
            return n
        return run

    totals = Totals(generation=lambda: generation[0], max_entries=2)
    assert [totals.get("a", count(1)), totals.get("a", count(99)), totals.get("b", count(2))] == [1, 1, 2]
    generation[0] += 1
    assert totals.get("a", count(3)) == 3
    assert counted == [1, 2, 3]
    assert len(totals.entries) == 2


def test_api_cache_totals_follow_writes_while_paging(writable):
    client, store = writable
    pages = [client.get("/api/events", params={"actor": "RUS", "limit": 1, "offset": n}).json() for n in (0, 1)]
    assert [page["total"] for page in pages] == [3, 3]
    store.add_results([third()])  # one more event with Russia as actor
    assert client.get("/api/events", params={"actor": "RUS", "limit": 1, "offset": 2}).json()["total"] == 4
