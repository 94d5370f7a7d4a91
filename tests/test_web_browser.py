"""The dashboard in a real browser: headless Debian Chromium against uvicorn on loopback.

Skipped where /usr/bin/chromium is absent (.ci/run installs it). Chromium
dumps each page's DOM after its scripts ran, and writes a network log, from
which every URL the page asked for must be on 127.0.0.1.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from api_corpus import build_db
from dyad.api import ServeSettings, create_app

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-default-apps",
         "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--hide-scrollbars", "--window-size=1300,1400", "--virtual-time-budget=15000"]
LOCAL_SCHEMES = {"data", "about", "blob"}
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("browser") / "web.duckdb")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(ServeSettings(db=db, hosts=("127.0.0.1", "localhost", "::1")))  # as dyad serve makes it
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
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


def chromium(url: str, work: Path, *action: str) -> tuple[str, list[dict]]:
    """Run Chromium on ``url``; its stdout, and the requests the page made (see page_requests)."""
    netlog = work / "netlog.json"
    done = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={work / 'profile'}", f"--log-net-log={netlog}",
                           *action, url], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, page_requests(netlog)


def page_requests(netlog: Path) -> list[dict]:
    """Every request the page started: its navigations and what its documents and scripts asked for.

    Chromium's own background calls (update checks, account lookups; initiator
    "not an origin") are no part of the dashboard; FLAGS resolve every name but
    127.0.0.1 to nothing, so that they cannot leave the machine either.
    """
    text = netlog.read_text("utf-8", errors="replace").rstrip()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a log cut short at exit lacks its closing brackets
        log = json.loads(text.rstrip(",") + "]}")
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    started = [event["params"] for event in log["events"]
               if event["type"] == start_job and "url" in event.get("params", {})]
    return [params for params in started
            if params.get("initiator") != "not an origin" or params.get("request_type") in ("main frame", "sub frame")]


def assert_loopback_only(requests: list[dict], server: str) -> None:
    urls = [request["url"] for request in requests]
    remote = [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"]
    assert not remote, f"requests left loopback: {remote}"
    assert any(u.startswith(f"{server}/api/") or u.startswith(f"{server}/openapi") for u in urls), \
        "the page's script made no API request"


def test_web_overview_draws_its_timeline_in_the_browser(server, tmp_path):
    dom, urls = chromium(f"{server}/", tmp_path, "--dump-dom")
    assert 'class="timeline"' in dom
    timeline = dom[dom.index('class="timeline"'):]
    assert timeline.count("<rect") >= 3  # one per quad class and day with events
    assert 'class="card"' in dom and "RUS → UKR" in dom  # counts and movers filled in
    assert "Could not load" not in dom
    assert_loopback_only(urls, server)


def test_web_events_table_rows_and_evidence_in_the_browser(server, tmp_path):
    dom, urls = chromium(f"{server}/events?actor=RUS&sort=score&order=desc", tmp_path, "--dump-dom")
    rows = dom.count("data-event=")
    assert rows >= 2
    assert dom.count('class="trigger"') >= rows  # each row's evidence has its trigger highlighted
    assert 'aria-sort="descending"' in dom
    assert_loopback_only(urls, server)


def test_web_article_map_and_docs_render_offline(server, tmp_path):
    dom, urls = chromium(f"{server}/articles/hand-coded-1", tmp_path / "article", "--dump-dom")
    assert 'class="hl ev"' in dom and 'href="#ev-v0"' in dom and 'id="quo-q0"' in dom
    dom, more = chromium(f"{server}/map", tmp_path / "map", "--dump-dom")
    assert 'class="point"' in dom and "has-events" in dom
    dom, docs = chromium(f"{server}/docs", tmp_path / "docs", "--dump-dom")
    assert "/api/events" in dom  # Swagger UI rendered the OpenAPI document
    for requests in (urls, more, docs):
        assert_loopback_only(requests, server)


def test_web_screenshot_of_the_overview(server, tmp_path):
    shot = tmp_path / "overview.png"
    chromium(f"{server}/", tmp_path, f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
