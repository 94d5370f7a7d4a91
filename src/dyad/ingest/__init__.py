"""Ingestion: files, directories and stdin to Articles. Knows formats, never NLP.

``read_inputs`` yields an Article or an ItemError for every item, in input
order, and never stops at a bad one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from dyad.errors import InputError
from dyad.ingest.checks import MAX_CHARS, check_text, decode
from dyad.ingest.html import article_from_html
from dyad.ingest.jsonl import articles_from_jsonl
from dyad.ingest.text import article_from_text
from dyad.model import Article, ItemError

__all__ = ["read_inputs", "read_bytes", "SUFFIXES"]

SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
# Stop reading a file past this size: a corpus file can be large, an article cannot.
MAX_FILE_BYTES = 512 * 1024 * 1024


def read_inputs(
    inputs: Iterable[str], *, published: str | None = None, max_chars: int = MAX_CHARS
) -> Iterator[Article | ItemError]:
    """Articles from paths, directories (recursively, sorted) and ``-`` (stdin)."""
    for name in inputs:
        if name == "-":
            yield from read_bytes(sys.stdin.buffer.read(), item="<stdin>", fmt=None,
                                  published=published, max_chars=max_chars)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield ItemError(name, "directory holds no .txt, .html or .jsonl files", "empty")
            for file in files:
                yield from _read_file(file, published=published, max_chars=max_chars)
        elif path.is_file():
            yield from _read_file(path, published=published, max_chars=max_chars)
        else:
            yield ItemError(name, "no such file or directory", "missing")


def _read_file(path: Path, *, published: str | None, max_chars: int) -> Iterator[Article | ItemError]:
    item = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            yield ItemError(item, f"file of {size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit", "too_large")
            return
        data = path.read_bytes()
    except OSError as e:
        yield ItemError(item, f"cannot read: {e.strerror}", "unreadable")
        return
    yield from read_bytes(data, item=item, fmt=SUFFIXES.get(path.suffix.lower()),
                          published=published, max_chars=max_chars)


def read_bytes(
    data: bytes, *, item: str, fmt: str | None, published: str | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article | ItemError]:
    """Articles from the bytes of one file or stream; ``fmt`` None guesses it."""
    try:
        text = decode(data, item=item)
    except InputError as e:
        yield ItemError(e.item, e.reason, e.kind)
        return
    fmt = fmt or _guess_format(text)
    if fmt == "jsonl":
        produced = articles_from_jsonl(text, source=item, published=published)
    else:
        produced = iter([_single(text, item=item, fmt=fmt, published=published)])
    for article in produced:
        if isinstance(article, InputError):
            yield ItemError(article.item, article.reason, article.kind)
            continue
        try:
            check_text(article.text, item=article.source or item, max_chars=max_chars)
        except InputError as e:
            yield ItemError(e.item, e.reason, e.kind)
            continue
        yield article


def _single(text: str, *, item: str, fmt: str, published: str | None) -> Article | InputError:
    try:
        if fmt == "html":
            return article_from_html(text, source=item, published=published)
        return article_from_text(text, source=item, published=published)
    except InputError as e:
        return e


def _guess_format(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith("<!doctype html") or head.startswith("<html") or "<body" in text[:5000].lower():
        return "html"
    return "text"
