"""The web application: JSON API under /api, the dashboard pages, /docs.

    app = create_app(ServeSettings(db=Path("demo.duckdb")))

The store is opened read-only unless ingest is allowed; then this process is
the database's one writer, and POST /api/ingest needs the token.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from fastapi import FastAPI

from dyad.api import ingest, routes
from dyad.api.cache import MAX_ENTRIES, ResponseCache, Totals
from dyad.api.docs import install_docs
from dyad.api.middleware import (MAX_BODY_BYTES, RATE_BURST, RATE_LIMIT, BodyLimit, HostCheck, RateLimit,
                                 SecurityHeaders, install_error_handlers)
from dyad.errors import ConfigError
from dyad.store import Store
from dyad.version import __version__

ENV_TOKEN = "DYAD_TOKEN"
TITLE = "Dyad"


@dataclass(frozen=True)
class ServeSettings:
    db: Path
    allow_ingest: bool = False
    token: str | None = None  # needed by POST /api/ingest; default $DYAD_TOKEN
    max_body_bytes: int = MAX_BODY_BYTES
    hosts: tuple[str, ...] | None = None  # Host header values to answer; None: any
    rate_limit: float = RATE_LIMIT  # requests a second per client address; 0: no limit
    rate_burst: int = RATE_BURST
    cache_entries: int = MAX_ENTRIES  # answers of GET /api/... kept while the data is unchanged; 0: none

    def checked(self) -> ServeSettings:
        token = self.token or os.environ.get(ENV_TOKEN) or None
        if self.allow_ingest and not token:
            raise ConfigError(f"--allow-ingest needs a token: set ${ENV_TOKEN} or give --token")
        return replace(self, token=token)


def create_app(settings: ServeSettings) -> FastAPI:
    """The app over ``settings.db``; the store is opened at once, so a bad path fails here."""
    from dyad.web.pages import install_pages

    settings = settings.checked()
    store = Store(settings.db, read_only=not settings.allow_ingest, sandbox=not settings.allow_ingest)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title=f"{TITLE} API", version=__version__, docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Sourced PLOVER event data: events, actors, dyad series, quotes and "
                              "articles with their annotations. Every error is "
                              '`{"ok": false, "error": MESSAGE, "status": CODE}`.')
    app.state.store = store
    app.state.settings = settings
    app.state.totals = Totals(generation=lambda: store.generation)
    install_error_handlers(app)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    install_docs(app, title=TITLE)
    install_pages(app)
    if settings.cache_entries > 0:
        app.add_middleware(ResponseCache, generation=lambda: store.generation, max_entries=settings.cache_entries)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimit, rate=settings.rate_limit, burst=settings.rate_burst)
    app.add_middleware(SecurityHeaders)
    if settings.hosts:
        app.add_middleware(HostCheck, hosts=settings.hosts)
    return app
