"""The default after-poll hook: stories brought up to date, escalation flagged
for the dyads that the new articles touched (on coded results stored directly),
and end to end: a polled feed crafted to escalate reaches the webhook."""

from __future__ import annotations

import json
import tomllib

from dyad.feeds.config import parse_config
from dyad.feeds.signals import update_stories_and_flag
from dyad.feeds.watch import on_poll_done, poll_all
from dyad.store import Store
from tests.test_store_stories_series import SPIKE, _corpus


def test_feeds_signals_is_the_default_hook():
    assert update_stories_and_flag in on_poll_done


def test_feeds_signals_flag_the_spike_of_a_new_poll(tmp_path):
    corpus = _corpus()
    quiet = [r for r in corpus if r.article.id.startswith("daily-")]
    spike = [r for r in corpus if r.article.id.startswith("spike-")]
    with Store(tmp_path / "feeds.duckdb") as store:
        store.add_results(quiet)
        assert update_stories_and_flag(store, [r.article.id for r in quiet]) == []
        store.add_results(spike)
        flags = update_stories_and_flag(store, [r.article.id for r in spike])
        stories = store.connection.execute("SELECT count(*) FROM stories").fetchone()[0]
    assert {flag["day"] for flag in flags} == {SPIKE.isoformat()}
    assert {flag["actor"] for flag in flags} == {"RUS", "UKR"}
    evidence = {story["evidence"] for flag in flags for story in flag["stories"]}
    assert any("Kharkiv" in sentence for sentence in evidence)
    assert stories == len(quiet) + 3  # three shelled towns, each one story across two outlets


# Three outlets report the same morning's shelling of three towns, in words written
# for this test, on the spike day of the stored baseline (a quiet month of accusations).
SHELLING = [
    ("kharkiv", "Russian artillery shelled Kharkiv on Friday morning, killing four civilians, the "
                "regional governor said. Russia also shelled Mariupol and Chernihiv overnight."),
    ("mariupol", "Russia shelled Mariupol on Friday, hitting a school and two apartment blocks, city "
                 "officials said. Russian forces also shelled Kharkiv and Chernihiv."),
    ("chernihiv", "Russian troops shelled Chernihiv on Friday and attacked villages near Kharkiv, "
                  "Ukrainian officials said."),
]


def test_feeds_an_escalating_poll_reaches_the_webhook(tmp_path):
    from tests.test_feeds import FETCH, Response, Site, article_html, rss, serve_site

    site = Site()
    server = serve_site(site)
    next(server)
    try:
        page = {"Content-Type": "text/html; charset=utf-8"}
        for slug, text in SHELLING:
            site.add(f"/news/{slug}", Response(200, article_html(
                {"title": f"Shelling in {slug.title()}", "published": SPIKE.isoformat(), "text": text,
                 "license": "written for Dyad's tests"}), page))
        site.add("/feed.rss", Response(200, rss(site.base, [(f"/news/{slug}", slug) for slug, _ in SHELLING]),
                                       {"Content-Type": "application/rss+xml"}))
        toml = "\n".join(["[fetch]", *(f"{k} = {v}" for k, v in FETCH.items()),
                          "[notify]", f'webhook = "{site.base}/hook"',
                          "[[source]]", 'name = "wire"', f'url = "{site.base}/feed.rss"', 'kind = "feed"',
                          'outlet = "Wire"'])
        config = parse_config(tomllib.loads(toml))
        with Store(tmp_path / "watch.duckdb") as store:
            store.add_results([r for r in _corpus() if r.article.id.startswith("daily-")])
            report = poll_all(config, store)
        flags = [flag for path, body in site.posts if path == "/hook" for flag in json.loads(body)["flags"]]
    finally:
        next(server, None)
    assert len(report.new_article_ids) == 3
    escalations = [flag for flag in flags if flag["reason"].startswith("escalation")]
    assert escalations and {flag["day"] for flag in escalations} == {SPIKE.isoformat()}
    assert any("Kharkiv" in story["evidence"] for flag in escalations for story in flag["stories"])
