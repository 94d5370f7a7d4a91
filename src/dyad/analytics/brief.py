"""A Markdown brief of a period: the stories most widely reported, what each
actor said, whose relations changed tone, and where conflict escalated.

Every line points back at its evidence: a story shows its canonical sentence
and the outlet and address of the report it comes from.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dyad.analytics.escalation import EscalationDay, escalation
from dyad.analytics.rows import EventRow, QuoteRow, as_date
from dyad.analytics.series import CONFLICT_QUADS, DEFAULT_MODALITIES, involves
from dyad.analytics.stories import Story, StoryIndex, cluster


@dataclass
class ToneShift:
    """A dyad's mean PLOVER score in the first and the second half of a period."""

    dyad: tuple[str, str]
    before: float
    after: float
    count_before: int
    count_after: int

    @property
    def change(self) -> float:
        return self.after - self.before


def brief(source: StoryIndex | Iterable[EventRow] | Iterable[Story], date_from: dt.date | str,
          date_to: dt.date | str, *,
          actor: str | None = None, quotes: Iterable[QuoteRow] = (), top: int = 5,
          quotes_per_actor: int = 3) -> str:
    """The brief of a period as Markdown.

    Args:
        source: a story index, stories, or event rows to cluster into stories first.
        date_from, date_to: the period, inclusive (dates or YYYY-MM-DD strings).
        actor: only stories, quotes and dyads involving this actor code.
        quotes: quote rows to pick key quotes from.
        top: how many stories, speakers and dyads each section lists at most.
        quotes_per_actor: how many quotes each speaker gets at most.
    """
    date_from, date_to = as_date(date_from), as_date(date_to)
    stories = _stories_of(source)
    period = [s for s in stories if s.day is not None and date_from <= s.day <= date_to
              and s.canonical.modality in DEFAULT_MODALITIES
              and (actor is None or involves(s, actor))]
    title = f"# Brief: {date_from.isoformat()} to {date_to.isoformat()}"
    if actor:
        title += f" ({actor})"
    sections = [
        title,
        f"{_count(len(period), 'story', 'stories')} from "
        f"{_count(len({r.report for s in period for r in s.events}), 'report')}.",
        _top_stories_section(period, top=top),
        _material_section(period),
        _quotes_section(list(quotes), date_from, date_to, actor=actor, top=top,
                        per_actor=quotes_per_actor),
        _tone_section(tone_shifts(period, date_from, date_to, actor=actor)[:top]),
        _escalation_section(escalations(stories, period, date_from, date_to)),
    ]
    return "\n\n".join(sections) + "\n"


# Material cooperation and conflict: what was done, not only said.
MATERIAL_QUADS = (2, 4)


def widest_by_type(stories: Iterable[Story]) -> list[Story]:
    """The widest-reaching story of each material type (sanctions, attacks, mobilisations,
    aid ...), gravest type first: a single wide story must not hide the other kinds of acts."""
    best: dict[str, Story] = {}
    for story in top_stories(stories, top=None):
        if story.quad in MATERIAL_QUADS:
            best.setdefault(story.type, story)
    return sorted(best.values(), key=lambda s: (s.score, s.type))


def _material_section(stories: list[Story]) -> str:
    lines = ["## What was done, by kind", "The widest story of each kind of material act in the period."]
    for story in widest_by_type(stories):
        row = story.canonical
        dyad = ", ".join(row.actor_codes) or "?"
        if row.recipient_codes:
            dyad += " → " + ", ".join(row.recipient_codes)
        lines.append(f"- **{story.type}** ({dyad}, {_day(story.day)}, {_count(story.outlet_count, 'outlet')}): "
                     f"{_one_line(row.sentence)} ({row.outlet or 'unknown outlet'}, {row.url or row.article_id})")
    if len(lines) == 2:
        lines.append("No material acts in this period.")
    return "\n\n".join(lines)


def _stories_of(source: StoryIndex | Iterable[EventRow] | Iterable[Story]) -> list[Story]:
    if isinstance(source, StoryIndex):
        return source.stories()
    items = list(source)
    if all(isinstance(item, Story) for item in items):
        return items  # type: ignore[return-value]
    return cluster(item for item in items if isinstance(item, EventRow))


def top_stories(stories: Iterable[Story], *, top: int | None = 5) -> list[Story]:
    """Widest reach first: distinct outlets, then independent reports, then gravity (all where top is None)."""
    return sorted(stories, key=lambda s: (-s.outlet_count, -s.article_count, -abs(s.score), s.id))[:top]


def _top_stories_section(stories: list[Story], *, top: int) -> str:
    lines = ["## Top stories"]
    for rank, story in enumerate(top_stories(stories, top=top), start=1):
        row = story.canonical
        actors = ", ".join(row.actor_names or row.actor_codes) or "?"
        recipients = ", ".join(row.recipient_names or row.recipient_codes)
        dyad = f"{actors} → {recipients}" if recipients else actors
        mode = f" ({row.mode})" if row.mode else ""
        lines += [
            f"### {rank}. {story.type}{mode}: {dyad}, {_day(story.day)}",
            f"> {_one_line(row.sentence)}",
            f"Source: {row.outlet or 'unknown outlet'}, {row.url or row.article_id}",
            f"Reach: {_count(story.outlet_count, 'outlet')}, {_count(story.article_count, 'report')}"
            + (f" (+{_count(story.copy_count, 'wire copy', 'wire copies')})" if story.copy_count else "")
            + f"; first {story.first_report or '?'}, last {story.last_report or '?'}; "
            f"score {story.score:+g}",
        ]
    if len(lines) == 1:
        lines.append("No stories in this period.")
    return "\n\n".join(lines)


def key_quotes(quotes: list[QuoteRow], date_from: dt.date, date_to: dt.date, *,
               actor: str | None = None) -> dict[str, list[tuple[QuoteRow, int]]]:
    """Quotes per speaker code, each with the number of independent reports that carried it,
    the most widely carried first."""
    carried: dict[tuple[str, str], dict[str, QuoteRow]] = defaultdict(dict)
    for quote in quotes:
        if (quote.speaker_code is None or quote.day is None
                or not date_from <= quote.day <= date_to
                or (actor is not None and quote.speaker_code != actor)):
            continue
        key = (quote.speaker_code, " ".join(quote.text.lower().split()))
        carried[key].setdefault(quote.copy_of or quote.article_id, quote)
    by_speaker: dict[str, list[tuple[QuoteRow, int]]] = defaultdict(list)
    for (code, _), reports in carried.items():
        first = min(reports.values(), key=lambda q: (q.published or "", q.article_id))
        by_speaker[code].append((first, len(reports)))
    for entries in by_speaker.values():
        entries.sort(key=lambda e: (-e[1], -len(e[0].text), e[0].article_id))
    return dict(sorted(by_speaker.items(), key=lambda kv: (-sum(n for _, n in kv[1]), kv[0])))


def _quotes_section(quotes: list[QuoteRow], date_from: dt.date, date_to: dt.date, *,
                    actor: str | None, top: int, per_actor: int) -> str:
    lines = ["## Key quotes"]
    for code, entries in itertools.islice(key_quotes(quotes, date_from, date_to, actor=actor).items(), top):
        name = entries[0][0].speaker_name or code
        lines.append(f"### {name} ({code})")
        for quote, reports in entries[:per_actor]:
            lines.append(f"- “{_one_line(quote.text)}” — {quote.outlet or 'unknown outlet'}, "
                         f"{quote.url or quote.article_id}, {quote.published or '?'}"
                         + (f" ({reports} reports)" if reports > 1 else ""))
    if len(lines) == 1:
        lines.append("No attributed quotes in this period.")
    return "\n\n".join(lines)


def tone_shifts(stories: Iterable[Story], date_from: dt.date, date_to: dt.date, *,
                actor: str | None = None) -> list[ToneShift]:
    """Dyads reported in both halves of the period, largest change of mean score first."""
    middle = date_from + (date_to - date_from) // 2
    halves: dict[tuple[str, str], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for story in stories:
        if story.day is None:
            continue
        for dyad in _dyads(story):
            if actor is None or actor in dyad:
                halves[dyad][story.day > middle].append(story.score)
    shifts = [ToneShift(dyad, statistics.fmean(a), statistics.fmean(b), len(a), len(b))
              for dyad, (a, b) in halves.items() if a and b]
    return sorted(shifts, key=lambda t: (-abs(t.change), t.dyad))


def _dyads(story: Story) -> set[tuple[str, str]]:
    actors = {c for row in story.events for c in row.actor_codes}
    recipients = {c for row in story.events for c in row.recipient_codes}
    return {(min(a, r), max(a, r)) for a in actors for r in recipients if a != r}


def _tone_section(shifts: list[ToneShift]) -> str:
    lines = ["## Tone shifts", "Mean PLOVER score per dyad, first half of the period against the second."]
    if not shifts:
        return "\n\n".join([*lines, "No dyad was reported in both halves."])
    table = ["| dyad | first half | second half | change |", "|---|---|---|---|"]
    table += [f"| {a}–{b} | {s.before:+.1f} ({s.count_before}) | {s.after:+.1f} ({s.count_after}) "
              f"| {s.change:+.1f} |" for s, (a, b) in ((s, s.dyad) for s in shifts)]
    return "\n\n".join([*lines, "\n".join(table)])


def escalations(stories: list[Story], period: list[Story], date_from: dt.date,
                date_to: dt.date) -> list[tuple[tuple[str, str], EscalationDay]]:
    """Flagged days of every dyad with conflict stories in the period, by day."""
    dyads = sorted({d for s in period if s.quad in CONFLICT_QUADS for d in _dyads(s)})
    flagged = [(dyad, day) for dyad in dyads
               for day in escalation(stories, dyad[0], dyad[1], date_from=date_from, date_to=date_to)]
    return sorted(flagged, key=lambda f: (f[1].day, f[0]))


def _escalation_section(flagged: list[tuple[tuple[str, str], EscalationDay]]) -> str:
    lines = ["## Escalation signals"]
    for (a, b), day in flagged:
        driver = day.stories[0].canonical
        lines.append(f"- {day.day.isoformat()} {a}–{b}: conflict {day.value:.1f} over "
                     f"{day.count} stories against a baseline of {day.baseline_mean:.1f} "
                     f"(threshold {day.threshold:.1f}); gravest: “{_one_line(driver.sentence)}” "
                     f"({driver.outlet or 'unknown outlet'}, {driver.url or driver.article_id})")
    if len(lines) == 1:
        lines.append("No dyad's conflict rose beyond its recent baseline.")
    return "\n\n".join(lines)


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else "undated"
