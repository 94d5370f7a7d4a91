"""Telling someone: flagged items go to a webhook (one JSON POST per poll) and
to a log file (one line per item).

Flags come from the rule of the sources file (``[notify] types`` / ``actors``:
new events of those PLOVER types, or with those actor or recipient codes) and
from the callbacks run after each poll (see dyad.feeds.watch.on_poll_done).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from dyad.feeds.config import NotifySettings
from dyad.feeds.fetch import user_agent
from dyad.store.feeds import FeedState
from dyad.version import __version__

log = logging.getLogger(__name__)


@dataclass
class Flag:
    """An item worth telling someone about, and why."""

    reason: str
    article_id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    event_id: str | None = None
    event_type: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    sentence: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rule_flags(state: FeedState, article_ids: list[str], settings: NotifySettings) -> list[Flag]:
    """Events of these articles that the rule of ``settings`` picks out."""
    if not (settings.types or settings.actors):
        return []
    flags = []
    for event in state.events_of(article_ids):
        actors = [ref["code"] for ref in event["actor"]]
        recipients = [ref["code"] for ref in event["recipient"]]
        reasons = []
        if event["type"] in settings.types:
            reasons.append(f"type {event['type']}")
        reasons += [f"actor {code}" for code in settings.actors if code in actors or code in recipients]
        if reasons:
            flags.append(Flag(
                reason=", ".join(reasons), article_id=event["article_id"], title=event["title"], url=event["url"],
                outlet=event["outlet"], published=event["published"], event_id=event["id"],
                event_type=event["type"], actors=actors, recipients=recipients, sentence=event["sentence_text"],
            ))
    return flags


class Notifier:
    """Sends the flags of a poll where ``settings`` says; never raises for a failed send."""

    def __init__(self, settings: NotifySettings, *, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._transport = transport

    def send(self, flags: list[Flag | dict[str, Any]], *, summary: dict[str, Any] | None = None) -> list[str]:
        """Notify of ``flags`` (nothing when there are none); the errors met, as messages."""
        if not flags:
            return []
        records = [flag.to_dict() if isinstance(flag, Flag) else dict(flag) for flag in flags]
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        errors = []
        if self.settings.log is not None:
            errors += self._log(records, now=now)
        if self.settings.webhook:
            errors += self._post({"dyad": __version__, "sent_at": now, "poll": summary or {}, "flags": records})
        for error in errors:
            log.info("notify: %s", error)
        return errors

    def _log(self, records: list[dict[str, Any]], *, now: str) -> list[str]:
        lines = [_log_line(record, now=now) for record in records]
        try:
            self.settings.log.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            with open(self.settings.log, "a", encoding="utf-8") as out:  # type: ignore[arg-type]
                out.writelines(line + "\n" for line in lines)
        except OSError as e:
            return [f"cannot write {self.settings.log}: {e.strerror}"]
        return []

    def _post(self, payload: dict[str, Any]) -> list[str]:
        try:
            with httpx.Client(timeout=self.settings.timeout, transport=self._transport, trust_env=False,
                              headers={"User-Agent": user_agent()}) as client:
                response = client.post(self.settings.webhook,  # type: ignore[arg-type]
                                       content=json.dumps(payload, default=str).encode("utf-8"),
                                       headers={"Content-Type": "application/json"})
        except httpx.HTTPError as e:
            return [f"webhook {self.settings.webhook}: {e or type(e).__name__}"]
        if response.status_code >= 400:
            return [f"webhook {self.settings.webhook}: HTTP {response.status_code}"]
        return []


def _log_line(record: dict[str, Any], *, now: str) -> str:
    """``time  reason  TYPE ACTORS -> RECIPIENTS  article  url  title``, tab-separated, on one line."""
    actors = " ".join(record.get("actors") or []) or "-"
    recipients = " ".join(record.get("recipients") or []) or "-"
    fields = [now, record.get("reason") or "flag", f"{record.get('event_type') or '-'} {actors} -> {recipients}",
              record.get("article_id") or "-", record.get("url") or "-", record.get("title") or "-"]
    return "\t".join(" ".join(str(f).split()) for f in fields)
