"""Live feeds against a local site: feeds, a sitemap and article pages served on
127.0.0.1, with the ways a real site fails (slow, 404, 500, malformed feed,
redirect loop, oversized page, another language, robots.txt, 304).

Nothing here contacts any address but 127.0.0.1.
"""

from __future__ import annotations

import html
import json
import threading
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyad.feeds.config import FeedsConfig, parse_config
from dyad.feeds.watch import PollReport, poll_all
from dyad.store import Store
from dyad.store.feeds import FeedState
from tests.conftest import FIXTURES

FEED_FIXTURES = FIXTURES / "feeds"
ARTICLES = [json.loads(line) for line in (FEED_FIXTURES / "articles.jsonl").read_text("utf-8").splitlines()]
SLOW_SECONDS = 3.0
HUGE_BYTES = 300_000  # over the tests' max_bytes


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length (else the body ends when the connection closes)


Route = Callable[[BaseHTTPRequestHandler], Response]


class Site:
    """Routes of the local server, and what it saw: hits per path, request headers."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.posts: list[tuple[str, bytes]] = []
        self.release = threading.Event()  # lets the slow handler go at teardown
        self.base = ""

    def add(self, path: str, route: Route | Response) -> None:
        self.routes[path] = route if callable(route) else (lambda _request, r=route: r)


def serve_site(site: Site) -> Iterator[Site]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            site.hits[self.path] += 1
            site.headers.setdefault(self.path, []).append(dict(self.headers))
            route = site.routes.get(self.path)
            self._send(route(self) if route else Response(404, b"not here"))

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            site.posts.append((self.path, self.rfile.read(length)))
            self._send(Response(204))

        def _send(self, response: Response) -> None:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if response.length:
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if response.body:
                try:
                    self.wfile.write(response.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should past the byte cap

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()


def article_html(record: dict, *, author: str | None = None) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in record["text"].split("\n") if p.strip())
    meta = f'<meta name="author" content="{html.escape(author)}">' if author else ""
    return (f"<!DOCTYPE html><html lang=\"en\"><head><title>{html.escape(record['title'])}</title>{meta}"
            f"<meta property=\"article:published_time\" content=\"{record['published']}\"></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{html.escape(record['title'])}</h1>"
            f"{paragraphs}</article><footer>Licence: {html.escape(record['license'])}</footer></body></html>"
            ).encode("utf-8")


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{html.escape(t)}</title><link>{base}{p}</link>"
                      f"<pubDate>Sat, 12 Feb 2022 10:00:00 GMT</pubDate></item>" for p, t in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>{base}/</link>'
            f"<description>test</description><language>en</language>{entries}</channel></rss>").encode()


def atom(base: str, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<entry><title>{html.escape(t)}</title><link href=\"{base}{p}\"/><id>{base}{p}</id>"
                      f"<updated>2022-02-21T12:00:00Z</updated><author><name>{html.escape(a)}</name></author>"
                      "</entry>" for p, t, a in items)
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>World</title><id>{base}/world</id><updated>2022-02-21T12:00:00Z</updated>{entries}</feed>"
            ).encode()


def with_etag(body: bytes, etag: str) -> Route:
    def route(request: BaseHTTPRequestHandler) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(304, headers={"ETag": etag})
        return Response(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})
    return route


def with_last_modified(body: bytes, stamp: str) -> Route:
    def route(request: BaseHTTPRequestHandler) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(304)
        return Response(200, body, {"Last-Modified": stamp, "Content-Type": "application/xml"})
    return route


def build_site(site: Site) -> Site:
    """The local news site: four good articles and a page of each way of failing."""
    base = site.base
    a, b, c, d = ARTICLES
    page = {"Content-Type": "text/html; charset=utf-8"}
    site.add("/robots.txt", Response(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"}))
    site.add("/articles/a", Response(200, article_html(a, author="White House Press Office"), page))
    site.add("/articles/a-copy", Response(200, article_html(a), page))
    site.add("/articles/b", Response(200, article_html(b), page))
    site.add("/articles/c", Response(200, article_html(c), page))
    site.add("/articles/d", Response(200, article_html(d), page))
    french = (FEED_FIXTURES / "non-english.txt").read_text("utf-8")
    site.add("/articles/fr", Response(200, article_html(
        {"title": "Le budget de la ville", "published": "2022-02-12", "text": french, "license": "-"}), page))
    site.add("/articles/huge", Response(200, b"<html><body><p>" + b"word " * (HUGE_BYTES // 5) + b"</p></body></html>",
                                        page, length=False))
    site.add("/articles/huge-declared", Response(200, b"x" * HUGE_BYTES, page))
    site.add("/private/secret", Response(200, article_html(d), page))
    site.add("/feeds/wire.rss", with_etag(rss(base, [
        ("/articles/a", a["title"]), ("/articles/a?utm_source=rss#top", a["title"]), ("/articles/fr", "Budget"),
        ("/articles/missing", "Gone"), ("/articles/huge", "Huge"), ("/private/secret", "Secret"),
    ]), '"wire-v1"'))
    site.add("/feeds/world.atom", Response(200, atom(base, [
        ("/articles/b", b["title"], "Kremlin press service"), ("/articles/a-copy", a["title"], "Someone"),
        ("/articles/huge-declared", "Huge too", "Someone"),
    ]), {"Content-Type": "application/atom+xml"}))
    site.add("/sitemap.xml", with_last_modified((
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{base}/articles/c</loc><lastmod>2022-10-10</lastmod></url></urlset>").encode(),
        "Mon, 10 Oct 2022 12:00:00 GMT"))
    site.add("/sitemap-index.xml", Response(200, (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap.xml</loc><lastmod>2022-10-10</lastmod></sitemap></sitemapindex>").encode()))
    site.add("/feeds/slow.rss", lambda _r: (site.release.wait(SLOW_SECONDS), Response(200, rss(base, [])))[1])
    site.add("/feeds/broken.rss", Response(500, b"oops"))
    site.add("/feeds/garbage.rss", Response(200, b"<rss><channel><item><title>unclosed & broken</ite",
                                            {"Content-Type": "application/rss+xml"}))
    site.add("/loop/a", Response(302, headers={"Location": "/loop/b"}))
    site.add("/loop/b", Response(302, headers={"Location": "/loop/a"}))
    site.add("/private/feed.rss", Response(200, rss(base, [])))
    return site


SOURCES = [  # name, path, kind
    ("wire", "/feeds/wire.rss", "feed"), ("world", "/feeds/world.atom", "feed"),
    ("sitemap", "/sitemap.xml", "sitemap"), ("index", "/sitemap-index.xml", "sitemap"),
    ("page", "/articles/d", "page"),
    ("slow", "/feeds/slow.rss", "feed"), ("broken", "/feeds/broken.rss", "feed"),
    ("garbage", "/feeds/garbage.rss", "feed"), ("loop", "/loop/a", "page"),
    ("gone", "/feeds/gone.rss", "feed"), ("private", "/private/feed.rss", "feed"),
]
FETCH = {"timeout": 1.0, "retries": 1, "backoff": 0.01, "min_interval": 0.0, "max_bytes": 100_000}


def sources_toml(base: str, names: list[str] | None = None, *, notify: str = "") -> str:
    lines = ["[fetch]", *(f"{k} = {v}" for k, v in FETCH.items()), notify]
    for name, path, kind in SOURCES:
        if names is None or name in names:
            lines += ["[[source]]", f'name = "{name}"', f'url = "{base}{path}"', f'kind = "{kind}"',
                      f'outlet = "Outlet {name}"', 'license = "CC BY 4.0"']
    return "\n".join(lines) + "\n"


def config_for(base: str, names: list[str] | None = None) -> FeedsConfig:
    return parse_config(tomllib.loads(sources_toml(base, names)))


@dataclass
class TwoPolls:
    site: Site
    db: Path
    first: PollReport
    second: PollReport
    hits_after_first: Counter[str]


@pytest.fixture(scope="module")
def polled(tmp_path_factory) -> Iterator[TwoPolls]:
    """Every source polled twice into one database."""
    db = tmp_path_factory.mktemp("feeds") / "feeds.duckdb"
    for site in serve_site(Site()):
        build_site(site)
        config = config_for(site.base)
        with Store(db) as store:
            first = poll_all(config, store, hooks=[])
            hits = Counter(site.hits)
            second = poll_all(config, store, hooks=[])
        yield TwoPolls(site, db, first, second, hits)


def by_name(report: PollReport) -> dict:
    return {poll.source.name: poll for poll in report.sources}


def items_by_path(db: Path, base: str) -> dict[str, dict]:
    with Store(db, read_only=True) as store:
        return {item["url"].removeprefix(base): item for item in FeedState(store).items()}


def test_feeds_first_poll_stores_each_new_article_once(polled):
    with Store(polled.db, read_only=True) as store:
        rows = store.connection.execute("SELECT id, url, outlet, license FROM articles ORDER BY url").fetchall()
    stored = {url.removeprefix(polled.site.base): (article_id, outlet, license_)
              for article_id, url, outlet, license_ in rows}
    assert set(stored) == {"/articles/a", "/articles/b", "/articles/c", "/articles/d"}
    assert stored["/articles/b"][1:] == ("Outlet world", "CC BY 4.0")
    assert sorted(polled.first.new_article_ids) == sorted(article_id for article_id, _, _ in stored.values())
    # the tracking-parameter copy of /articles/a was never downloaded
    assert polled.hits_after_first["/articles/a"] == 1


def test_feeds_same_text_under_another_url_is_a_duplicate(polled):
    items = items_by_path(polled.db, polled.site.base)
    assert items["/articles/a-copy"]["status"] == "duplicate"
    assert items["/articles/a-copy"]["article_id"] == items["/articles/a"]["article_id"]


@pytest.mark.parametrize("source, kind, text", [
    ("slow", "timeout", "timed out"),
    ("broken", "http", "HTTP 500"),
    ("garbage", "malformed", "malformed feed"),
    ("loop", "redirect", "redirect loop"),
    ("gone", "http", "HTTP 404"),
    ("private", "robots", "robots.txt"),
])
def test_feeds_failing_source_is_reported_and_the_others_go_on(polled, source, kind, text):
    poll = by_name(polled.first)[source]
    assert poll.failed and poll.record.error_kind == kind and text in poll.record.error
    with Store(polled.db, read_only=True) as store:
        state = FeedState(store).source(source)
    assert state.last_success is None and state.last_error_kind == kind and text in state.last_error
    assert state.consecutive_failures == 2 and state.polls == 2
    assert not by_name(polled.first)["wire"].failed  # listed first and after failures alike
    assert not by_name(polled.first)["page"].failed


def test_feeds_transient_errors_are_retried_and_permanent_ones_not(polled):
    hits = polled.hits_after_first
    assert hits["/feeds/broken.rss"] == 1 + FETCH["retries"]
    assert hits["/feeds/slow.rss"] == 1 + FETCH["retries"]
    assert hits["/feeds/gone.rss"] == 1
    assert hits["/private/feed.rss"] == 0 and hits["/private/secret"] == 0  # robots.txt said no


@pytest.mark.parametrize("path, status, kind", [
    ("/articles/fr", "rejected", "language"),
    ("/articles/missing", "rejected", "http"),
    ("/articles/huge", "rejected", "too_large"),
    ("/articles/huge-declared", "rejected", "too_large"),
    ("/private/secret", "rejected", "robots"),
])
def test_feeds_bad_items_are_recorded_with_their_reason(polled, path, status, kind):
    item = items_by_path(polled.db, polled.site.base)[path]
    assert (item["status"], item["kind"]) == (status, kind)
    assert item["article_id"] is None and item["attempts"] == 1  # not downloaded again on the second poll


def test_feeds_non_english_page_is_in_the_errors_table(polled):
    with Store(polled.db, read_only=True) as store:
        errors = store.connection.execute("SELECT item, kind, message FROM errors").fetchall()
    language = [e for e in errors if e[1] == "language"]
    assert [e[0].removeprefix(polled.site.base) for e in language] == ["/articles/fr"]
    assert "English" in language[0][2]


def test_feeds_second_poll_ingests_nothing_new(polled):
    assert polled.second.new_article_ids == []
    second = by_name(polled.second)
    assert second["wire"].record.outcome == "not_modified"  # ETag
    assert second["sitemap"].record.outcome == "not_modified"  # Last-Modified
    assert second["world"].record.outcome == "ok" and second["world"].record.new == 0  # no validators: re-listed
    assert by_name(polled.first)["index"].record.listed == 1 and by_name(polled.first)["index"].record.new == 0
    assert second["page"].record.new == 0 and second["page"].record.counts == {}  # same text: unchanged
    wire_requests = polled.site.headers["/feeds/wire.rss"]
    assert "If-None-Match" not in wire_requests[0] and wire_requests[1]["If-None-Match"] == '"wire-v1"'
    with Store(polled.db, read_only=True) as store:
        assert store.counts()["articles"] == 4
        assert FeedState(store).items(source="page")[0]["status"] == "stored"


def test_feeds_authors_come_from_the_page_or_else_the_feed(polled):
    items = items_by_path(polled.db, polled.site.base)
    assert items["/articles/a"]["author"] == "White House Press Office"
    assert items["/articles/b"]["author"] == "Kremlin press service"


def test_feeds_requests_say_who_we_are_and_read_robots_once_per_poll(polled):
    agents = {h["User-Agent"] for requests in polled.site.headers.values() for h in requests}
    assert len(agents) == 1 and agents.pop().startswith("Dyad/")
    assert polled.site.hits["/robots.txt"] == 2


def test_feeds_health_counts_items_per_source(polled):
    with Store(polled.db, read_only=True) as store:
        states = FeedState(store).sources()
        polls = {p["outcome"] for p in FeedState(store).polls(source="wire")}
    assert states["wire"].items == {"stored": 1, "rejected": 4}
    assert states["wire"].last_success is not None and states["wire"].consecutive_failures == 0
    assert states["world"].items == {"stored": 1, "duplicate": 1, "rejected": 1}
    assert polls == {"ok", "not_modified"}
