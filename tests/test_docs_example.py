"""examples/worked_example.py runs on the demo articles and reports what the store holds."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "worked_example.py"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[dict[str, Any], Path]:
    """The example's JSON report and the database it kept (one run for the module)."""
    tmp = tmp_path_factory.mktemp("example")
    db = tmp / "demo.duckdb"
    result = subprocess.run([sys.executable, str(EXAMPLE), "--db", str(db), "--json"],
                            cwd=tmp, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), db


def test_docs_example_figures_match_the_store(demo_run):
    report, db = demo_run
    con = duckdb.connect(str(db), read_only=True)
    try:
        def one(sql: str) -> int:
            return con.execute(sql).fetchone()[0]

        demo_lines = [line for line in (ROOT / "demo" / "articles.jsonl").read_text("utf-8").splitlines() if line]
        assert report["articles"] == one("SELECT count(*) FROM articles") == len(demo_lines)
        assert report["events"] == one("SELECT count(*) FROM events") > 0
        assert report["quotes"] == one("SELECT count(*) FROM quotes") > 0
        assert report["stories"] == one("SELECT count(*) FROM stories") > 0
        assert sum(report["quad"].values()) == report["events"]
        assert sum(report["modality"].values()) == report["events"]
        assert report["modality"]["asserted"] == one("SELECT count(*) FROM events WHERE modality = 'asserted'")
        top = report["dyads"][0]
        assert top["events"] == one(
            "SELECT count(DISTINCT (e.article_id, e.id)) FROM events e "
            "JOIN event_actors a ON a.article_id = e.article_id AND a.event_id = e.id AND a.role = 'actor' "
            "JOIN event_actors r ON r.article_id = e.article_id AND r.event_id = e.id AND r.role = 'recipient' "
            f"WHERE a.code = '{top['actor']}' AND r.code = '{top['recipient']}' "
            "AND e.modality IN ('asserted', 'historical')")
        counts = [d["events"] for d in report["dyads"]]
        assert counts == sorted(counts, reverse=True)
        assert report["top_stories"] and all(s["sentence"] for s in report["top_stories"])
    finally:
        con.close()


def test_docs_example_renders_every_figure(demo_run):
    report, _ = demo_run
    spec = importlib.util.spec_from_file_location("worked_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = module.render(report)
    assert f"articles: {report['articles']}" in text
    assert f"events: {report['events']}" in text
    assert f"quotes: {report['quotes']}" in text
    for name, n in report["quad"].items():
        assert f"  {name}: {n}" in text
    top = report["dyads"][0]
    assert f"{top['actor']} -> {top['recipient']}: {top['events']}" in text
