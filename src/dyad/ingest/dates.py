"""Publication dates of input records, normalised to YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt


def normalise_date(value: object) -> str | None:
    """``2022-01-21``, ``2022-01-21T10:00:00Z`` or a date object to ``2022-01-21``;
    None for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return None
