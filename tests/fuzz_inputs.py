"""Inputs for the fuzz tests (imported by tests/test_fuzz_*.py): real, openly
licensed articles (demo/articles.jsonl and tests/fixtures, see their SOURCES.md)
and Hypothesis strategies that break them the ways scraped corpora are broken:
truncated, re-encoded, spliced, full of control characters, one enormous line,
HTML nested thousands deep, JSON that does not parse or has the wrong types.

Runs are bounded: ``fuzz_settings(n)`` runs n examples, derandomized so that
``make test`` is repeatable. ``DYAD_FUZZ_EXAMPLES=2000`` runs that many per
test instead, with fresh random seeds: the long run.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEMO = ROOT / "demo" / "articles.jsonl"
LONG_RUN = int(os.environ.get("DYAD_FUZZ_EXAMPLES", "0") or 0)
FORMATS = (None, "text", "html", "jsonl")
ENCODINGS = ("latin-1", "cp1252", "utf-16", "utf-16-le", "utf-8-sig", "utf-32")
# Characters that scraped text carries: controls, zero-width and direction marks, NBSP,
# line and paragraph separators, combining marks, curly quotes, an emoji, a lone BOM.
ODD_CHARS = ("\x01\x02\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\u00a0\u200b\u200d\u200e\u202e\u2028\u2029"
             "\u0301\u0308\ufeff\u201c\u201d\u2019\U0001f600\r\t")


def fuzz_settings(examples: int, **overrides: object) -> settings:
    """``examples`` per test in the normal suite; DYAD_FUZZ_EXAMPLES in a long run."""
    return settings(
        max_examples=LONG_RUN or examples, deadline=None, derandomize=not LONG_RUN, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                               HealthCheck.function_scoped_fixture],
        **overrides,
    )


@cache
def demo_records() -> tuple[dict, ...]:
    return tuple(json.loads(line) for line in DEMO.read_text("utf-8").splitlines() if line.strip())


@cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """(format, bytes) of real files: each fixture, the demo JSONL, and single demo records."""
    found = [("text", (FIXTURES / "whitehouse-readout.txt").read_bytes()),
             ("html", (FIXTURES / "voa-g7.html").read_bytes()),
             ("jsonl", (FIXTURES / "wikinews.jsonl").read_bytes()),
             ("jsonl", DEMO.read_bytes()[:12000].rsplit(b"\n", 1)[0])]
    for record in demo_records()[:4]:
        found.append(("text", record["text"].encode("utf-8")))
        found.append(("jsonl", json.dumps(record, ensure_ascii=False).encode("utf-8")))
    return tuple(found)


def article_texts() -> tuple[str, ...]:
    return tuple(record["text"] for record in demo_records())


# --- byte mutations: each takes a draw function and the bytes --------------------------

def _at(draw, data: bytes) -> int:
    return draw(st.integers(0, len(data)))


def truncate(draw, data: bytes) -> bytes:
    return data[:_at(draw, data)]


def insert_bytes(draw, data: bytes) -> bytes:
    at = _at(draw, data)
    return data[:at] + draw(st.binary(min_size=1, max_size=24)) + data[at:]


def insert_odd_chars(draw, data: bytes) -> bytes:
    at = _at(draw, data)
    chars = draw(st.text(alphabet=ODD_CHARS, min_size=1, max_size=40))
    return data[:at] + chars.encode("utf-8") + data[at:]


def insert_unicode(draw, data: bytes) -> bytes:
    at = _at(draw, data)
    return data[:at] + draw(st.text(min_size=1, max_size=30)).encode("utf-8") + data[at:]


def reencode(draw, data: bytes) -> bytes:
    encoding = draw(st.sampled_from(ENCODINGS))
    return data.decode("utf-8", errors="replace").encode(encoding, errors="replace")


def enormous_line(draw, data: bytes) -> bytes:
    """One line of up to 1.5 MB, some of them past the 1,000,000-character limit."""
    words = draw(st.sampled_from([b"Russia said ", b"x", b"\xd0\x96", b"<b>", b"{\"", b" "]))
    count = draw(st.sampled_from([1_000, 20_000, 120_000, 260_000]))
    at = _at(draw, data)
    return data[:at] + words * count + data[at:]


def nest_html(draw, data: bytes) -> bytes:
    depth = draw(st.sampled_from([50, 300, 1_000, 5_000]))
    tag = draw(st.sampled_from([b"div", b"p", b"span", b"table"]))
    closed = draw(st.booleans())
    body = b"<" + tag + b">"
    return (b"<html><body>" + body * depth + data
            + (b"</" + tag + b">") * (depth if closed else 0) + b"</body></html>")


def nest_json(draw, data: bytes) -> bytes:
    depth = draw(st.sampled_from([10, 1_000, 100_000]))
    return b"[" * depth + data[:200] + b"]" * draw(st.integers(0, depth)) + b"\n" + data


def splice(draw, data: bytes) -> bytes:
    """A stretch of the file copied elsewhere, as when two pages get stuck together."""
    start = _at(draw, data)
    end = draw(st.integers(start, min(len(data), start + 2000)))
    at = _at(draw, data)
    return data[:at] + data[start:end] + data[at:]


def break_json(draw, data: bytes) -> bytes:
    """A JSONL line whose fields have the wrong types, or a record that is not an object."""
    value = draw(st.sampled_from([None, 5, 1e308, True, [], {}, ["a"], {"t": "x"}, "", "\u0000", "2022-13-45",
                                  "9999-99-99T99", "x" * 5000]))
    field = draw(st.sampled_from(["text", "id", "published", "title", "url", "dateline", "license"]))
    record = dict(draw(st.sampled_from(demo_records()[:3])))
    record[field] = value
    line = json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8")
    if draw(st.booleans()):
        line = draw(st.sampled_from([b"[]", b"null", b"\"text\"", b"{\"text\": }", b"{", b"}{", line + b"}"]))
    return data + b"\n" + line + b"\n"


MUTATIONS = (truncate, insert_bytes, insert_odd_chars, insert_unicode, reencode, enormous_line, nest_html,
             nest_json, splice, break_json)


@st.composite
def mutated_inputs(draw, *, mutations=MUTATIONS, max_steps: int = 3) -> tuple[str | None, bytes]:
    """(format given to the reader, bytes): a real article file after 0-3 mutations."""
    fmt, data = draw(st.sampled_from(seeds()))
    for _ in range(draw(st.integers(0, max_steps))):
        data = draw(st.sampled_from(mutations))(draw, data)
    return draw(st.sampled_from((fmt, *FORMATS))), data
