"""When do two event mentions report the same happening?

A pairwise test, symmetric and independent of the order rows arrive in, so
that stories (the connected groups of linked mentions) are the same however
the corpus is cut into batches. Every part must agree:

- type: the same PLOVER type, and the same mode where both have one;
- modality: asserted and historical are both "it happened"; future,
  hypothetical and negated mentions only join their own kind;
- dyad: actors overlap and recipients overlap (an empty side is unknown, not
  a conflict), and at least one code is shared (mentions without any code
  are compared to all, on evidence alone); for symmetric types (CONSULT,
  AGREE, COOPERATE) the parties are compared as an unordered set;
- date: the days each mention can have happened on overlap: a precise date
  is that day (widened by ``date_tolerance``); a mention dated only by its
  publication day happened on it or up to ``window`` days before;
- place: two known locations must be the same;
- evidence: unless both dates are the same precise day within one dyad (the
  field's classic one-a-day rule), the sentences must share content words,
  Jaccard >= ``min_similarity``; mentions with no shared actor code need
  ``codeless_similarity``. Within one article, the evidence test is waived
  where both name the actor: an article restating "the talks" means the
  talks it reported, but "an attack on US diplomats" twice by unnamed
  attackers may be two attacks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyad.analytics.evidence import content_words, jaccard
from dyad.analytics.rows import EventRow, parse_day

_FACTUAL = frozenset({"asserted", "historical"})


@dataclass(frozen=True)
class LinkParams:
    """The thresholds of the same-happening test (see docs/analytics.md)."""

    window: int = 1
    date_tolerance: int = 0
    min_similarity: float = 0.1
    codeless_similarity: float = 0.5


@lru_cache(maxsize=1)
def symmetric_types() -> frozenset[str]:
    raw = resources.files("dyad.data").joinpath("analytics", "symmetric_types.json").read_text("utf-8")
    return frozenset(json.loads(raw)["symmetric_types"])


def same_happening(first: EventRow, second: EventRow, *,
                   evidence: tuple[frozenset[str], frozenset[str]] | None = None,
                   params: LinkParams = LinkParams()) -> bool:
    """Whether two mentions report one happening.

    ``evidence`` holds their sentences' content words where the caller has them already.
    """
    if first.event_id == second.event_id:
        return True
    if not (_same_kind(first, second) and dates_compatible(first, second, params=params)):
        return False
    if first.location and second.location and first.location != second.location:
        return False
    shared = dyad_overlap(first, second)
    if shared is None or not shared and has_codes(first) and has_codes(second):
        return False
    if first.article_id == second.article_id and shared and _actor_known(first, second):
        return True
    needed = _needed_similarity(first, second, shared=shared, params=params)
    if needed <= 0:
        return True
    if evidence is None:
        evidence = (content_words(first.sentence), content_words(second.sentence))
    return jaccard(*evidence) >= needed


def _same_kind(first: EventRow, second: EventRow) -> bool:
    if first.type != second.type:
        return False
    if first.mode and second.mode and first.mode != second.mode:
        return False
    return first.modality == second.modality or {first.modality, second.modality} <= _FACTUAL


def _needed_similarity(first: EventRow, second: EventRow, *, shared: bool, params: LinkParams) -> float:
    if not shared:
        return params.codeless_similarity
    if first.precise_date is not None and first.precise_date == second.precise_date:
        return 0.0
    return params.min_similarity


def happening_days(row: EventRow, *, params: LinkParams = LinkParams()) -> tuple[dt.date, dt.date] | None:
    """The first and last day the happening can have been on; None where nothing dates it.

    A precise date is itself (widened by ``date_tolerance``); a mention dated only
    by its article's publication day happened up to ``window`` days before it.
    """
    precise = row.precise_date
    if precise is not None:
        tolerance = dt.timedelta(days=params.date_tolerance)
        return precise - tolerance, precise + tolerance
    published = parse_day(row.published)
    if published is None:
        return None
    return published - dt.timedelta(days=params.window), published


def dates_compatible(first: EventRow, second: EventRow, *, params: LinkParams = LinkParams()) -> bool:
    """Whether the two mentions' possible happening days overlap."""
    a, b = happening_days(first, params=params), happening_days(second, params=params)
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def dyad_overlap(first: EventRow, second: EventRow) -> bool | None:
    """None where the dyads conflict; else whether they share a code."""
    if first.type in symmetric_types():
        return _parties_overlap(first, second)
    actor = _side(first.actor_codes, second.actor_codes)
    recipient = _side(first.recipient_codes, second.recipient_codes)
    if actor is None or recipient is None:
        return None
    return actor or recipient


def _actor_known(first: EventRow, second: EventRow) -> bool:
    """Both name who acted (any party, for symmetric types): enough to trust a restatement."""
    return first.type in symmetric_types() or bool(first.actor_codes and second.actor_codes)


def has_codes(row: EventRow) -> bool:
    return bool(row.actor_codes or row.recipient_codes)


def _side(first: list[str], second: list[str]) -> bool | None:
    if not first or not second:
        return False
    return True if set(first) & set(second) else None


def _parties_overlap(first: EventRow, second: EventRow) -> bool | None:
    a = set(first.actor_codes) | set(first.recipient_codes)
    b = set(second.actor_codes) | set(second.recipient_codes)
    if not a or not b:
        return False
    # Both name two or more parties: two must be shared ("A met B" is not "A met C").
    needed = min(2, len(a), len(b))
    return True if len(a & b) >= needed else None


def day_span(params: LinkParams) -> int:
    """How many days either side of a mention's ``day`` a partner's ``day`` can lie."""
    return params.window + 2 * params.date_tolerance


def days_around(day: dt.date, params: LinkParams) -> list[dt.date]:
    span = day_span(params)
    return [day + dt.timedelta(days=offset) for offset in range(-span, span + 1)]
