"""Answers of the read endpoints, and event totals, kept while the stored data is unchanged.

Dashboards ask the same few questions again and again (the first page of
events, the overview, a map), and each answer is a query over the whole store.
Every successful GET under /api is kept, encoded, under its path and query
string together with the store's ``generation``; the same request is answered
from the cache until the store writes again. A store opened read-only cannot
change under the server (DuckDB lets no other process write while it is open),
and the server's own writes (POST /api/ingest) go through ``Store.add_results``,
which counts up ``generation``: so no answer is ever older than the data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_ENTRIES = 512
MAX_BYTES = 64 * 1024 * 1024  # all kept bodies together
MAX_BODY_BYTES = 2 * 1024 * 1024  # a larger answer is not kept
MAX_TOTALS = 4096
# Cheap already, or not a question about the data.
UNCACHED_PATHS = ("/api/health", "/api/ingest")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware: GET /api/... answers per (``generation()``, path, query string); the least
    recently used go first when there are over ``max_entries`` or ``max_bytes`` of them.

    One event loop runs every middleware call, so the entries need no lock.
    """

    def __init__(self, app: ASGIApp, *, generation: Callable[[], int], max_entries: int = MAX_ENTRIES,
                 max_bytes: int = MAX_BYTES) -> None:
        self.app = app
        self.generation = generation
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple[int, str, bytes], Answer] = OrderedDict()
        self.size = 0
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cacheable(scope):
            await self.app(scope, receive, send)
            return
        # Taken before the query runs: an answer computed across a write is kept under the
        # old generation, which no later request asks for.
        key = (self.generation(), scope["path"], scope.get("query_string", b""))
        kept = self.entries.get(key)
        if kept is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await _replay(kept, send)
            return
        self.misses += 1
        await self.app(scope, receive, self._keeping(key, send))

    def _keeping(self, key: tuple[int, str, bytes], send: Send) -> Send:
        start: dict[str, Message] = {}
        chunks: list[bytes] = []

        async def send_and_keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start["message"] = message
            elif message["type"] == "http.response.body" and "message" in start:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, start["message"], b"".join(chunks))
            await send(message)

        return send_and_keep

    def _keep(self, key: tuple[int, str, bytes], start: Message, body: bytes) -> None:
        if start["status"] != 200 or len(body) > MAX_BODY_BYTES:
            return
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = Answer(start["status"], list(start.get("headers", [])), body)
        self.size += len(body)
        while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)


def _cacheable(scope: Scope) -> bool:
    return (scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith("/api/")
            and scope["path"] not in UNCACHED_PATHS)


async def _replay(answer: Answer, send: Send) -> None:
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers})
    await send({"type": "http.response.body", "body": answer.body})


class Totals:
    """How many events pass each filter, per ``generation()``: the pages and sort orders of
    one filter share one count (a count over every event the filter passes).

    Endpoints run in worker threads, hence the lock; two threads may count the same
    filter at once, and both find the same number.
    """

    def __init__(self, *, generation: Callable[[], int], max_entries: int = MAX_TOTALS) -> None:
        self.generation = generation
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple[int, str], int] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, count: Callable[[], int]) -> int:
        """The total kept under ``key`` (the filter's SQL and parameters), else ``count()``."""
        full = (self.generation(), key)
        with self._lock:
            kept = self.entries.get(full)
            if kept is not None:
                self.entries.move_to_end(full)
                return kept
        total = count()
        with self._lock:
            self.entries[full] = total
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)
        return total
