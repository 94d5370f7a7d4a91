"""Dyadic series count stories (not mentions) per quad class and period; the
escalation flag fires on a spike over a flat baseline and not on noise."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from dyad.analytics.escalation import EscalationParams, escalation, find_spikes
from dyad.analytics.rows import EventRow
from dyad.analytics.series import CONFLICT_QUADS, dyad_series
from dyad.analytics.stories import cluster

SCORES = {"ASSAULT": (4, -9.0), "ACCUSE": (3, -2.0), "CONSULT": (1, 2.5)}


def row(event_id: str, day: str, type_: str, actors: list[str], recipients: list[str], *,
        outlet: str = "AP", location: str | None = None, modality: str = "asserted") -> EventRow:
    quad, score = SCORES[type_]
    return EventRow(event_id=event_id, article_id=event_id.split("-")[0], outlet=outlet,
                    published=day, date=day, type=type_, quad=quad, score=score,
                    actor_codes=actors, recipient_codes=recipients, location=location,
                    modality=modality, sentence=f"{type_} at {location or 'somewhere'}.")


# Tue 18 Jan: one shelling told by three outlets, and an accusation back;
# Wed 19 Jan: a meeting, in an article that recalls (historical) an attack of
# Wed 12 Jan; Wed 26 Jan: another shelling.
ROWS = [
    row("a-1", "2022-01-18", "ASSAULT", ["RUS"], ["UKR"], outlet="AP"),
    row("b-1", "2022-01-18", "ASSAULT", ["RUS"], ["UKR"], outlet="BBC"),
    row("c-1", "2022-01-18", "ASSAULT", ["RUS"], ["UKR"], outlet="DW"),
    row("a-2", "2022-01-18", "ACCUSE", ["UKR"], ["RUS"]),
    row("d-1", "2022-01-19", "CONSULT", ["USA"], ["UKR"]),
    row("d-2", "2022-01-12", "ASSAULT", ["RUS"], ["UKR"], location="Crimea", modality="historical"),
    row("e-1", "2022-01-26", "ASSAULT", ["RUS"], ["UKR"]),
]
STORIES = cluster(ROWS)


def test_series_daily_counts_stories_not_mentions():
    points = dyad_series(STORIES, "RUS", "UKR")
    assert [p.period.isoformat() for p in points][:2] == ["2022-01-18", "2022-01-19"]
    assert len(points) == 9
    first = points[0]
    assert first.counts == {1: 0, 2: 0, 3: 1, 4: 1}
    assert (first.score_sum, first.score_mean) == (-11.0, -5.5)
    assert [p.count for p in points] == [2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert points[1].score_mean is None


@pytest.mark.parametrize("actor, recipient, directed, expected", [
    ("RUS", "UKR", True, [1, 0, 1]),        # only Russia acting on Ukraine
    ("UKR", "RUS", True, [1, 0, 0]),        # only Ukraine's accusation
    ("UKR", None, False, [2, 1, 1]),        # Ukraine with anyone: the meeting too
    ("UKR", "USA", True, [0, 1, 0]),        # a meeting counts both ways
])
def test_series_direction_and_actor_against_all(actor, recipient, directed, expected):
    points = dyad_series(STORIES, actor, recipient, directed=directed,
                         date_from=dt.date(2022, 1, 18), date_to=dt.date(2022, 1, 26))
    by_day = {p.period.isoformat(): p.count for p in points}
    assert [by_day["2022-01-18"], by_day["2022-01-19"], by_day["2022-01-26"]] == expected


def test_series_weekly_and_historical_on_request():
    weekly = dyad_series(STORIES, "RUS", "UKR", freq="week")
    assert [(p.period.isoformat(), p.count) for p in weekly] == [("2022-01-17", 2), ("2022-01-24", 1)]
    with_history = dyad_series(STORIES, "RUS", "UKR", freq="week", modalities=("asserted", "historical"))
    assert [(p.period.isoformat(), p.count) for p in with_history] == [
        ("2022-01-10", 1), ("2022-01-17", 2), ("2022-01-24", 1)]
    assert with_history[0].score_sum == -9.0


def test_series_conflict_quads_only():
    points = dyad_series(STORIES, "UKR", None, quads=CONFLICT_QUADS, freq="week")
    assert [p.counts for p in points][0] == {1: 0, 2: 0, 3: 1, 4: 1}


def test_escalation_spike_over_flat_baseline_is_flagged():
    values, counts = [9.0] * 20 + [45.0, 9.0], [1] * 20 + [5, 1]
    assert [s.index for s in find_spikes(values, counts)] == [20]


@pytest.mark.parametrize("values, counts", [
    ([14.0] * 20 + [21.0], [2] * 20 + [3]),      # one more story than usual
    ([0.0] * 20 + [9.0], [0] * 20 + [1]),        # a single story after quiet
    ([9.0] * 3 + [45.0], [1] * 3 + [5]),         # too little history to judge
])
def test_escalation_small_rises_are_not_flagged(values, counts):
    assert find_spikes(values, counts) == []


@pytest.mark.parametrize("seed", range(5))
def test_escalation_noise_is_not_flagged(seed):
    generator = random.Random(seed)
    counts = [generator.randint(1, 3) for _ in range(90)]
    values = [7.0 * n for n in counts]
    assert find_spikes(values, counts) == []


def test_escalation_days_name_the_stories_that_drove_them():
    start = dt.date(2022, 2, 1)
    rows = [row(f"base{i}-1", (start + dt.timedelta(days=i)).isoformat(), "ACCUSE", ["RUS"], ["UKR"])
            for i in range(20)]
    spike_day = (start + dt.timedelta(days=20)).isoformat()
    rows += [row(f"hit{i}-1", spike_day, "ASSAULT", ["RUS"], ["UKR"], location=town)
             for i, town in enumerate(["Kharkiv", "Mariupol", "Sumy", "Avdiivka"])]
    flagged = escalation(cluster(rows), "UKR", "RUS", date_from=start + dt.timedelta(days=10),
                         date_to=start + dt.timedelta(days=25), params=EscalationParams())
    assert [d.day.isoformat() for d in flagged] == [spike_day]
    assert flagged[0].count == 4 and flagged[0].value == 36.0
    assert {s.canonical.location for s in flagged[0].stories} == {"Kharkiv", "Mariupol", "Sumy", "Avdiivka"}
