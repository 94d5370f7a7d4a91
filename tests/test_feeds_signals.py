"""The default after-poll hook: stories brought up to date, escalation flagged
for the dyads that the new articles touched (coded results stored directly)."""

from __future__ import annotations

from dyad.feeds.signals import update_stories_and_flag
from dyad.feeds.watch import on_poll_done
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
