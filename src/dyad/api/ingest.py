"""POST /api/ingest: articles as JSON, coded and written through the Store.

Off unless the server was started with ``--allow-ingest``, and then only for a
request that carries the token (``Authorization: Bearer TOKEN``).
"""

from __future__ import annotations

import hmac
import json
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field

from dyad.ingest import read_bytes
from dyad.model import ItemError
from dyad.store.ingest import plan_ingest, run_ingest

router = APIRouter(prefix="/api")
# One writer at a time: DuckDB lets a process write through one transaction at once.
_write_lock = threading.Lock()
MAX_ARTICLES = 100


class ArticleIn(BaseModel):
    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD")
    outlet: str | None = None
    url: str | None = None
    dateline: str | None = None
    license: str | None = None


class IngestRequest(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES)


def require_ingest(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Refuses before the body is read: ingest off, or no valid token."""
    settings = request.app.state.settings
    if not settings.allow_ingest:
        raise HTTPException(403, "ingest is disabled: start the server with dyad serve --allow-ingest")
    if not _token_matches(authorization, settings.token):
        raise HTTPException(401, "a valid token is needed: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/ingest", summary="Code articles and store them (needs --allow-ingest and the token)",
             dependencies=[Depends(require_ingest)])
def ingest(request: Request, body: IngestRequest) -> dict[str, Any]:
    lines = "\n".join(json.dumps(a.model_dump(exclude_none=True), ensure_ascii=False) for a in body.articles)
    items = list(read_bytes(lines.encode("utf-8"), item="request", fmt="jsonl"))
    errors = [{"item": i.item, "kind": i.kind, "message": i.message} for i in items if isinstance(i, ItemError)]
    store = request.app.state.store
    with _write_lock:
        plan = plan_ingest(items, store.article_index())
        report = run_ingest(store, plan)
    return {"ok": True, "stored": report.stored, "events": report.events, "skipped": report.skipped,
            "failed": report.failed, "errors": errors}


def _token_matches(authorization: str | None, token: str | None) -> bool:
    if not token or not authorization:
        return False
    scheme, _, given = authorization.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
