"""Polls of every source, once (``dyad fetch``) or every so often (``dyad watch``).

After each poll, the callbacks in ``on_poll_done`` run with the store and the
ids of the articles the poll stored (the place where stories and escalation
flags are brought up to date); what they return (Flag objects or dicts) is
notified, together with the flags of the ``[notify]`` rule.

    from dyad.feeds.watch import on_poll_done
    on_poll_done.append(my_hook)  # my_hook(store, new_article_ids) -> flags

The default hook (dyad.feeds.signals) updates the stories and flags escalation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from dyad.errors import ConfigError, StoreError
from dyad.feeds.config import FeedsConfig
from dyad.feeds.fetch import Fetcher
from dyad.feeds.notify import Flag, Notifier, rule_flags
from dyad.feeds.poll import SourcePoll, poll_source
from dyad.feeds.signals import update_stories_and_flag
from dyad.store import Store
from dyad.store.feeds import FeedState, PollRecord

log = logging.getLogger(__name__)

PollHook = Callable[[Store, list[str]], Iterable[Flag | dict[str, Any]] | None]
# Run after every poll, in order; one that raises is logged and skipped.
on_poll_done: list[PollHook] = [update_stories_and_flag]

_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class PollReport:
    """One poll of every source."""

    started_at: dt.datetime
    sources: list[SourcePoll] = field(default_factory=list)
    flags: list[Flag | dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # callbacks that failed, notifications not sent
    stopped: bool = False  # a stop was asked for before every source was polled

    @property
    def new_article_ids(self) -> list[str]:
        return [article_id for poll in self.sources for article_id in poll.stored_ids]

    @property
    def failed(self) -> list[SourcePoll]:
        return [poll for poll in self.sources if poll.failed]

    def summary(self) -> dict[str, Any]:
        return {"started_at": self.started_at.isoformat(timespec="seconds"), "sources": len(self.sources),
                "failed_sources": [p.source.name for p in self.failed], "new_articles": self.new_article_ids}


def parse_interval(text: str) -> float:
    """Seconds in ``90s``, ``15m``, ``1h``, ``1h30m`` or ``45`` (seconds); ConfigError otherwise."""
    compact = text.strip().lower().replace(" ", "")
    parts = _INTERVAL.findall(compact)
    if not compact or "".join(n + u for n, u in parts) != compact:
        raise ConfigError(f"{text!r} is not an interval such as 90s, 15m, 1h or 1h30m")
    seconds = sum(float(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds <= 0:
        raise ConfigError(f"the interval must be above zero, not {text!r}")
    return seconds


def poll_all(config: FeedsConfig, store: Store, *, workers: int = 1, stop: threading.Event | None = None,
             hooks: Iterable[PollHook] | None = None, transport: httpx.BaseTransport | None = None,
             notify_transport: httpx.BaseTransport | None = None) -> PollReport:
    """Poll each source in turn (a failing one never stops the others), run the hooks, notify."""
    report = PollReport(started_at=_utc_now())
    with Fetcher(config.fetch, transport=transport) as fetcher:
        for source in config.sources:
            if stop is not None and stop.is_set():
                report.stopped = True
                break
            try:
                report.sources.append(poll_source(source, store=store, fetcher=fetcher, workers=workers))
            except StoreError:
                raise
            except Exception as e:  # noqa: BLE001 - one source's bug must not stop the others
                log.exception("%s: internal error", source.name)
                report.sources.append(_internal_failure(store, source, e))
    state = FeedState(store)
    report.flags += rule_flags(state, report.new_article_ids, config.notify)
    for hook in (on_poll_done if hooks is None else hooks):
        try:
            report.flags += list(hook(store, report.new_article_ids) or [])
        except Exception as e:  # noqa: BLE001 - analytics failing must not stop the watch
            log.exception("on_poll_done callback failed")
            report.problems.append(f"callback {getattr(hook, '__name__', hook)!s} failed: {e!r}")
    report.problems += Notifier(config.notify, transport=notify_transport).send(
        report.flags, summary=report.summary())
    return report


def watch(config: FeedsConfig, db: str | Path | None, *, every: float, max_polls: int | None = None,
          stop: threading.Event | None = None, on_report: Callable[[PollReport], None] | None = None,
          **options: Any) -> int:
    """Poll every ``every`` seconds (start to start) until ``stop`` is set or ``max_polls`` are done; the polls made.

    The store is opened for each poll and closed in between, so that readers
    (dyad query, dyad sources) can open it while the watch waits.
    """
    stop = stop or threading.Event()
    polls = 0
    while not stop.is_set():
        started = time.monotonic()
        try:
            with Store(db) as store:
                report = poll_all(config, store, stop=stop, **options)
        except StoreError as e:
            if polls == 0:
                raise  # a database that cannot be used at the start is a mistake to show at once
            # later (another writer holds the lock, a full disk): say so, try again next time
            report = PollReport(started_at=_utc_now(), problems=[f"poll skipped: {e}"])
        polls += 1
        if on_report is not None:
            on_report(report)
        if max_polls is not None and polls >= max_polls:
            break
        # from start to start; a poll longer than the interval is followed at once
        stop.wait(max(0.0, started + every - time.monotonic()))
    return polls


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """SIGINT and SIGTERM set ``stop`` (the poll in hand finishes its source); a second one interrupts."""

    def handle(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _internal_failure(store: Store, source: Any, error: Exception) -> SourcePoll:
    now = _utc_now()
    record = PollRecord(name=source.name, url=source.url, kind=source.kind, outlet=source.outlet,
                        language=source.language, license=source.license, started_at=now, finished_at=now,
                        outcome="failed", error_kind="internal", error=f"internal error: {error!r}")
    FeedState(store).record_poll(record)
    return SourcePoll(source, record)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
