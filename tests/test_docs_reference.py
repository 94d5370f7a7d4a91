"""The reference pages name everything they claim to cover: the public Python API,
every property of the output schema, every table and column of a fresh store and
every path and parameter of the HTTP API."""

from __future__ import annotations

import inspect
import json
import re

import pytest

import dyad
import dyad.scale
import dyad.store
from dyad.analytics import store_bridge
from dyad.store import EventFilter, Store
from tests.conftest import ROOT

REFERENCE = ROOT / "docs" / "reference"


def page(name: str) -> str:
    return (REFERENCE / name).read_text("utf-8")


def sections(text: str) -> dict[str, str]:
    """The text under each `### `name`` heading, by name."""
    parts = re.split(r"^### `([^`]+)`\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def backticked(text: str) -> set[str]:
    """Every word in backticks, alone or in a dotted or call form (`location.name`, `Store(path=None)`)."""
    words: set[str] = set()
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # fenced examples are not the reference
    for code in re.findall(r"`([^`]+)`", text):
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    return words


@pytest.mark.parametrize("module", [dyad, dyad.store, dyad.scale])
def test_docs_python_reference_names_every_public_name(module):
    names = backticked(page("python.md"))
    missing = [name for name in module.__all__ if name not in names]
    assert not missing, f"docs/reference/python.md does not name {module.__name__}: {missing}"


@pytest.mark.parametrize("function", [
    dyad.extract, dyad.extract_article, dyad.read_inputs, Store, Store.add_results, Store.query_events,
    EventFilter, store_bridge.stories_from_store, store_bridge.series_from_store, store_bridge.brief_from_store,
    dyad.scale.run_partitions,
], ids=lambda f: f.__qualname__)
def test_docs_python_reference_names_every_parameter(function):
    names = backticked(page("python.md"))
    assert function.__name__ in names
    parameters = [p for p in inspect.signature(function).parameters if p != "self"]
    missing = [p for p in parameters if p not in names]
    assert not missing, f"{function.__qualname__}: parameters {missing} are not in docs/reference/python.md"


def schema_properties() -> dict[str, set[str]]:
    """Property names of each $defs record of docs/output-schema.json, nested ones included."""
    schema = json.loads((ROOT / "docs" / "output-schema.json").read_text("utf-8"))
    found: dict[str, set[str]] = {}

    def walk(node: object, into: set[str]) -> None:
        if isinstance(node, dict):
            into.update(node.get("properties", {}))
            for value in node.values():
                walk(value, into)
        elif isinstance(node, list):
            for value in node:
                walk(value, into)

    for name, definition in schema["$defs"].items():
        walk(definition, found.setdefault(name, set()))
    return found


def test_docs_schema_reference_explains_every_property():
    documented = sections(page("schema.md"))
    properties = schema_properties()
    assert len(properties) > 5
    for name, props in properties.items():
        assert name in documented, f"docs/reference/schema.md has no section for {name}"
        missing = sorted(props - backticked(documented[name]))
        assert not missing, f"schema.md, {name}: {missing} not explained"


def test_docs_database_reference_names_every_table_and_column(tmp_path):
    with Store(tmp_path / "fresh.duckdb") as store:
        columns: dict[str, list[str]] = {}
        for table, column in store.connection.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall():
            columns.setdefault(table, []).append(column)
    assert {"articles", "events", "event_actors", "quotes", "stories"} <= set(columns)
    text = page("database.md")
    documented = sections(text)
    for table, names in columns.items():
        assert table in documented, f"docs/reference/database.md has no section for table {table}"
        # The event records may name the columns they share with `events` in prose; every other column is listed.
        words = backticked(documented[table])
        if table in ("event_flat", "event_records"):
            words |= backticked(documented["events"]) | backticked(documented["event_flat"])
        missing = [name for name in names if name not in words]
        assert not missing, f"database.md, {table}: columns {missing} are not documented"


def openapi(db) -> dict:
    from dyad.api.app import ServeSettings, create_app

    Store(db).close()
    return create_app(ServeSettings(db=db)).openapi()


def test_docs_http_reference_names_every_path_and_parameter(tmp_path):
    documented = sections(page("http.md"))
    filters = backticked(page("http.md").split("## Endpoints")[0])
    paths = openapi(tmp_path / "served.duckdb")["paths"]
    assert "/api/events" in paths
    for path, operations in paths.items():
        for method, operation in operations.items():
            heading = f"{method.upper()} {path}"
            assert heading in documented, f"docs/reference/http.md has no section for {heading}"
            words = backticked(documented[heading]) | filters
            missing = [p["name"] for p in operation.get("parameters", []) if p["name"] not in words]
            assert not missing, f"http.md, {heading}: parameters {missing} are not documented"
