"""Analysis over coded events: stories, wire copies, dyadic series, escalation signals, briefs."""

from dyad.analytics.brief import brief
from dyad.analytics.dedup import WireIndex, find_copies
from dyad.analytics.escalation import EscalationDay, EscalationParams, escalation, find_spikes
from dyad.analytics.links import LinkParams, same_happening
from dyad.analytics.results import read_results
from dyad.analytics.rows import (
    EventRow,
    QuoteRow,
    quotes_from_results,
    row_from_record,
    rows_from_results,
)
from dyad.analytics.series import SeriesPoint, dyad_series
from dyad.analytics.stories import Story, StoryAssignment, StoryIndex, cluster

__all__ = [
    "EscalationDay", "EscalationParams", "EventRow", "LinkParams", "QuoteRow", "SeriesPoint",
    "Story", "StoryAssignment", "StoryIndex", "WireIndex", "brief", "cluster", "dyad_series",
    "escalation", "find_copies", "find_spikes", "quotes_from_results", "read_results",
    "row_from_record", "rows_from_results", "same_happening",
]
