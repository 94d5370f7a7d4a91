"""Evidence text as sets of content words and word shingles, for comparing
two reports: function words and the vocabulary of attribution are left out,
and a light suffix rule lets "talks"/"talk", "shelled"/"shelling" meet."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
# Suffixes stripped from longer words, longest first; short words keep theirs
# so that "news" or "gas" do not lose meaning.
_SUFFIXES = ("ing", "ed", "es", "s")
_MIN_STEM = 4


@lru_cache(maxsize=1)
def ignored_words() -> frozenset[str]:
    """Stopwords and attribution words (``data/analytics``)."""
    folder = resources.files("dyad.data").joinpath("analytics")
    words: set[str] = set()
    for name in ("stopwords.txt", "reporting_words.txt"):
        text = folder.joinpath(name).read_text("utf-8")
        words.update(line.strip().lower() for line in text.splitlines() if line.strip())
    return frozenset(words)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, possessive 's dropped."""
    tokens = []
    for token in _WORD.findall(text.lower()):
        token = re.sub(r"['’]s$", "", token)
        tokens.append(token)
    return tokens


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """The stemmed content words of a text."""
    ignored = ignored_words()
    return frozenset(stem(w) for w in words(text) if w not in ignored and not w.isdigit())


def shingles(text: str, *, size: int = 3) -> set[str]:
    """Word n-grams of a whole text (all words kept), for near-duplicate detection."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
