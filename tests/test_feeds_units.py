"""Live feeds, piece by piece and without a network: the sources file, intervals,
the fetcher's politeness (through httpx.MockTransport, which contacts nothing),
feed and sitemap parsing, and the notification rule."""

from __future__ import annotations

import tomllib

import httpx
import pytest

from dyad.errors import ConfigError
from dyad.feeds.config import FetchSettings, NotifySettings, guess_kind, parse_config
from dyad.feeds.fetch import Fetcher, FetchError
from dyad.feeds.notify import rule_flags
from dyad.feeds.parse import ListingError, normalise_url, parse_feed, parse_sitemap
from dyad.feeds.watch import parse_interval
from dyad.model import ActorRef, Article, ArticleResult, Event, Mention
from dyad.store import Store
from dyad.store.feeds import FeedState

MINIMAL = '[[source]]\nname = "one"\nurl = "https://news.example/feed.rss"\n'


def config(text: str):
    return parse_config(tomllib.loads(text))


# --- the sources file ---

def test_config_reads_sources_with_their_notes():
    loaded = config(MINIMAL + 'outlet = "Example News"\nlanguage = "en"\nlicense = "CC BY 4.0"\nmax_items = 5\n'
                    '[fetch]\ntimeout = 3\nmin_interval = 0.5\n[notify]\nlog = "alerts.log"\ntypes = ["assault"]\n')
    source = loaded.sources[0]
    assert (source.name, source.kind, source.outlet, source.license, source.max_items) == (
        "one", "feed", "Example News", "CC BY 4.0", 5)
    assert loaded.fetch.timeout == 3.0 and loaded.fetch.min_interval == 0.5 and loaded.fetch.retries == 2
    assert loaded.notify.types == ("ASSAULT",) and loaded.notify.log.name == "alerts.log"


@pytest.mark.parametrize("text, message", [
    ("", "no [[source]]"),
    ('[[source]]\nurl = "ftp://news.example/x"\n', "http(s) URL"),
    ('[[source]]\nurl = "https://news.example/x"\nkind = "podcast"\n', "kind must be one of"),
    (MINIMAL + MINIMAL, "unique"),
    (MINIMAL + "[fetch]\nretries = -1\n", "retries"),
    (MINIMAL + "[fetch]\nspeed = 3\n", "unknown key"),
    (MINIMAL + '[notify]\nwebhook = "mailto:desk@news.example"\n', "webhook"),
    (MINIMAL + "[alerts]\n", "unknown section"),
])
def test_config_refuses_mistakes_with_a_reason(text, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        config(text)


@pytest.mark.parametrize("url, kind", [
    ("https://news.example/rss/world.xml", "feed"),
    ("https://news.example/feed", "feed"),
    ("https://news.example/sitemap-news.xml", "sitemap"),
    ("https://news.example/2024/03/ceasefire-talks.html", "page"),
])
def test_config_guesses_the_kind_from_the_url(url, kind):
    assert guess_kind(url) == kind


@pytest.mark.parametrize("text, seconds", [("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("45", 45),
                                           ("2d", 172800), ("0.5m", 30)])
def test_watch_interval_parses_units(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "0s", "15x", "-5m", "m15"])
def test_watch_interval_refuses_nonsense(text):
    with pytest.raises(ConfigError):
        parse_interval(text)


# --- the fetcher ---

class FakeClock:
    """A clock that moves only when the fetcher sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def fetcher(handler, clock: FakeClock, **settings) -> Fetcher:
    return Fetcher(FetchSettings(**{"robots": False, **settings}), transport=httpx.MockTransport(handler),
                   sleep=clock.sleep, clock=clock)


def test_fetch_waits_between_requests_to_the_same_host_only():
    clock = FakeClock()
    with fetcher(lambda request: httpx.Response(200, text="ok"), clock, min_interval=2.0) as client:
        client.get("https://a.example/1")
        client.get("https://b.example/1")  # another host: no wait
        client.get("https://a.example/2")  # 0 s have passed since a.example's request: wait 2 s
        client.get("https://a.example/3")
    assert clock.sleeps == [2.0, 2.0]


def test_fetch_backs_off_exponentially_and_gives_up_with_the_reason():
    clock = FakeClock()
    calls = []

    def unavailable(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(503)

    with fetcher(unavailable, clock, retries=4, backoff=1.0, max_backoff=3.0, min_interval=0) as client:
        with pytest.raises(FetchError) as caught:
            client.get("https://a.example/feed")
    assert clock.sleeps == [1.0, 2.0, 3.0, 3.0] and len(calls) == 5
    assert caught.value.kind == "http" and caught.value.transient and "after 5 tries" in caught.value.reason


def test_fetch_retry_then_success_returns_the_body():
    answers = iter([httpx.Response(502), httpx.Response(200, text="<rss/>", headers={"ETag": '"v2"'})])
    with fetcher(lambda request: next(answers), FakeClock(), retries=2, backoff=0.5, min_interval=0) as client:
        page = client.get("https://a.example/feed")
    assert page.body == b"<rss/>" and page.etag == '"v2"' and page.status == 200


def test_fetch_refuses_a_declared_oversized_body_before_reading_it():
    handler = lambda request: httpx.Response(200, content=b"x" * 5000)  # noqa: E731
    with fetcher(handler, FakeClock(), max_bytes=1000) as client:
        with pytest.raises(FetchError, match="over the 1,000-byte limit") as caught:
            client.get("https://a.example/page")
    assert caught.value.kind == "too_large" and not caught.value.transient


@pytest.mark.parametrize("robots_status, allowed", [(404, True), (403, True), (503, False)])
def test_fetch_robots_txt_unavailable_follows_rfc_9309(robots_status, allowed):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(robots_status)
        return httpx.Response(200, text="page")

    with fetcher(handler, FakeClock(), robots=True, retries=0, min_interval=0) as client:
        assert client.allowed("https://a.example/news/1") is allowed
        if allowed:
            assert client.get("https://a.example/news/1").body == b"page"
        else:  # the host's own failure is the reason, and a later poll may do better
            with pytest.raises(FetchError, match="robots.txt unavailable.*HTTP 503") as caught:
                client.get("https://a.example/news/1")
            assert caught.value.kind == "http" and caught.value.transient


def test_fetch_robots_txt_rules_for_our_agent():
    robots = "User-agent: Dyad\nDisallow: /wire/\n\nUser-agent: *\nDisallow: /\n"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=robots if request.url.path == "/robots.txt" else "page")

    with fetcher(handler, FakeClock(), robots=True, min_interval=0) as client:
        assert client.allowed("https://a.example/news/1")
        assert not client.allowed("https://a.example/wire/1")
        with pytest.raises(FetchError, match="disallows"):
            client.get("https://a.example/wire/2")


def test_fetch_sends_validators_and_reports_not_modified():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, text="feed", headers={"ETag": '"v1"'})

    with fetcher(handler, FakeClock(), min_interval=0) as client:
        first = client.get("https://a.example/feed")
        second = client.get("https://a.example/feed", etag=first.etag)
    assert not first.not_modified and second.not_modified and second.body == b""


def test_fetch_follows_redirects_and_names_a_loop():
    def handler(request: httpx.Request) -> httpx.Response:
        moves = {"/old": "/new", "/x": "/y", "/y": "/x"}
        if request.url.path in moves:
            return httpx.Response(301, headers={"Location": moves[request.url.path]})
        return httpx.Response(200, text="here")

    with fetcher(handler, FakeClock(), min_interval=0) as client:
        page = client.get("https://a.example/old")
        assert page.final_url == "https://a.example/new" and page.url == "https://a.example/old"
        with pytest.raises(FetchError, match="redirect loop"):
            client.get("https://a.example/x")


# --- listings ---

def test_parse_feed_resolves_links_and_reads_authors_and_dates():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://n.example/</link>'
           b"<description>d</description><language>en-gb</language>"
           b"<item><title>Talks resume</title><link>/2024/talks?utm_medium=rss</link>"
           b"<author>desk@n.example (Jane Reporter)</author><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate></item>"
           b"</channel></rss>")
    listing = parse_feed(rss, url="https://n.example/feed.rss")
    entry = listing.entries[0]
    assert entry.url == "https://n.example/2024/talks" and entry.published == "2024-03-05"
    assert "Jane Reporter" in entry.author and listing.language == "en-gb"


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>cut off", b"Not a feed at all", b""])
def test_parse_feed_without_readable_entries_is_malformed(body):
    with pytest.raises(ListingError) as caught:
        parse_feed(body, url="https://n.example/feed.rss")
    assert caught.value.kind == "malformed"


def test_parse_sitemap_news_entries_newest_first():
    body = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            b"<url><loc>https://n.example/old</loc><lastmod>2024-01-02</lastmod></url>"
            b"<url><loc>https://n.example/new</loc><news:news><news:title>Border closed</news:title>"
            b"<news:publication_date>2024-03-05T10:00:00Z</news:publication_date></news:news></url></urlset>")
    entries = parse_sitemap(body, url="https://n.example/sitemap.xml").entries
    assert [(e.url, e.title, e.published) for e in entries] == [
        ("https://n.example/new", "Border closed", "2024-03-05"), ("https://n.example/old", None, "2024-01-02")]


def test_parse_sitemap_index_lists_child_sitemaps_newest_first():
    body = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<sitemap><loc>/s-2023.xml</loc><lastmod>2023-12-31</lastmod></sitemap>"
            b"<sitemap><loc>/s-2024.xml</loc><lastmod>2024-03-01</lastmod></sitemap></sitemapindex>")
    listing = parse_sitemap(body, url="https://n.example/sitemap.xml")
    assert listing.sitemaps == ["https://n.example/s-2024.xml", "https://n.example/s-2023.xml"]


@pytest.mark.parametrize("body", [b"<html><body>hi</body></html>", b"<urlset><url><loc>x</loc>"])
def test_parse_sitemap_refuses_what_is_not_one(body):
    with pytest.raises(ListingError, match="malformed sitemap"):
        parse_sitemap(body, url="https://n.example/sitemap.xml")


@pytest.mark.parametrize("url, normal", [
    ("https://N.example/a?utm_source=x&id=3#comments", "https://n.example/a?id=3"),
    ("https://n.example/a?fbclid=abc", "https://n.example/a"),
    ("https://n.example", "https://n.example/"),
])
def test_parse_normalise_url_drops_what_does_not_name_the_page(url, normal):
    assert normalise_url(url) == normal


# --- the notification rule ---

def coded_article(article_id: str, event_type: str, actor: str, recipient: str) -> ArticleResult:
    text = "Protesters surrounded the police headquarters on Friday."
    event = Event(id="e1", type=event_type, mode=None, quad=3, score=-5.0,
                  actor=[ActorRef("protesters", actor, "CVL")], recipient=[ActorRef("police", recipient, "COP")],
                  modality="asserted", trigger=Mention(11, 21, "surrounded"), sentence=Mention(0, len(text), text))
    return ArticleResult(Article(text=text, id=article_id, title="Siege", url=f"https://n.example/{article_id}"),
                         events=[event], version="test")


@pytest.mark.parametrize("types, actors, flagged", [
    (("PROTEST",), (), ["a1"]),
    ((), ("CHN",), ["a1"]),
    ((), ("HKG",), ["a1", "a2"]),
    (("ASSAULT",), ("RUS",), []),
])
def test_notify_rule_flags_new_events_by_type_or_actor(tmp_path, types, actors, flagged):
    with Store(tmp_path / "n.duckdb") as store:
        store.add_results([coded_article("a1", "PROTEST", "HKG", "CHN"), coded_article("a2", "COERCE", "HKG", "HKG"),
                           coded_article("a3", "PROTEST", "CHN", "CHN")])
        flags = rule_flags(FeedState(store), ["a1", "a2"], NotifySettings(types=types, actors=actors))
    assert [flag.article_id for flag in flags] == flagged
    for flag in flags:
        assert flag.sentence.startswith("Protesters") and flag.url.endswith(flag.article_id)


def test_config_example_sources_file_loads():
    from dyad.feeds.config import load_config
    from tests.conftest import ROOT

    example = load_config(ROOT / "examples" / "sources.toml")
    assert {s.kind for s in example.sources} == {"feed", "page"}
    assert all(s.license and s.outlet for s in example.sources)
    assert example.notify.log == ROOT / "examples" / "alerts.log"


def test_parse_sitemap_reads_gzip_and_refuses_a_bomb():
    import gzip

    body = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>https://n.example/a</loc></url></urlset>")
    assert [e.url for e in parse_sitemap(gzip.compress(body), url="https://n.example/s.xml.gz").entries] == [
        "https://n.example/a"]
    bomb = gzip.compress(body[:-9] + b" " * 2_000_000 + b"</urlset>")
    with pytest.raises(ListingError) as caught:
        parse_sitemap(bomb, url="https://n.example/s.xml.gz", max_bytes=100_000)
    assert caught.value.kind == "too_large"
