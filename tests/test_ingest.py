"""Ingestion: every input kind, and every kind of bad input, item by item."""

from __future__ import annotations

import io
import json

import pytest

from dyad.ingest import read_bytes, read_inputs
from dyad.ingest.text import find_dateline
from dyad.model import Article, ItemError, text_hash
from tests.conftest import FIXTURES


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_ingest_text_file_keeps_text_and_hashes_id():
    path = FIXTURES / "whitehouse-readout.txt"
    article = _one(read_inputs([str(path)], published="2022-02-12"))
    assert isinstance(article, Article)
    assert article.text == path.read_text("utf-8")
    assert article.id == text_hash(article.text)
    assert article.published == "2022-02-12"
    assert article.source == str(path)


def test_ingest_html_takes_main_text_title_and_date():
    article = _one(read_inputs([str(FIXTURES / "voa-g7.html")]))
    assert isinstance(article, Article)
    assert article.title == "G7 urges Russia to accept ceasefire or face further sanctions"
    assert article.published == "2025-03-14"
    assert "Top diplomats from the Group of Seven" in article.text
    assert "Subscribe to our newsletter" not in article.text
    assert "<p>" not in article.text


def test_ingest_html_published_option_overrides_page_date():
    article = _one(read_inputs([str(FIXTURES / "voa-g7.html")], published="2025-03-15"))
    assert article.published == "2025-03-15"


def test_ingest_jsonl_keeps_record_fields():
    articles = list(read_inputs([str(FIXTURES / "wikinews.jsonl")]))
    assert [a.id for a in articles] == ["fa8cc9104eff", "4ad5512fe8af"]
    assert articles[0].published == "2019-06-23"
    assert articles[0].outlet.startswith("Wikinews")
    assert articles[0].url.startswith("https://en.wikinews.org/")


def test_ingest_directory_reads_every_supported_file_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text((FIXTURES / "whitehouse-readout.txt").read_text())
    (tmp_path / "a.jsonl").write_text((FIXTURES / "wikinews.jsonl").read_text())
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = list(read_inputs([str(tmp_path)]))
    assert [type(i) for i in items] == [Article, Article, Article]
    assert items[2].source.endswith("two.txt")


def test_ingest_stdin(monkeypatch):
    data = (FIXTURES / "wikinews.jsonl").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    items = list(read_inputs(["-"]))
    assert [a.id for a in items] == ["fa8cc9104eff", "4ad5512fe8af"]


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "binary"),
        ("Russia and Ukraine held talks in Geneva on Friday about the crisis.".encode("utf-16"), "binary"),
        ("Les ministres se sont réunis à Genève.".encode("latin-1") * 5, "encoding"),
    ],
)
def test_ingest_bad_bytes_give_an_error_record_naming_the_item(data, kind):
    error = _one(read_bytes(data, item="bad.txt", fmt="text"))
    assert isinstance(error, ItemError)
    assert error.kind == kind
    assert error.item == "bad.txt"
    assert str(error).startswith("bad.txt: ")


def test_ingest_malformed_jsonl_line_is_reported_and_others_go_on(tmp_path):
    good = (FIXTURES / "wikinews.jsonl").read_text().splitlines()
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([good[0], '{"id": "x", "text": "unterminated', '[1, 2]', '{"id": "y"}', good[1]]))
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "ItemError", "ItemError", "ItemError", "Article"]
    assert items[1].item == f"{path}:2" and items[1].kind == "malformed"
    assert "no 'text'" in items[3].message


def test_ingest_huge_text_is_refused_without_reading_it_into_nlp(tmp_path):
    path = tmp_path / "huge.txt"
    sentence = "Russian forces shelled the city of Kharkiv again on Tuesday, officials said. "
    path.write_text(sentence * (20_000_000 // len(sentence)))
    error = _one(read_inputs([str(path)]))
    assert isinstance(error, ItemError) and error.kind == "too_large"
    assert "over the limit" in error.message


def test_ingest_non_english_text_is_refused():
    error = _one(read_inputs([str(FIXTURES / "non-english.txt")]))
    assert isinstance(error, ItemError) and error.kind == "language"
    assert "English" in error.message


def test_ingest_missing_path_is_an_error_record():
    error = _one(read_inputs(["/nonexistent/article.txt"]))
    assert isinstance(error, ItemError) and error.kind == "missing"


def test_ingest_jsonl_invalid_published_date_becomes_unknown():
    line = json.dumps({"id": "d1", "published": "last Tuesday",
                       "text": (FIXTURES / "whitehouse-readout.txt").read_text()})
    article = _one(read_bytes(line.encode(), item="x.jsonl", fmt="jsonl"))
    assert isinstance(article, Article) and article.published is None


@pytest.mark.parametrize(
    "text, place",
    [
        ("GENEVA — The top U.S. and Russian diplomats met.", "Geneva"),
        ("WASHINGTON (AP) — President Biden spoke today.", "Washington"),
        ("KYIV, Ukraine -- Shelling continued overnight.", "Kyiv"),
        ("The top U.S. and Russian diplomats met in Geneva.", None),
        ("NATO allies met on Friday - and agreed to little.", None),
    ],
)
def test_ingest_dateline(text, place):
    assert find_dateline(text) == place
