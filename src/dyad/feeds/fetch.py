"""Polite HTTP: one client for every request a poll makes.

Timeouts; bounded retries with exponential backoff (timeouts, network errors,
429 and 5xx); a minimum interval between two requests to the same host;
robots.txt (RFC 9309: a 4xx robots.txt allows everything, an unreachable one
disallows everything); a User-Agent that says who we are; conditional requests
(ETag, Last-Modified); redirects followed by hand, so that each hop passes the
robots and rate checks and a loop is named as such; bodies streamed and
refused past a byte cap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from dyad.errors import InputError
from dyad.feeds.config import FetchSettings
from dyad.version import __version__

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A body must arrive within this many per-read timeouts: a server that drips
# one byte at a time would otherwise never time out.
TOTAL_TIMEOUTS = 4
ROBOTS_MAX_BYTES = 500_000


class FetchError(InputError):
    """A URL that could not be fetched. ``kind``: timeout, network, http, robots,
    redirect, too_large; ``transient`` where a later poll may succeed."""

    def __init__(self, url: str, reason: str, *, kind: str, status: int | None = None,
                 transient: bool = False) -> None:
        super().__init__(url, reason, kind=kind)
        self.status = status
        self.transient = transient


@dataclass
class Page:
    """A response: its body, or ``not_modified`` for a 304."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def user_agent(contact: str | None = None) -> str:
    # Dyad has no public home page to point at: the operator's contact (the
    # [fetch] contact setting) tells site owners whom to ask.
    return f"Dyad/{__version__} (+{contact})" if contact else f"Dyad/{__version__} (news event coder)"


class Fetcher:
    """GETs for one poll; robots.txt is read once per host and kept for the Fetcher's life."""

    def __init__(self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings or FetchSettings()
        self.user_agent = user_agent(self.settings.contact)
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser] = {}
        self._robots_problems: dict[str, FetchError] = {}  # origin -> why its robots.txt could not be had
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.settings.timeout), follow_redirects=False, transport=transport,
            headers={"User-Agent": self.user_agent}, trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The page at ``url``, following redirects; FetchError when it cannot be had."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        while True:
            if self.settings.robots and not self.allowed(current):
                problem = self._robots_problems.get(_origin(current))
                if problem is not None:  # not a refusal: the host did not answer for its robots.txt
                    raise FetchError(url, f"robots.txt unavailable, so nothing fetched: {problem.reason}",
                                     kind=problem.kind, status=problem.status, transient=True)
                raise FetchError(url, f"robots.txt of {_origin(current)} disallows {current}", kind="robots")
            page, location = self._with_retries(current, headers, max_bytes=self.settings.max_bytes)
            if location is None:
                page.url = url
                return page
            nxt = urljoin(current, location)
            if nxt in seen:
                raise FetchError(url, f"redirect loop: {' -> '.join([*seen, nxt])}", kind="redirect")
            if len(seen) > self.settings.max_redirects:
                raise FetchError(url, f"more than {self.settings.max_redirects} redirects", kind="redirect")
            seen.append(nxt)
            current = nxt

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url``."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        return self._robots[origin].can_fetch(self.user_agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            page, location = self._with_retries(origin + "/robots.txt", {}, max_bytes=ROBOTS_MAX_BYTES)
            if location is not None:  # rare; one hop on the same origin is enough
                page, location = self._with_retries(urljoin(origin, location), {}, max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as e:
            if e.status is not None and 400 <= e.status < 500:
                parser.allow_all = True
            else:
                parser.disallow_all = True
                self._robots_problems[origin] = e
            return parser
        if location is not None:
            parser.allow_all = True
            return parser
        parser.parse(page.body.decode("utf-8", errors="replace").splitlines())
        return parser

    def _with_retries(self, url: str, headers: dict[str, str], *, max_bytes: int) -> tuple[Page, str | None]:
        attempt = 0
        while True:
            try:
                return self._once(url, headers, max_bytes=max_bytes)
            except FetchError as e:
                if not e.transient or attempt >= self.settings.retries:
                    if attempt:
                        e.reason += f" (after {attempt + 1} tries)"
                        e.args = (f"{e.item}: {e.reason}",)
                    raise
                self._sleep(min(self.settings.backoff * 2 ** attempt, self.settings.max_backoff))
                attempt += 1

    def _once(self, url: str, headers: dict[str, str], *, max_bytes: int) -> tuple[Page, str | None]:
        """One request; the page and the redirect target (None when not redirected)."""
        self._wait_turn(urlsplit(url).netloc)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES and response.headers.get("location"):
                    return Page(url, url, status), response.headers["location"]
                page = Page(url, url, status, content_type=response.headers.get("content-type", ""),
                            etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))
                if status == 304:
                    page.not_modified = True
                    return page, None
                if status >= 400:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip(), kind="http",
                                     status=status, transient=status in RETRY_STATUSES)
                page.body = self._read_capped(response, url, max_bytes=max_bytes)
                return page, None
        except httpx.TimeoutException as e:
            raise FetchError(url, f"timed out after {self.settings.timeout:g} s ({type(e).__name__})",
                             kind="timeout", transient=True) from e
        except httpx.TransportError as e:
            raise FetchError(url, f"network error: {e or type(e).__name__}", kind="network", transient=True) from e
        except httpx.InvalidURL as e:
            raise FetchError(url, f"invalid URL: {e}", kind="http") from e

    def _read_capped(self, response: httpx.Response, url: str, *, max_bytes: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"page of {int(declared):,} bytes is over the {max_bytes:,}-byte limit",
                             kind="too_large")
        deadline = self._clock() + self.settings.timeout * TOTAL_TIMEOUTS
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"page is over the {max_bytes:,}-byte limit (stopped reading)",
                                 kind="too_large")
            if self._clock() > deadline:
                raise FetchError(url, f"body not read within {self.settings.timeout * TOTAL_TIMEOUTS:g} s",
                                 kind="timeout", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.settings.min_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
