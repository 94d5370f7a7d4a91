"""Plain text files: the text as it is, with a leading dateline recognised."""

from __future__ import annotations

import re

from dyad.model import Article

# "GENEVA —", "WASHINGTON (AP) —", "KYIV, Ukraine -- ": capitals, optional
# agency in brackets, then a dash.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,30}[A-Z.](?:,\s*[A-Z][A-Za-z.' ]{1,30})?)"
    r"\s*(?:\([^)\n]{1,30}\))?\s*(?:—|–|--|-)\s"
)


def dateline_match(text: str) -> re.Match[str] | None:
    """A leading dateline ("GENEVA —"); its group ``place`` holds the place as written."""
    return _DATELINE.match(text)


def find_dateline(text: str) -> str | None:
    """The place of a leading dateline ("GENEVA —"), title-cased, or None."""
    match = dateline_match(text)
    if not match:
        return None
    return match.group("place").split(",")[0].strip().title()


def article_from_text(
    text: str, *, source: str, published: str | None = None, title: str | None = None
) -> Article:
    return Article(
        text=text,
        title=title,
        published=published,
        dateline=find_dateline(text),
        source=source,
    )
