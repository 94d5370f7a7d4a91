"""dyad fetch / watch / sources, the on_poll_done hooks and the notifier,
against the local site of test_feeds (127.0.0.1 only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.errors import StoreError
from dyad.feeds import watch as watch_module
from dyad.feeds.config import FeedsConfig, FetchSettings, Source, parse_config
from dyad.feeds.notify import Flag
from dyad.feeds.watch import watch
from dyad.store import Store
from dyad.store.feeds import FeedState
from tests.conftest import ROOT
from tests.test_feeds import (ARTICLES, FETCH, Response, Site, article_html, build_site, config_for, rss, serve_site,
                              sources_toml)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    for served in serve_site(Site()):
        yield build_site(served)


def write_sources(tmp_path, site: Site, names: list[str], *, notify: str = ""):
    path = tmp_path / "sources.toml"
    path.write_text(sources_toml(site.base, names, notify=notify), "utf-8")
    return path


def test_cli_fetch_then_sources_shows_health(tmp_path, site):
    sources = write_sources(tmp_path, site, ["page", "gone"])
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(cli, ["fetch", str(sources), "--db", str(db)])
    assert result.exit_code == 1  # a source failed
    assert "gone: FAILED (http) " in result.output and "1 new articles" in result.output
    again = CliRunner().invoke(cli, ["fetch", str(sources), "--db", str(db)])
    assert "0 new articles" in again.output
    listed = CliRunner().invoke(cli, ["sources", str(sources), "--db", str(db), "--format", "jsonl"])
    rows = {row["name"]: row for row in map(json.loads, listed.output.splitlines())}
    assert rows["page"]["items_stored"] == 1 and rows["page"]["last_success"] and rows["page"]["last_failure"] is None
    assert rows["gone"]["consecutive_failures"] == 2 and "HTTP 404" in rows["gone"]["last_error"]
    table = CliRunner().invoke(cli, ["sources", str(sources), "--db", str(db)])
    assert table.exit_code == 0 and "HTTP 404" in table.output and "never" in table.output


def test_cli_sources_before_any_poll_says_never(tmp_path, site):
    sources = write_sources(tmp_path, site, ["wire"])
    result = CliRunner().invoke(cli, ["sources", str(sources), "--db", str(tmp_path / "none.duckdb"),
                                      "--format", "jsonl"])
    row = json.loads(result.output)
    assert result.exit_code == 0 and row["last_success"] is None and row["items_seen"] == 0
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("every", ["soon", "0s", "15 minutes"])
def test_cli_watch_refuses_a_bad_interval(tmp_path, site, every):
    sources = write_sources(tmp_path, site, ["gone"])
    result = CliRunner().invoke(cli, ["watch", str(sources), "--db", str(tmp_path / "w.duckdb"), "--every", every])
    assert result.exit_code == 2 and "--every" in result.output


def test_cli_watch_stops_after_max_polls(tmp_path, site):
    sources = write_sources(tmp_path, site, ["gone"])
    db = tmp_path / "w.duckdb"
    result = CliRunner().invoke(cli, ["watch", str(sources), "--db", str(db), "--every", "0.01s", "--max-polls", "3"])
    assert result.exit_code == 0 and "after 3 polls" in result.output
    with Store(db, read_only=True) as store:
        assert FeedState(store).source("gone").polls == 3


def test_watch_runs_hooks_after_each_poll_and_notifies_their_flags(tmp_path, site):
    log = tmp_path / "alerts" / "flags.log"
    notify = f'[notify]\nwebhook = "{site.base}/hook"\nlog = "{log}"\n'
    sources = write_sources(tmp_path, site, ["page", "gone"], notify=notify)
    config = parse_config(tomllib.loads(sources.read_text("utf-8")))
    calls = []

    def escalation(store: Store, new_ids: list[str]) -> list[Flag]:
        calls.append(list(new_ids))
        titles = dict(store.connection.execute("SELECT id, title FROM articles").fetchall())
        return [Flag(reason="escalation test", article_id=i, title=titles[i]) for i in new_ids]

    polls = watch(config, tmp_path / "h.duckdb", every=0.01, max_polls=2, hooks=[escalation])
    assert polls == 2 and len(calls) == 2 and len(calls[0]) == 1 and calls[1] == []
    posts = [json.loads(body) for path, body in site.posts if path == "/hook"]
    assert len(posts) == 1  # the second poll flagged nothing, and sent nothing
    assert [f["article_id"] for f in posts[0]["flags"]] == calls[0]
    assert posts[0]["poll"]["failed_sources"] == ["gone"]
    lines = log.read_text("utf-8").splitlines()
    assert len(lines) == 1 and "escalation test" in lines[0] and calls[0][0] in lines[0]


def test_watch_a_failing_hook_or_webhook_never_stops_the_poll(tmp_path, site):
    unreachable = "http://127.0.0.1:9/hook"  # discard port: nothing listens
    config = config_for(site.base, ["gone"])
    config = type(config)(sources=config.sources, fetch=config.fetch,
                          notify=type(config.notify)(webhook=unreachable, timeout=0.5))

    def broken(store, new_ids):
        raise RuntimeError("analytics not ready")

    reports = []
    watch(config, tmp_path / "f.duckdb", every=0.01, max_polls=1, on_report=reports.append,
          hooks=[broken, lambda store, ids: [{"reason": "always", "article_id": "none"}]])
    problems = " | ".join(reports[0].problems)
    assert "analytics not ready" in problems and "webhook" in problems


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_watch_stops_cleanly_on_a_signal(tmp_path, site, signum):
    sources = write_sources(tmp_path, site, ["gone"])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-c", "from dyad.cli import main; main()", "watch", str(sources),
         "--db", str(tmp_path / "s.duckdb"), "--every", "1h"],
        stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        for line in process.stderr:  # wait for the first poll to be over
            if "gone: FAILED" in line:
                break
        process.send_signal(signum)
        rest = process.communicate(timeout=30)[1]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "stopped by a signal after 1 poll" in rest
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        assert FeedState(store).source("gone").polls == 1


def test_watch_default_hooks_are_the_on_poll_done_list(tmp_path, site, monkeypatch):
    seen = []
    monkeypatch.setattr(watch_module, "on_poll_done", [lambda store, new_ids: seen.append(new_ids)])
    watch(config_for(site.base, ["gone"]), tmp_path / "d.duckdb", every=0.01, max_polls=2)
    assert seen == [[], []]


def test_watch_skips_a_poll_when_the_database_is_busy_but_not_the_first(tmp_path, site, monkeypatch):
    opened = []

    def flaky_store(path):
        opened.append(path)
        if len(opened) == 2:
            raise StoreError(f"cannot open {path}: lock held by another process")
        return Store(path)

    monkeypatch.setattr(watch_module, "Store", flaky_store)
    reports = []
    polls = watch(config_for(site.base, ["gone"]), tmp_path / "b.duckdb", every=0.01, max_polls=3,
                  on_report=reports.append, hooks=[])
    assert polls == 3 and "lock held" in reports[1].problems[0] and not reports[1].sources
    with Store(tmp_path / "b.duckdb", read_only=True) as store:
        assert FeedState(store).source("gone").polls == 2
    opened.clear()
    monkeypatch.setattr(watch_module, "Store", lambda path: (_ for _ in ()).throw(StoreError("no disk")))
    with pytest.raises(StoreError):
        watch(config_for(site.base, ["gone"]), tmp_path / "c.duckdb", every=0.01, max_polls=2, hooks=[])


def test_watch_page_source_stores_a_changed_text_as_a_new_article(tmp_path, site):
    current = {"record": ARTICLES[1]}
    site.add("/live", lambda _request: Response(200, article_html(current["record"]),
                                                {"Content-Type": "text/html"}))
    config = FeedsConfig(sources=(Source("live", f"{site.base}/live", "page", outlet="Live"),),
                         fetch=FetchSettings(**FETCH))
    db = tmp_path / "live.duckdb"
    reports = []
    watch(config, db, every=0.01, max_polls=2, on_report=reports.append, hooks=[])
    current["record"] = ARTICLES[3]
    watch(config, db, every=0.01, max_polls=1, on_report=reports.append, hooks=[])
    assert [len(r.new_article_ids) for r in reports] == [1, 0, 1]
    assert reports[1].sources[0].record.new == 0  # same text: unchanged, nothing coded
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 2
        items = FeedState(store).items(source="live")
    assert len(items) == 1 and items[0]["article_id"] == reports[2].new_article_ids[0] and items[0]["attempts"] == 2


def test_watch_a_source_that_crashes_is_recorded_and_the_others_polled(tmp_path, site, monkeypatch):
    real = watch_module.poll_source

    def crashing(source, **options):
        if source.name == "gone":
            raise RuntimeError("parser bug")
        return real(source, **options)

    monkeypatch.setattr(watch_module, "poll_source", crashing)
    reports = []
    watch(config_for(site.base, ["gone", "private"]), tmp_path / "x.duckdb", every=0.01, max_polls=1,
          on_report=reports.append, hooks=[])
    assert [p.source.name for p in reports[0].sources] == ["gone", "private"]
    with Store(tmp_path / "x.duckdb", read_only=True) as store:
        states = FeedState(store).sources()
    assert states["gone"].last_error_kind == "internal" and "parser bug" in states["gone"].last_error
    assert states["private"].last_error_kind == "robots"


def test_cli_fetch_says_why_items_were_rejected(tmp_path, site):
    sources = write_sources(tmp_path, site, ["wire"])
    result = CliRunner().invoke(cli, ["fetch", str(sources), "--db", str(tmp_path / "r.duckdb")])
    assert result.exit_code == 0
    assert "4 rejected (http 1, language 1, robots 1, too_large 1)" in result.output


def test_cli_fetch_sitemap_index_reads_its_child_sitemaps(tmp_path, site):
    sources = write_sources(tmp_path, site, ["index"])
    result = CliRunner().invoke(cli, ["fetch", str(sources), "--db", str(tmp_path / "i.duckdb")])
    assert result.exit_code == 0 and "index: 1 listed, 1 new: 1 stored" in result.output


def test_fetch_items_left_over_are_fetched_next_time_despite_the_etag(tmp_path, site):
    sources = tmp_path / "few.toml"
    sources.write_text(sources_toml(site.base, ["wire"]) + "max_items = 2\n", "utf-8")
    db = tmp_path / "few.duckdb"
    outputs = [CliRunner().invoke(cli, ["fetch", str(sources), "--db", str(db)]).output for _ in range(4)]
    assert "6 listed, 2 new" in outputs[0] and "6 listed, 2 new" in outputs[1]
    assert "6 listed, 1 new" in outputs[2] and "not modified" in outputs[3]
    with Store(db, read_only=True) as store:
        assert FeedState(store).source("wire").items_seen == 5


def test_fetch_item_that_failed_for_a_passing_reason_is_retried_next_poll(tmp_path, site):
    path = "/articles/flaky"
    site.add(path, lambda _r: Response(503) if site.hits[path] <= 1 + FETCH["retries"] else
             Response(200, article_html(ARTICLES[1]), {"Content-Type": "text/html"}))
    site.add("/feeds/flaky.rss", Response(200, rss(site.base, [(path, "Flaky")]), {"ETag": '"flaky-1"'}))
    config = FeedsConfig(sources=(Source("flaky", f"{site.base}/feeds/flaky.rss", "feed"),),
                         fetch=FetchSettings(**FETCH))
    reports = []
    watch(config, tmp_path / "flaky.duckdb", every=0.01, max_polls=2, on_report=reports.append, hooks=[])
    first, second = (r.sources[0].record for r in reports)
    assert first.counts == {"failed": 1} and second.counts == {"stored": 1}
    assert "If-None-Match" not in site.headers["/feeds/flaky.rss"][-1]
    with Store(tmp_path / "flaky.duckdb", read_only=True) as store:
        item = FeedState(store).items()[0]
        errors = store.counts()["errors"]
    assert item["status"] == "stored" and item["attempts"] == 2 and errors == 0  # the 503 error row is resolved
