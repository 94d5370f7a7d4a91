"""The dashboard in a real browser: Playwright drives headless Debian Chromium against uvicorn on loopback.

The database is tests/api_corpus.py's: four openly licensed demo articles
(demo/SOURCES.md) through the real pipeline, and one hand-coded article. Every
page must load without console errors, page errors, failed or refused
requests, and without a single request leaving 127.0.0.1 (each one is routed
through a guard that aborts and records it). Each test saves a full-page
screenshot of its view (see ``screenshots``).

Skipped where /usr/bin/chromium (.ci/run apt-installs it) or the playwright
package (the ``test`` extra) is absent. Playwright's own browser downloads are
never used: the browser is Debian's, launched by its executable path.
"""

from __future__ import annotations

import os
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import uvicorn
from api_corpus import HAND_ID, HAND_TEXT, build_db

from dyad.api import ServeSettings, create_app

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="no playwright (pip install -e '.[test]')",
                               exc_type=ImportError)

ROOT = Path(__file__).resolve().parent.parent
# Chromium's own background traffic off; names other than 127.0.0.1 resolve to nothing.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1300, "height": 900}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("browser") / "web.duckdb")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(ServeSettings(db=db, hosts=("127.0.0.1", "localhost", "::1")))  # as dyad serve makes it
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """$DYAD_ARTIFACTS/screenshots, or artifacts/screenshots in the repository (git ignores artifacts/)."""
    folder = Path(os.environ.get("DYAD_ARTIFACTS") or ROOT / "artifacts") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Watched:
    """A page and what went wrong on it: console errors, page errors, failed and remote requests."""

    page: object
    base: str
    problems: list[str] = field(default_factory=list)
    remote: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="networkidle")

    def api(self, path: str, **params: str) -> dict:
        """What the API says, read beside the page (not through it) to check the page against."""
        response = self.page.request.get(self.base + path, params=params)
        assert response.ok, f"{path}: HTTP {response.status}"
        return response.json()

    def assert_clean(self) -> None:
        assert not self.remote, f"requests left loopback: {self.remote}"
        assert not self.problems, "\n".join(self.problems)
        assert any(urlsplit(u).path.startswith(("/api/", "/openapi")) for u in self.requested), \
            "the page's script made no API request"


@pytest.fixture
def watched(browser, server):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    seen = Watched(page, server)
    context.route("**/*", lambda route: guard(route, seen))
    page.on("console", lambda msg: msg.type == "error" and seen.problems.append(f"console: {msg.text} {msg.location}"))
    page.on("pageerror", lambda error: seen.problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: seen.problems.append(f"failed: {request.url} {request.failure}"))
    page.on("response", lambda r: r.status >= 400 and seen.problems.append(f"HTTP {r.status}: {r.url}"))
    yield seen
    context.close()


def guard(route, seen: Watched) -> None:
    url = route.request.url
    seen.requested.append(url)
    if urlsplit(url).hostname == "127.0.0.1":
        route.continue_()
    else:
        seen.remote.append(url)
        route.abort("blockedbyclient")


def shoot(watched: Watched, folder: Path, name: str) -> Path:
    """A full-page PNG of the view as it stands, checked to be a real picture of the whole page."""
    shot = folder / f"{name}.png"
    watched.page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert data[:8] == PNG_SIGNATURE and len(data) > 20_000
    assert width == VIEWPORT["width"] and height >= VIEWPORT["height"] // 2
    return shot


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def column(page, table: str, index: int) -> list[str]:
    """The text of one column (1-based) of a table's event rows."""
    return page.locator(f"{table} tbody tr[data-event] > td:nth-child({index})").all_inner_texts()


def attribute(locator, name: str) -> list[str]:
    """One attribute of every element the locator finds."""
    return locator.evaluate_all("(nodes, name) => nodes.map(n => n.getAttribute(name))", name)


def codes(cell: str) -> set[str]:
    return {code.strip() for code in cell.split(",") if code.strip() not in ("", "–")}


def test_web_browser_guard_records_requests_leaving_loopback(watched):
    # about:blank, not a dashboard page: the dashboard's CSP would stop the request before the guard.
    watched.page.set_content('<img src="http://example.org/x.png">', wait_until="load")
    assert watched.remote == ["http://example.org/x.png"]


def test_web_browser_overview_counts_timeline_and_movers(watched, screenshots):
    page = watched.page
    watched.open("/")
    body = watched.api("/api/overview")
    cards = dict(zip(page.locator("#counts .card span").all_inner_texts(),
                     page.locator("#counts .card strong").all_inner_texts()))
    assert cards["events"] == str(body["counts"]["events"]) and int(cards["events"]) > 0
    assert page.locator("svg.timeline g.bar").count() == len(body["timeline"]) >= 3
    assert page.locator("svg.timeline rect").count() >= len(body["timeline"])
    movers = page.locator("#movers tbody tr td:first-child a").all_inner_texts()
    assert movers == [f"{m['actor']} → {m['recipient']}" for m in body["movers"]["items"]] and movers
    shoot(watched, screenshots, "overview")
    page.fill("[data-filters] input[name=actor]", "USA")
    page.click("[data-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"[?&]actor=USA"))
    page.wait_for_load_state("networkidle")
    filtered = watched.api("/api/overview", actor="USA")["counts"]["events"]
    assert page.locator("#counts .card strong").first.inner_text() == str(filtered)
    assert 0 < filtered < body["counts"]["events"]
    watched.assert_clean()


def test_web_browser_events_filter_and_sort_live_in_the_url(watched):
    page = watched.page
    watched.open("/events?actor=RUS&sort=score&order=desc")
    everyone = column(page, "#events", 4)
    assert len(everyone) >= 2 and all("RUS" in codes(cell) for cell in everyone)
    assert all(len(codes(cell)) == len(cell.split(",")) for cell in everyone)  # each code once
    scores = [float(s) for s in column(page, "#events", 7)]
    assert scores == sorted(scores, reverse=True)
    assert page.locator("th[data-sort=score]").get_attribute("aria-sort") == "descending"
    page.fill("[data-filters] input[name=recipient]", "UKR")
    page.select_option("[data-filters] select[name=quad]", "4")
    page.click("[data-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"recipient=UKR"))
    page.wait_for_load_state("networkidle")
    assert query_of(page.url) == {"actor": ["RUS"], "recipient": ["UKR"], "quad": ["4"]}
    narrowed = attribute(page.locator("#events tbody tr[data-event]"), "data-event")
    assert 0 < len(narrowed) < len(everyone)
    assert all("UKR" in codes(cell) for cell in column(page, "#events", 5))
    assert set(column(page, "#events", 3)) == {"4"}
    page.reload(wait_until="networkidle")  # the URL alone gives back the same view
    assert page.input_value("[data-filters] input[name=recipient]") == "UKR"
    assert attribute(page.locator("#events tbody tr[data-event]"), "data-event") == narrowed
    page.click("th[data-sort=day] a")
    page.wait_for_url(re.compile(r"sort=day"))
    assert query_of(page.url)["recipient"] == ["UKR"]
    watched.assert_clean()


def test_web_browser_events_row_opens_its_evidence(watched, screenshots):
    page = watched.page
    watched.open("/events?actor=RUS&sort=score&order=asc")
    items = watched.api("/api/events", actor="RUS", sort="score", order="asc")["items"]
    row = page.locator("#events tbody tr[data-event]").first
    event = next(e for e in items if f"{e['article_id']}/{e['id']}" == row.get_attribute("data-event"))
    detail = row.locator("xpath=following-sibling::tr[1]")
    assert detail.is_hidden()
    row.locator("td.day").click()
    assert detail.is_visible() and row.get_attribute("aria-expanded") == "true"
    assert " ".join(event["sentence_text"].split()) in " ".join(detail.inner_text().split())
    trigger = event["sentence_text"][event["trigger_start"] - event["sentence_start"]:
                                     event["trigger_end"] - event["sentence_start"]]
    assert detail.locator("mark.trigger").inner_text() == trigger
    assert detail.locator("a").first.get_attribute("href") == f"/articles/{event['article_id']}#ev-{event['id']}"
    shoot(watched, screenshots, "events")
    row.locator("td.day").click()
    assert detail.is_hidden()
    watched.assert_clean()


RECORDS = {"ev": "#events-list", "ent": "#entities-list", "plc": "#places-list", "quo": "#quotes-list"}


def test_web_browser_article_highlights_link_to_their_records(watched):
    page = watched.page
    watched.open(f"/articles/{HAND_ID}")
    for kind, records in RECORDS.items():
        hrefs = attribute(page.locator(f"#text a.hl.{kind}"), "href")
        assert hrefs, f"no {kind} highlight"
        for href in hrefs:
            assert page.locator(f"{records} > li{href}").count() == 1, f"{href} has no record in {records}"
    watched.assert_clean()


def test_web_browser_article_text_marks_each_event_trigger(watched, screenshots):
    page = watched.page
    watched.open(f"/articles/{HAND_ID}")
    article = watched.api(f"/api/articles/{HAND_ID}")
    assert page.locator("#text").inner_text() == HAND_TEXT
    marked = page.locator("#text a.hl.ev").all_inner_texts()
    assert marked == [HAND_TEXT[e["trigger_start"]:e["trigger_end"]] for e in article["events"]]
    assert page.locator("#text a.hl.quo").inner_text() == article["quotes"][0]["text"]
    first = article["events"][0]
    page.locator("#text a.hl.ev").first.click()
    assert urlsplit(page.url).fragment == f"ev-{first['id']}"
    assert page.locator(f"#ev-{first['id']}").inner_text().count(first["type"]) >= 1
    assert page.locator("#entities-list a[href^='/actors/']").count() == len(article["entities"])
    shoot(watched, screenshots, "article")
    watched.assert_clean()


def test_web_browser_actor_network_and_roles(watched, screenshots):
    page = watched.page
    watched.open("/actors/RUS")
    profile = watched.api("/api/actors/RUS")
    partners = [c["code"] for c in profile["counterparts"]]
    assert partners and page.locator("svg.network line.edge").count() == len(partners)
    assert sorted(page.locator("svg.network a[href^='/actors/'] text").all_text_contents()) == sorted(partners)
    edges = attribute(page.locator("svg.network a[href^='/dyad?']"), "href")
    assert all("RUS" in query_of(href).get("actor", []) + query_of(href).get("recipient", []) for href in edges)
    as_actor, as_recipient = column(page, "#as-actor", 4), column(page, "#as-recipient", 5)
    assert as_actor and all("RUS" in codes(cell) for cell in as_actor)
    assert as_recipient and all("RUS" in codes(cell) for cell in as_recipient)
    assert page.locator("#quotes li q").count() == min(profile["quotes"], 20)
    shoot(watched, screenshots, "actor")
    watched.assert_clean()


def test_web_browser_map_shades_countries_and_filters(watched, screenshots):
    page = watched.page
    watched.open("/map")
    body = watched.api("/api/map")
    assert page.locator("svg.world g.country").count() > 150  # the shapes of the world's countries
    shaded = set(page.locator("svg.world g.country.has-events").evaluate_all("gs => gs.map(g => g.classList[0])"))
    assert shaded == {c["iso2"] for c in body["countries"] if c["iso2"]} and shaded
    assert page.locator("svg.world circle.point").count() == len(body["points"])
    shoot(watched, screenshots, "map")
    page.fill("[data-filters] input[name=country]", "UKR")
    page.click("[data-filters] button[type=submit]")
    page.wait_for_url(re.compile(r"country=UKR"))
    page.wait_for_load_state("networkidle")
    countries = page.locator("#places tbody td:nth-child(2)").all_inner_texts()
    assert countries and set(countries) == {"UKR"} and len(countries) < len(body["points"])
    watched.assert_clean()


def flagged_actor(watched: Watched) -> str:
    """An actor of the test database whose weekly series has escalation flags (found, not assumed)."""
    for actor in watched.api("/api/actors", limit="100")["items"]:
        if watched.api("/api/series", actor=actor["code"], interval="week")["flags"]:
            return actor["code"]
    pytest.fail("no actor of the test database has an escalation flag")


def test_web_browser_dyad_draws_series_and_escalation_flags(watched, screenshots):
    page = watched.page
    actor = flagged_actor(watched)
    watched.open(f"/dyad?actor={actor}&interval=week")
    body = watched.api("/api/series", actor=actor, interval="week")
    drawn = [p for p in body["points"] if p["events"]]
    assert page.locator("#series svg.timeline g.bar").count() == len(drawn)
    assert page.locator("#series svg.timeline path.flag").count() == len(body["flags"])
    listed = page.locator("#flags li strong").all_inner_texts()
    assert listed == [flag["day"] for flag in body["flags"]]
    assert all(actor in codes(cell) for cell in column(page, "#pair-events", 4))
    shoot(watched, screenshots, "dyad")
    watched.assert_clean()


@pytest.mark.parametrize(("path", "table", "endpoint"), [("/articles", "#articles", "/api/articles"),
                                                          ("/actors", "#actors", "/api/actors")])
def test_web_browser_lists_show_every_record(watched, screenshots, path, table, endpoint):
    page = watched.page
    watched.open(path)
    body = watched.api(endpoint)
    assert page.locator(f"{table} tbody tr").count() == len(body["items"]) > 0
    links = attribute(page.locator(f"{table} tbody a"), "href")
    assert all(link.startswith(f"{path}/") for link in links) and len(links) == len(body["items"])
    shoot(watched, screenshots, path.strip("/"))
    watched.assert_clean()


def test_web_browser_docs_render_the_openapi_offline(watched, screenshots):
    page = watched.page
    watched.open("/docs")
    spec = watched.api("/openapi.json")
    page.wait_for_selector(".opblock")
    shown = set(attribute(page.locator(".opblock-summary-path"), "data-path"))
    assert shown == set(spec["paths"])
    shoot(watched, screenshots, "docs")
    watched.assert_clean()
