"""A dyad's series as a standalone SVG chart (no plotting library, no fonts to fetch):
cooperation (quad 1-2) above the axis, conflict (quad 3-4) below, escalation flags in red."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from dyad.analytics.store_bridge import FlaggedPoint

WIDTH, HEIGHT, MARGIN = 900, 360, 48
COLOURS = {1: "#4f8fd6", 2: "#1f5fa8", 3: "#e59a4d", 4: "#b8441f"}


def series_svg(points: Sequence[FlaggedPoint], *, title: str) -> str:
    """The chart of ``points`` (one bar per period), labelled with ``title``."""
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    up = max([p.point.counts.get(1, 0) + p.point.counts.get(2, 0) for p in points] + [1])
    down = max([p.point.counts.get(3, 0) + p.point.counts.get(4, 0) for p in points] + [1])
    unit = plot_h / (up + down)
    axis = MARGIN + up * unit
    step = plot_w / max(len(points), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
             f'<title>{escape(title)}</title>', '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{MARGIN}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    for index, flagged in enumerate(points):
        x = MARGIN + index * step
        if flagged.flags:
            days = ", ".join(day.day.isoformat() for day in flagged.flags)
            parts.append(f'<rect x="{x:.1f}" y="{MARGIN}" width="{step:.1f}" height="{plot_h}" '
                         f'fill="#fde2e2"><title>escalation: {days}</title></rect>')
        parts += _bars(flagged, x, step, axis, unit)
    parts.append(f'<line x1="{MARGIN}" y1="{axis:.1f}" x2="{WIDTH - MARGIN}" y2="{axis:.1f}" stroke="#333"/>')
    parts += _labels(points, step, axis)
    parts.append('</svg>')
    return "\n".join(parts) + "\n"


def _bars(flagged: FlaggedPoint, x: float, step: float, axis: float, unit: float) -> list[str]:
    bars, above, below = [], axis, axis
    width = max(step * 0.8, 1.0)
    for quad in (2, 1, 3, 4):
        count = flagged.point.counts.get(quad, 0)
        if not count:
            continue
        height = count * unit
        if quad in (1, 2):
            above -= height
            y = above
        else:
            y = below
            below += height
        bars.append(f'<rect x="{x + step * 0.1:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
                    f'fill="{COLOURS[quad]}"><title>{flagged.point.period}: quad {quad}, {count}</title></rect>')
    return bars


def _labels(points: Sequence[FlaggedPoint], step: float, axis: float) -> list[str]:
    every = max(len(points) // 10, 1)
    labels = [f'<text x="{MARGIN - 6}" y="{axis - 4:.1f}" text-anchor="end">coop</text>',
              f'<text x="{MARGIN - 6}" y="{axis + 12:.1f}" text-anchor="end">conflict</text>']
    for index, flagged in enumerate(points):
        if index % every == 0:
            x = MARGIN + index * step
            labels.append(f'<text x="{x:.1f}" y="{HEIGHT - MARGIN + 16}">{_day(flagged.point.period)}</text>')
    return labels


def _day(period: dt.date) -> str:
    return period.isoformat()
