"""What every response shares: one JSON error shape, security headers, a body size limit.

Errors, whatever raised them, come back as ``{"ok": false, "error": MESSAGE, "status": CODE}``.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyad.errors import DyadError, InputError

log = logging.getLogger("dyad.api")

# The dashboard loads nothing from anywhere but this server, and no one may frame it.
CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
MAX_BODY_BYTES = 16 * 1024 * 1024
# Per client: this many requests a second on average, in bursts of up to RATE_BURST
# (a dashboard page is about ten requests: the page, its scripts and its API calls).
RATE_LIMIT = 50.0
RATE_BURST = 200


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "; ".join(_describe(error) for error in exc.errors()))

    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, exc: DyadError) -> JSONResponse:
        return error_response(400 if isinstance(exc, InputError) else 500, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, "internal error")


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


class SecurityHeaders:
    """Adds SECURITY_HEADERS and a Content-Security-Policy (``CSP`` unless the route set its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (*SECURITY_HEADERS.items(), ("Content-Security-Policy", CSP)):
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostCheck:
    """Answers only requests addressed to one of ``hosts``: a page on another site
    cannot reach a server on 127.0.0.1 by rebinding its own name to that address."""

    def __init__(self, app: ASGIApp, *, hosts: tuple[str, ...]) -> None:
        self.app = app
        self.hosts = {host.lower() for host in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
            host = header.rsplit(":", 1)[0] if not header.endswith("]") else header
            if host.strip("[]") not in self.hosts:
                await error_response(400, f"this server does not answer for host {header!r}")(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuses request bodies over ``max_bytes``: by Content-Length up front, else while reading."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                # Raised where the route reads its body; the error handlers give it the JSON shape.
                raise StarletteHTTPException(413, self._message())
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await error_response(413, self._message())(scope, receive, send)

    def _message(self) -> str:
        return f"request body over the limit of {self.max_bytes} bytes"


class RateLimit:
    """A token bucket per client address: ``rate`` requests a second, bursts of ``burst``; beyond, 429.

    One event loop runs every middleware call, so the buckets need no lock.
    """

    MAX_CLIENTS = 10_000  # past this many addresses, forget the ones whose bucket has refilled

    def __init__(self, app: ASGIApp, *, rate: float = RATE_LIMIT, burst: int = RATE_BURST,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.rate = rate
        self.burst = max(1, burst)
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when counted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.rate <= 0:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown",))[0]
        now = self.clock()
        tokens, then = self.buckets.get(client, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            wait = max(1, math.ceil((1 - tokens) / self.rate))
            message = f"too many requests: at most {self.rate:g} a second, in bursts of {self.burst}; retry in {wait} s"
            await error_response(429, message, headers={"Retry-After": str(wait)})(scope, receive, send)
            return
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > self.MAX_CLIENTS:
            self._forget_refilled(now)
        await self.app(scope, receive, send)

    def _forget_refilled(self, now: float) -> None:
        full_after = self.burst / self.rate
        for client, (_, then) in list(self.buckets.items()):
            if now - then >= full_after:
                del self.buckets[client]
