"""Fuzzing the command line: every command with random option values and
arguments ends with exit status 0, 1 or 2 and never a traceback. A DyadError
that reaches the top counts as exit 1: dyad.cli.main prints it as one line.

Not fuzzed here: fetch and watch (they reach the network by design) and scale
(a batch runner over a whole corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import event, given
from hypothesis import strategies as st

from api_corpus import build_db
from dyad.cli import cli
from dyad.errors import DyadError, StoreError
from fuzz_inputs import FIXTURES, ROOT, demo_records, fuzz_settings

# Values a user (or a script gone wrong) may type. Real argv cannot carry NUL, so none here.
WORDS = ["", "-", "0", "1", "-1", "64", "65", "99999999999999999999", "1e3", "NaN", "2022-02-01", "2022-02-30",
         "2022-2-1", "20220201", "RUS", "rus", "USA,RUS", "' OR 1=1 --", "\"; DROP TABLE events; --",
         "%s", "{}", "*", "\u00e9\u00e9", "x" * 3000, "--", "--db", "asserted", "table", "jsonl", "csv",
         "parquet", "plover-jsonl", "all", "outdated", "none"]
VALUES = st.one_of(st.sampled_from(WORDS), st.text(st.characters(exclude_characters="\x00",
                                                                   exclude_categories=["Cs"]), max_size=20))


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """Paths the fuzzer may pass: a database, inputs good and bad, outputs inside a temporary folder."""
    root = tmp_path_factory.mktemp("cli-fuzz")
    db = build_db(root / "read.duckdb")
    coded = root / "coded.jsonl"
    CliRunner().invoke(cli, ["extract", str(FIXTURES / "whitehouse-readout.txt"), "-o", str(coded)])
    one = root / "one.jsonl"
    one.write_text(json.dumps(demo_records()[1]) + "\n{broken\n", "utf-8")
    (root / "garbage.duckdb").write_bytes(b"not a database\x00" * 100)
    (root / "folder").mkdir()
    (root / "cwd").mkdir()
    return {"db": str(db), "writable": str(root / "write.duckdb"), "coded": str(coded), "one": str(one),
            "garbage": str(root / "garbage.duckdb"), "folder": str(root / "folder"),
            "out": str(root / "out" / "x"), "out2": str(root / "o.txt"), "missing": str(root / "missing.jsonl"),
            "text": str(FIXTURES / "non-english.txt"), "html": str(FIXTURES / "voa-g7.html"),
            "cwd": str(root / "cwd"), "sources": str(ROOT / "examples" / "sources.toml")}


def path_values(places: dict[str, str], *names: str) -> st.SearchStrategy[str]:
    return st.sampled_from([places[name] for name in names]) | VALUES


FILTERS = ["--from", "--to", "--actor", "--recipient", "--type", "--quad", "--country", "--modality", "--search",
           "--article", "--limit"]


def command_args(places: dict[str, str]) -> st.SearchStrategy[list[str]]:
    """A command and some of its options, each with a random value (sometimes the option twice, or none)."""
    dbs = path_values(places, "db", "db", "garbage", "folder", "missing", "text")
    readers = {
        "query": FILTERS + ["--format", "--output", "--db", "--dyad"],
        "export": FILTERS + ["--format", "--output", "--db", "--dyad"],
        "sql": ["--format", "--db"],
        "brief": ["--input", "--from", "--to", "--actor", "--top", "--output"],
        "extract": ["--format", "--published", "--max-chars", "--output", "--workers"],
        "ingest": ["--reprocess", "--batch-size", "--published", "--max-chars", "--db", "--workers"],
        "serve": ["--db", "--host", "--port", "--allow-ingest", "--token", "--rate-limit", "--rate-burst"],
        "stories": ["--rebuild", "--from", "--to", "--actor", "--top", "--format", "--output", "--db"],
        "series": ["--actor", "--recipient", "--freq", "--from", "--to", "--directed", "--modality", "--format",
                   "--output", "--db"],
        "sources": ["--db", "--format"],
    }
    valid = {
        "--from": ["2022-01-01", "2022-02-24"], "--to": ["2022-03-01", "2021-12-31"], "--actor": ["RUS", "usa"],
        "--recipient": ["UKR"], "--type": ["ATTACK", "consult"], "--quad": ["1", "4"], "--country": ["UKR"],
        "--modality": ["asserted", "negated"], "--limit": ["0", "3"], "--top": ["1", "5"],
        "--published": ["2022-02-24"], "--max-chars": ["50", "100000"], "--batch-size": ["1", "2"],
        "--reprocess": ["none", "all", "outdated"], "--host": ["127.0.0.1", "0.0.0.0", "::1"],
        "--port": ["0", "8000", "65536"], "--token": ["t0ken"], "--search": ["Russia", "%"],
        "--rate-limit": ["0", "2.5"], "--rate-burst": ["1", "0"], "--freq": ["day", "week"],
    }
    formats = {"query": ["table", "jsonl", "csv"], "sql": ["table", "jsonl", "csv"], "stories": ["table", "jsonl", "csv"],
               "series": ["table", "jsonl", "csv"], "sources": ["table", "jsonl"],
               "export": ["plover-jsonl", "csv", "parquet"], "extract": ["jsonl", "json", "table"]}
    special = {
        "--db": dbs, "--output": path_values(places, "out", "out2", "out2", "folder"),
        "--input": path_values(places, "coded", "coded", "one", "garbage", "missing"),
        "--workers": st.sampled_from(["0", "1", "65", "-3", "two"]),  # never more than one real worker
    }

    def value_of(command: str, option: str) -> st.SearchStrategy[str]:
        if option in special:
            return special[option]
        good = formats.get(command, []) if option == "--format" else valid.get(option, [])
        # Mostly values of the right kind, so that the commands run on past their option checks.
        return st.sampled_from(good) | st.sampled_from(good) | VALUES if good else VALUES

    required = {"export": ["--format"], "brief": ["--input", "--from", "--to"], "series": ["--actor"]}

    @st.composite
    def build(draw) -> list[str]:
        command = draw(st.sampled_from(sorted(readers)))
        args = [command]
        if command in ("extract", "ingest"):
            args += draw(st.lists(path_values(places, "one", "text", "html", "missing", "folder", "garbage"),
                                  min_size=0, max_size=2))
        if command == "sources":
            args.append(draw(path_values(places, "sources", "sources", "text", "missing", "garbage")))
        if command == "sql":
            args.append(draw(st.sampled_from(["SELECT count(*) FROM events", "SELECT * FROM nowhere", "DELETE FROM "
                                               "events", "ATTACH 'x.db'", "SELECT 1; DROP TABLE articles"]) | VALUES))
        options = draw(st.lists(st.sampled_from(readers[command]), max_size=6))
        if draw(st.integers(0, 3)):
            options = required.get(command, []) + options
        for option in options:
            args.append(option)
            if option in ("--allow-ingest", "--rebuild", "--directed"):
                continue
            args.append(draw(value_of(command, option)))
            if option == "--dyad":
                args.append(draw(value_of(command, "--recipient")))
        if command == "ingest" and "--db" not in args:
            args += ["--db", places["writable"]]
        return args

    return build()


def assert_clean_exit(result, args: list[str]) -> None:
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        # dyad.cli.main turns exactly these into "dyad: error: ..." and exit 1; anything else is a traceback.
        assert isinstance(error, DyadError), (args, repr(error))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-500:])
    assert "Traceback" not in result.output, args


@fuzz_settings(80)
@given(st.data())
def test_fuzz_cli_random_arguments_exit_cleanly(places, monkeypatch, data):
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)  # serve checks its settings, then returns
    monkeypatch.delenv("DYAD_TOKEN", raising=False)
    monkeypatch.delenv("DYAD_DB", raising=False)
    monkeypatch.chdir(places["cwd"])  # relative names the fuzzer writes land there
    args = data.draw(command_args(places))
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    event(f"{args[0]} exit {result.exit_code}")  # the spread shows in --hypothesis-show-statistics
    assert_clean_exit(result, args)


@pytest.mark.parametrize("args", [
    ["query", "--limit", "99999999999999999999"],
    ["query", "--dyad", "RUS", "--search", "%' OR 1=1 --"],
    ["export", "--format", "parquet", "-o", "-"],
    ["sql", "SELECT 1; DROP TABLE articles"],
    ["sql", ""],
])
def test_fuzz_cli_edge_arguments_exit_cleanly(places, args):
    result = CliRunner().invoke(cli, [*args, "--db", places["db"]])
    assert_clean_exit(result, args)



@pytest.mark.parametrize("command", [["extract", "{text}", "--format", "table"], ["query", "--db", "{db}"],
                                     ["export", "--format", "csv", "--db", "{db}"],
                                     ["brief", "--input", "{coded}", "--from", "2022-01-01", "--to", "2022-12-31"]])
@pytest.mark.parametrize("output", ["", "{folder}"])
def test_issue11_output_to_an_empty_name_or_a_folder_is_a_usage_error(places, monkeypatch, command, output):
    """-o '' or -o FOLDER raised OSError after all the work, leaving .__atomic-write files in the folder."""
    monkeypatch.chdir(places["cwd"])
    args = [part.format(**places) for part in [*command, "-o", output]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and result.exception is not None and isinstance(result.exception, SystemExit)
    assert "is not a file name to write" in result.output
    leftovers = [p.name for folder in (places["cwd"], places["folder"]) for p in Path(folder).iterdir()]
    assert not [name for name in leftovers if name.startswith(".__atomic")]


@pytest.mark.parametrize("command", [["sql", "SELECT 1"], ["query"], ["export", "--format", "csv"], ["ingest", "{one}"]])
def test_issue11_database_name_too_long_is_a_store_error(places, monkeypatch, command):
    """--db with a 3,000-character name raised OSError (File name too long) out of Path.is_file."""
    monkeypatch.chdir(places["cwd"])
    result = CliRunner().invoke(cli, [*(part.format(**places) for part in command), "--db", "x" * 3000])
    assert result.exit_code == 1
    assert isinstance(result.exception, StoreError), repr(result.exception)
