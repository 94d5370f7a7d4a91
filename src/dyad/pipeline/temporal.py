"""Temporal expressions: find them in a parsed text and resolve each against a
publication date to a day, a month or a year.

Our own patterns (built from ``data/dates/temporal.json``) find weekdays,
"Jan. 18", "last week", "two years ago", "in 2014" ...; spaCy's DATE entities
add what they miss, and those are read by ``dateparser`` on the entity text
alone (never on running text, where it takes "we" or "may" for dates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from dyad.pipeline.doc_text import doc_text


@dataclass(frozen=True)
class Expression:
    """A temporal expression: where it is, what it says, and its parsed parts."""

    start: int
    end: int
    text: str
    kind: str  # weekday | dayword | relative | ago | date | monthref | year | anaphoric | other
    parts: tuple[tuple[str, str], ...] = field(default=())

    def part(self, name: str) -> str | None:
        return dict(self.parts).get(name)


@dataclass(frozen=True)
class ResolvedDate:
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year


@lru_cache(maxsize=1)
def lexicon() -> dict:
    text = resources.files("dyad.data").joinpath("dates/temporal.json").read_text("utf-8")
    return json.loads(text)


def _alternation(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern]]:
    """(kind, compiled pattern) pairs, most specific first."""
    lex = lexicon()
    month = "(?P<month>" + _alternation(m.capitalize() for m in lex["months"]) + r")\.?"
    weekday = "(?P<weekday>" + _alternation(w.capitalize() for w in lex["weekdays"]) + ")"
    marker = "(?P<marker>" + _alternation(
        lex["past_markers"] + lex["future_markers"] + lex["present_markers"]) + ")"
    number = r"(?P<number>\d+|" + _alternation(lex["number_words"]) + ")"
    unit = "(?P<unit>" + _alternation(lex["units"]) + ")"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>1[89]\d\d|20\d\d)"
    parts = "(?:\\s+(?P<part>" + _alternation(lex["day_parts"]) + "))?"
    anaphor = "(?P<anaphor>" + _alternation(lex["anaphoric_determiners"]) + ")"
    raw = [
        # "that September", "the same year": the year of the last date before
        ("anaphoric", rf"(?i:\b{anaphor}\s+)(?:{month}(?!\w)|(?i:(?P<yearword>year)\b))"),
        ("date", rf"\b{month}\s+{day}\b(?:,?\s+{year}\b)?"),
        ("date", rf"\b{day}\s+(?:of\s+)?{month}(?:,?\s+{year}\b)?"),
        ("monthref", rf"\b{month}\s+(?:of\s+)?(?:{year}\b|(?P<ofmarker>this|last|next)\s+year\b)"),
        ("monthref", rf"(?i:\b{marker}\s+){month}\b"),
        ("weekday", rf"(?i:\b(?:{marker}\s+)?){weekday}(?:'s)?(?i:{parts})\b"),
        ("ago", rf"(?i:\b{number}\s+{unit}\s+ago\b)"),
        ("relative", rf"(?i:\b{marker}\s+{unit}\b)"),
        ("dayword", r"(?i:\b(?P<dayword>" + _alternation(lex["day_offsets"]) + r")\b)"),
        ("monthref", rf"(?i:\b(?:in|since|during|until|by|early|late|mid-?)\s+){month}(?!\s*\d)\b"),
        ("year", rf"(?i:\b(?:in|since|during|of|by|until|from|early|late|mid-?)\s+){year}\b"),
    ]
    return [(kind, re.compile(pattern)) for kind, pattern in raw]


def find_expressions(doc: Doc) -> list[Expression]:
    """Every temporal expression of the text, in order, without overlaps."""
    found: list[Expression] = []
    taken: list[tuple[int, int]] = []
    text = doc_text(doc)
    for kind, pattern in patterns():
        for match in pattern.finditer(text):
            start, end = _core_span(match, kind)
            if any(start < e and s < end for s, e in taken):
                continue
            parts = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
            found.append(Expression(start, end, text[start:end], kind, parts))
            taken.append((start, end))
    for ent in doc.ents:
        if ent.label_ == "DATE" and not any(ent.start_char < e and s < ent.end_char
                                            for s, e in taken):
            found.append(Expression(ent.start_char, ent.end_char, ent.text, "other"))
    return _anchor_anaphors(sorted(found, key=lambda x: x.start))


def _anchor_anaphors(found: list[Expression]) -> list[Expression]:
    """ "That September" takes the year of the last expression before it that
    names one (a month of that year, or the year itself); with none it is dropped."""
    anchored = []
    year = None
    for expr in found:
        if expr.kind == "anaphoric":
            if year is not None:
                kind = "monthref" if expr.part("month") else "year"
                anchored.append(Expression(expr.start, expr.end, expr.text, kind,
                                           expr.parts + (("year", year),)))
            continue
        if expr.part("year"):
            year = expr.part("year")
        anchored.append(expr)
    return anchored


def _core_span(match: re.Match, kind: str) -> tuple[int, int]:
    """The expression without a leading preposition ("in 2014" -> "2014")."""
    if kind == "year":
        return match.start("year"), match.end()
    if kind == "monthref" and match.group("month") and not match.groupdict().get("marker") \
            and match.group(0)[:1].islower():
        return match.start("month"), match.end()
    return match.start(), match.end()


def resolve(expr: Expression, published: dt.date | None, *,
            future: bool = False, past: bool = False) -> ResolvedDate | None:
    """The date an expression names, or None where it names none (a duration)
    or needs a publication date that is unknown."""
    if expr.kind in ("date", "monthref", "year") and expr.part("year"):
        return _absolute(expr)
    if published is None:
        return _absolute(expr) if expr.kind == "other" else None
    resolver = _RESOLVERS[expr.kind]
    return resolver(expr, published, future, past)


def points_ahead(expr: Expression, published: dt.date | None, *, future: bool = False) -> bool:
    """Whether an expression names a time after the publication day ("next
    week", "this weekend" in a weekday article, "tomorrow", "Feb. 10" in January)."""
    if published is None:
        return False
    unit = (expr.part("unit") or "").lower()
    if expr.kind == "relative":
        step = _direction(expr.part("marker").lower())
        return step > 0 or (step == 0 and unit == "weekend" and published.weekday() < 5)
    if expr.kind == "dayword":
        return lexicon()["day_offsets"][expr.part("dayword").lower()] > 0
    resolved = resolve(expr, published, future=future)
    if resolved is None:
        return False
    return resolved.value > published.isoformat()[:len(resolved.value)]


def _absolute(expr: Expression) -> ResolvedDate | None:
    year = expr.part("year")
    if expr.kind == "year":
        return ResolvedDate(year, "year")
    if expr.kind in ("date", "monthref"):
        month = lexicon()["months"][expr.part("month").lower()]
        if expr.kind == "monthref":
            return ResolvedDate(f"{year}-{month:02d}", "month")
        return _day(int(year), month, int(expr.part("day")))
    return _parsed(expr.text, None, False)


def _day(year: int, month: int, day: int) -> ResolvedDate | None:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return ResolvedDate(f"{year}-{month:02d}-{day:02d}", "day")


def _weekday(expr, published, future, past):
    target = lexicon()["weekdays"].index(expr.part("weekday").lower())
    marker = (expr.part("marker") or "").lower()
    lex = lexicon()
    if marker in lex["future_markers"] or (future and marker not in lex["past_markers"]):
        ahead = (target - published.weekday()) % 7
        if marker in lex["future_markers"] and ahead == 0:
            ahead = 7
        return ResolvedDate((published + dt.timedelta(days=ahead)).isoformat(), "day")
    back = (published.weekday() - target) % 7
    if marker in lex["past_markers"] and back == 0:
        back = 7
    return ResolvedDate((published - dt.timedelta(days=back)).isoformat(), "day")


def _dayword(expr, published, future, past):
    offset = lexicon()["day_offsets"][expr.part("dayword").lower()]
    return ResolvedDate((published + dt.timedelta(days=offset)).isoformat(), "day")


def _shift(published: dt.date, unit: str, amount: int) -> ResolvedDate:
    """The publication date moved by whole units, at the precision a unit allows."""
    if unit == "day":
        return ResolvedDate((published + dt.timedelta(days=amount)).isoformat(), "day")
    if unit == "week":
        moved = published + dt.timedelta(days=7 * amount)
        return ResolvedDate(f"{moved.year}-{moved.month:02d}", "month")
    if unit == "month":
        index = published.year * 12 + published.month - 1 + amount
        return ResolvedDate(f"{index // 12}-{index % 12 + 1:02d}", "month")
    return ResolvedDate(str(published.year + amount), "year")


def _direction(marker: str) -> int:
    lex = lexicon()
    if marker in lex["past_markers"]:
        return -1
    return 1 if marker in lex["future_markers"] else 0


def _relative(expr, published, future, past):
    unit = lexicon()["units"][expr.part("unit").lower()]
    return _shift(published, unit, _direction(expr.part("marker").lower()))


def _ago(expr, published, future, past):
    number = expr.part("number").lower()
    amount = int(number) if number.isdigit() else lexicon()["number_words"][number]
    unit = lexicon()["units"][expr.part("unit").lower()]
    if amount > _MAX_AGO.get(unit, 0):  # "2,000 years ago" is history, not a date we write
        return None
    if unit == "week":
        return _shift(published, "day", -7 * amount)
    return _shift(published, unit, -amount)


_MAX_AGO = {"day": 366, "week": 104, "month": 120, "year": 200}


def _date(expr, published, future, past):
    month = lexicon()["months"][expr.part("month").lower()]
    day = int(expr.part("day"))
    candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                  if (d := _safe_date(y, month, day)) is not None]
    if not candidates:
        return None
    chosen = _nearest(candidates, published, future, past)
    return ResolvedDate(chosen.isoformat(), "day")


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def _nearest(candidates: list[dt.date], published: dt.date, future: bool,
             past: bool) -> dt.date:
    """The candidate nearest publication, on the side the tense points to."""
    if future:
        ahead = [d for d in candidates if d >= published]
        candidates = ahead or candidates
    elif past:
        behind = [d for d in candidates if d <= published]
        candidates = behind or candidates
    return min(candidates, key=lambda d: abs((d - published).days))


def _monthref(expr, published, future, past):
    month = lexicon()["months"][expr.part("month").lower()]
    marker = (expr.part("marker") or expr.part("ofmarker") or "").lower()
    if expr.part("ofmarker"):
        year = published.year + _direction(marker)
        return ResolvedDate(f"{year}-{month:02d}", "month")
    step = _direction(marker)
    firsts = [dt.date(published.year + k, month, 1) for k in (-1, 0, 1)]
    this_month = dt.date(published.year, published.month, 1)
    if step < 0:
        chosen = max(d for d in firsts if d < this_month)
    elif step > 0:
        chosen = min(d for d in firsts if d > this_month)
    else:
        chosen = _nearest(firsts, this_month, future, past)
    return ResolvedDate(f"{chosen.year}-{chosen.month:02d}", "month")


def _other(expr, published, future, past):
    return _parsed(expr.text, published, future)


@lru_cache(maxsize=4096)  # asked again for each event of the article; dateparser is slow
def _parsed(text: str, published: dt.date | None, future: bool) -> ResolvedDate | None:
    """dateparser on an entity's text, only where it names a month or a year
    (durations such as "90-minute" are not dates)."""
    months = lexicon()["months"]
    words = re.findall(r"[A-Za-z]+", text.lower())
    has_year = re.search(r"\b(1[89]\d\d|20\d\d)\b", text) is not None
    if not has_year and not any(w in months for w in words if w != "may"):
        return None
    if published is None and not has_year:
        return None
    data = _parser(published, future).get_date_data(text)
    if data.date_obj is None:
        return None
    date = data.date_obj.date()
    if data.period == "year":
        return ResolvedDate(str(date.year), "year")
    if data.period in ("month", "week"):
        return ResolvedDate(f"{date.year}-{date.month:02d}", "month")
    return ResolvedDate(date.isoformat(), "day")


@lru_cache(maxsize=64)
def _parser(published: dt.date | None, future: bool):
    from dateparser.date import (
        DateDataParser,  # slow import: only where an entity needs it
    )

    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time())
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "future" if future else "past",
        "PREFER_DAY_OF_MONTH": "first"})


_RESOLVERS = {
    "weekday": _weekday, "dayword": _dayword, "relative": _relative, "ago": _ago,
    "date": _date, "monthref": _monthref, "year": lambda e, p, f, pa: _absolute(e),
    "other": _other,
}
