"""Stories: the event mentions of many articles that report one happening,
grouped, with a canonical mention and the reach of the reporting.

A story is a connected group of mentions under the pairwise test of
``dyad.analytics.links``. ``StoryIndex.add`` links each new mention to the
earlier ones it could match, found through blocks keyed by (type, day, actor
code), and joins their groups (union-find), so adding a batch never revisits
the corpus and the result is the same however the rows are batched or ordered.
Linked groups that span more days than one happening can are then cut by
their dates (``split_by_dates``), which is a function of the group alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from dyad.analytics.evidence import content_words
from dyad.analytics.links import LinkParams, days_around, happening_days, same_happening
from dyad.analytics.rows import EventRow
from dyad.errors import ConfigError

# Block key parts for mentions without any actor code, and for all mentions.
_CODELESS = ""
_ANY = "*"


@dataclass(frozen=True)
class StoryAssignment:
    """Which story an event mention belongs to: the record the store persists."""

    event_id: str
    story_id: str
    canonical: bool


@dataclass
class Story:
    """One happening and every mention that reports it."""

    id: str
    canonical: EventRow
    events: list[EventRow] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.canonical.type

    @property
    def quad(self) -> int:
        return self.canonical.quad

    @property
    def score(self) -> float:
        return self.canonical.score

    @property
    def day(self) -> dt.date | None:
        return self.canonical.day

    @property
    def articles(self) -> list[str]:
        """Every article with a mention, wire copies included."""
        return sorted({row.article_id for row in self.events})

    @property
    def article_count(self) -> int:
        """Independent reports: articles with wire copies counted once."""
        return len({row.report for row in self.events})

    @property
    def copy_count(self) -> int:
        return len(self.articles) - self.article_count

    @property
    def outlets(self) -> list[str]:
        """The outlets of the independent reports (one per wire copy group)."""
        chosen: dict[str, EventRow] = {}
        for row in sorted(self.events, key=lambda r: (r.article_id != r.report, r.article_id)):
            chosen.setdefault(row.report, row)
        return sorted({row.outlet or row.article_id for row in chosen.values()})

    @property
    def outlet_count(self) -> int:
        return len(self.outlets)

    @property
    def first_report(self) -> str | None:
        days = [row.published for row in self.events if row.published]
        return min(days) if days else None

    @property
    def last_report(self) -> str | None:
        days = [row.published for row in self.events if row.published]
        return max(days) if days else None

    @property
    def reach(self) -> tuple[int, int]:
        return (self.outlet_count, self.article_count)

    def modalities(self) -> set[str]:
        return {row.modality for row in self.events}


def canonical_key(row: EventRow) -> tuple[Any, ...]:
    """Smallest first: asserted, precisely dated, fullest dyad, earliest report, then id."""
    return (row.modality != "asserted", row.precise_date is None,
            -(len(row.actor_codes) + len(row.recipient_codes)), row.published or "9999",
            row.event_id)


class StoryIndex:
    """Event mentions grouped into stories, growing one batch at a time."""

    def __init__(self, *, params: LinkParams | None = None) -> None:
        self.params = params or LinkParams()
        self.rows: dict[str, EventRow] = {}
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._blocks: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self._evidence: dict[str, frozenset[str]] = {}
        self._assigned: dict[str, StoryAssignment] = {}

    def __len__(self) -> int:
        return sum(len(self._stories(root)) for root in self._members)

    def add(self, rows: Iterable[EventRow]) -> list[StoryAssignment]:
        """Assign new mentions to stories; return every assignment that is new or changed.

        A mention already in the index is ignored. Assignments of earlier
        mentions change where a new mention joins two stories into one.
        """
        touched = []
        for row in rows:
            if row.event_id in self.rows:
                continue
            self._insert(row)
            for other in self._candidates(row):
                if self._find(other) != self._find(row.event_id) and self._links(row, other):
                    self._union(row.event_id, other)
            touched.append(row.event_id)
        return self._reassign({self._find(event_id) for event_id in touched})

    def stories(self) -> list[Story]:
        """Every story, largest reach first."""
        stories = [story for root in self._members for story in self._stories(root)]
        return sorted(stories, key=lambda s: (-s.outlet_count, -s.article_count, s.id))

    def story_of(self, event_id: str) -> Story:
        if event_id not in self.rows:
            raise ConfigError(f"event {event_id!r} is not in the story index")
        return next(story for story in self._stories(self._find(event_id))
                    if any(row.event_id == event_id for row in story.events))

    def assignments(self) -> list[StoryAssignment]:
        return sorted(self._assigned.values(), key=lambda a: a.event_id)

    def group_of(self, event_id: str) -> str:
        """A label of the linked group (one or more stories cut by date) an event is in.

        Labels are only stable until the next ``add``; persist them beside the
        assignments so that ``from_assignments`` restores the groups, which a
        later mention may join and cut anew.
        """
        if event_id not in self.rows:
            raise ConfigError(f"event {event_id!r} is not in the story index")
        return self._find(event_id)

    def group_stories(self, event_id: str) -> list[Story]:
        """The stories cut from the linked group an event is in (one, unless dates cut it)."""
        return self._stories(self.group_of(event_id))

    def to_dict(self) -> dict[str, Any]:
        return {"params": asdict(self.params),
                "rows": [row.to_dict() for row in self.rows.values()],
                "assignments": [asdict(a) for a in self.assignments()],
                "groups": {event_id: self._find(event_id) for event_id in self.rows}}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> StoryIndex:
        return cls.from_assignments(
            [EventRow.from_dict(r) for r in record["rows"]],
            [StoryAssignment(**a) for a in record["assignments"]],
            params=LinkParams(**record["params"]), groups=record.get("groups"))

    @classmethod
    def from_assignments(cls, rows: Iterable[EventRow], assignments: Iterable[StoryAssignment], *,
                         params: LinkParams | None = None,
                         groups: Mapping[str, str] | None = None) -> StoryIndex:
        """Rebuild an index from stored rows and their story assignments, without relinking.

        ``groups`` (event id -> ``group_of`` label) restores linked groups that
        span several stories; without it each story is its own group, and a
        later mention that links two stories of one old group cuts only the
        stories it touches.
        """
        index = cls(params=params)
        first_of: dict[str, str] = {}
        by_event = {a.event_id: a for a in assignments}
        for row in rows:
            index._insert(row)
            assignment = by_event.get(row.event_id)
            if assignment is None:
                raise ConfigError(f"event {row.event_id!r} has no story assignment")
            index._union(row.event_id, first_of.setdefault("s:" + assignment.story_id, row.event_id))
            if groups and row.event_id in groups:
                index._union(row.event_id, first_of.setdefault("g:" + groups[row.event_id], row.event_id))
            index._assigned[row.event_id] = assignment
        return index

    def _insert(self, row: EventRow) -> None:
        self.rows[row.event_id] = row
        self._parent[row.event_id] = row.event_id
        self._members[row.event_id] = [row.event_id]
        self._evidence[row.event_id] = content_words(row.sentence)
        for key in self._block_keys(row):
            self._blocks[key].append(row.event_id)

    def _block_keys(self, row: EventRow) -> list[tuple[str, str, str]]:
        if row.day is None:
            return []
        day = row.day.isoformat()
        codes = set(row.actor_codes) | set(row.recipient_codes) or {_CODELESS}
        return [(row.type, day, code) for code in sorted(codes)] + [(row.type, day, _ANY)]

    def _candidates(self, row: EventRow) -> list[str]:
        """Earlier mentions that could match: same type, near day, a shared code or none."""
        if row.day is None:
            return []
        codes = set(row.actor_codes) | set(row.recipient_codes)
        parts = [*sorted(codes), _CODELESS] if codes else [_ANY]
        found: dict[str, None] = {}
        for day in days_around(row.day, self.params):
            for part in parts:
                for other in self._blocks.get((row.type, day.isoformat(), part), ()):
                    if other != row.event_id:
                        found[other] = None
        return list(found)

    def _links(self, row: EventRow, other_id: str) -> bool:
        evidence = (self._evidence[row.event_id], self._evidence[other_id])
        return same_happening(row, self.rows[other_id], evidence=evidence, params=self.params)

    def _find(self, event_id: str) -> str:
        root = event_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[event_id] != root:  # path compression
            self._parent[event_id], event_id = root, self._parent[event_id]
        return root

    def _union(self, first: str, second: str) -> None:
        a, b = self._find(first), self._find(second)
        if a == b:
            return
        if len(self._members[a]) < len(self._members[b]):
            a, b = b, a
        self._parent[b] = a
        self._members[a].extend(self._members.pop(b))

    def _stories(self, root: str) -> list[Story]:
        members = [self.rows[e] for e in self._members[root]]
        return [_story(group) for group in split_by_dates(members, params=self.params)]

    def _reassign(self, roots: set[str]) -> list[StoryAssignment]:
        changed = []
        stories = [story for root in sorted(roots) for story in self._stories(root)]
        for story in stories:
            for row in story.events:
                assignment = StoryAssignment(row.event_id, story.id, row is story.canonical)
                if self._assigned.get(row.event_id) != assignment:
                    self._assigned[row.event_id] = assignment
                    changed.append(assignment)
        return changed


def _story(members: list[EventRow]) -> Story:
    members = sorted(members, key=lambda r: (r.published or "", r.event_id))
    story_id = "story-" + min(row.event_id for row in members)
    return Story(id=story_id, canonical=min(members, key=canonical_key), events=members)


def split_by_dates(rows: list[EventRow], *, params: LinkParams = LinkParams()) -> list[list[EventRow]]:
    """Cut linked mentions into the fewest happenings their dates allow.

    Links chain (Monday's report links Tuesday's, which links Wednesday's), so a
    group of linked mentions can span more days than one happening can. Each
    mention can have happened on an interval of days; the greedy stabbing of
    intervals (earliest last day first) finds the fewest days that every
    mention's interval contains one of, and each such day is one happening.
    """
    spans = {row.event_id: happening_days(row, params=params) for row in rows}
    groups = [[row] for row in rows if spans[row.event_id] is None]
    dated = sorted((row for row in rows if spans[row.event_id] is not None),
                   key=lambda r: (spans[r.event_id][1], spans[r.event_id][0], r.event_id))  # type: ignore[index]
    while dated:
        point = spans[dated[0].event_id][1]  # type: ignore[index]
        groups.append([r for r in dated if spans[r.event_id][0] <= point])  # type: ignore[index]
        dated = [r for r in dated if spans[r.event_id][0] > point]  # type: ignore[index]
    return groups


def cluster(rows: Iterable[EventRow], *, params: LinkParams | None = None) -> list[Story]:
    """Group rows into stories in one go (a fresh ``StoryIndex``)."""
    index = StoryIndex(params=params)
    index.add(rows)
    return index.stories()
