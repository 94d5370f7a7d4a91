"""Fuzzing the ingestion boundary: whatever bytes come in, read_bytes and
read_inputs yield an Article or an ItemError per item and never raise, and
every Article they yield passes check_text."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dyad.ingest import SUFFIXES, read_bytes, read_inputs
from dyad.ingest.checks import check_text
from dyad.model import Article, ItemError
from fuzz_inputs import fuzz_settings, mutated_inputs, nest_html, nest_json, seeds


def assert_items(items: list) -> None:
    assert items, "every input yields at least one item"
    for item in items:
        assert isinstance(item, Article | ItemError), type(item)
        if isinstance(item, Article):
            assert check_text(item.text, item=item.source or item.id) == item.text
            assert item.id
        else:
            assert item.item and item.message and item.kind


@fuzz_settings(60)
@given(mutated_inputs())
def test_fuzz_ingest_read_bytes_never_raises(sample):
    fmt, data = sample
    assert_items(list(read_bytes(data, item="fuzz", fmt=fmt)))


@fuzz_settings(15)
@given(st.lists(mutated_inputs(max_steps=2), min_size=1, max_size=4),
       st.lists(st.sampled_from(sorted(SUFFIXES)), min_size=4, max_size=4))
def test_fuzz_ingest_read_inputs_never_raises(samples, suffixes):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, ((_, data), suffix) in enumerate(zip(samples, suffixes)):
            path = Path(folder) / f"item{number}{suffix}"
            path.write_bytes(data)
            paths.append(str(path))
        items = list(read_inputs([*paths, folder, str(Path(folder) / "missing.txt")]))
    # Each file once by name and once through its folder, then the missing path.
    assert len(items) >= 2 * len(paths) + 1
    assert_items(items)
    assert items[-1].kind == "missing"


@fuzz_settings(8)
@given(st.data())
def test_fuzz_ingest_deep_nesting_is_an_item_not_a_crash(data):
    """5,000 nested divs, 100,000 nested JSON brackets: read as items, each on its own."""
    fmt, raw = data.draw(st.sampled_from(seeds()))
    nested = data.draw(st.sampled_from([nest_html, nest_json]))(data.draw, raw)
    for given_fmt in (None, "html", "jsonl", "text"):
        assert_items(list(read_bytes(nested, item="nested", fmt=given_fmt)))


def test_issue11_deeply_nested_json_line_is_a_malformed_item():
    """json.loads recurses per bracket: a line of 100,000 '[' raised RecursionError out of read_bytes."""
    good = b'{"id": "ok", "text": "The army of Russia said that it had left the border with Ukraine on Monday."}'
    data = b"[" * 100_000 + b"]" * 100_000 + b"\n" + b'{"text": ' + b"[" * 100_000 + b"\n" + good
    items = list(read_bytes(data, item="deep.jsonl", fmt="jsonl"))
    assert [type(item).__name__ for item in items] == ["ItemError", "ItemError", "Article"]
    assert [item.kind for item in items[:2]] == ["malformed", "malformed"]
    assert "nested too deeply" in items[0].message
    assert items[2].id == "ok"
