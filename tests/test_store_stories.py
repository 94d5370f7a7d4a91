"""Stories in the store: one meeting reported by three outlets is one story, a
later report joins it incrementally as a rebuild would, wire copies count once,
recoded articles leave nothing stale, and briefs come from the database."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad.cli import cli
from dyad.store import Store
from dyad.store.stories import rebuild_stories, update_stories

# Three outlets report one meeting (Wednesday 19 January 2022) in their own
# words; the Reuters article also reports an accusation, another event.
MEETING = {
    "reuters-1": ("Reuters", "2022-01-20",
                  "KYIV, Jan 19 (Reuters) - Ukrainian President Volodymyr Zelensky met U.S. Secretary of "
                  "State Antony Blinken in Kyiv on Wednesday to discuss the Russian troop buildup near the "
                  "border. Russia accused Ukraine of preparing an attack in the Donbas region."),
    "ap-1": ("AP", "2022-01-20",
             "U.S. Secretary of State Antony Blinken held talks with Ukrainian President Volodymyr Zelensky "
             "in Kyiv on Wednesday about the Russian military buildup. Blinken promised more help."),
    "bbc-1": ("BBC", "2022-01-20",
              "Antony Blinken, the U.S. Secretary of State, met Ukrainian President Volodymyr Zelensky in "
              "Kyiv on Wednesday, as Russian troops massed at the border."),
}
# A day later, a fourth outlet reports the same meeting.
LATER = {
    "dw-1": ("DW", "2022-01-21",
             "Ukrainian President Volodymyr Zelensky met U.S. Secretary of State Antony Blinken in Kyiv on "
             "Wednesday, the presidential office said."),
}
# A portal reprints the Reuters wire without its dateline: a copy, not a report.
COPY = {
    "portal-1": ("Portal", "2022-01-20",
                 "Ukrainian President Volodymyr Zelensky met U.S. Secretary of State Antony Blinken in Kyiv "
                 "on Wednesday to discuss the Russian troop buildup near the border. Russia accused Ukraine "
                 "of preparing an attack in the Donbas region."),
}
# AP's article replaced by a different text under the same id (then recoded).
AP_CORRECTED = {
    "ap-1": ("AP", "2022-01-20",
             "Russia accused NATO of ignoring its security demands, the Kremlin said on Thursday."),
}


def _write(path: Path, articles: dict[str, tuple[str, str, str]]) -> Path:
    lines = [json.dumps({"id": article_id, "outlet": outlet, "published": published, "text": text,
                         "url": f"https://{outlet.lower()}.example/{article_id}"})
             for article_id, (outlet, published, text) in articles.items()]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _ingest(db: Path, articles: dict[str, tuple[str, str, str]], *extra: str) -> str:
    source = _write(db.parent / f"input-{len(list(db.parent.glob('input-*')))}.jsonl", articles)
    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _story_state(db: Path) -> tuple[list[tuple], list[tuple]]:
    """(event, story, canonical) rows and story rows: the derived state, link labels aside."""
    with Store(db, read_only=True) as store:
        con = store.connection
        assignments = con.execute("SELECT article_id, event_id, story_id, canonical FROM story_events "
                                  "ORDER BY article_id, event_id").fetchall()
        stories = con.execute("SELECT * FROM stories ORDER BY story_id").fetchall()
    return assignments, stories


def _story_of(db: Path, article_id: str, event_type: str) -> dict:
    with Store(db, read_only=True) as store:
        cursor = store.connection.execute(
            "SELECT st.* FROM stories st JOIN story_events s ON s.story_id = st.story_id "
            "JOIN events e ON e.article_id = s.article_id AND e.id = s.event_id "
            "WHERE s.article_id = ? AND e.type = ?", [article_id, event_type])
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    """A database after `dyad ingest` of the three reports of the meeting."""
    db = tmp_path_factory.mktemp("three") / "stories.duckdb"
    _ingest(db, MEETING)
    return db


@pytest.fixture
def db(three, tmp_path) -> Path:
    """A copy of ``three`` to change."""
    return Path(shutil.copy(three, tmp_path / "stories.duckdb"))


def test_store_stories_ingest_makes_one_story_of_three_reports(three):
    meeting = _story_of(three, "bbc-1", "CONSULT")
    assert (meeting["n_outlets"], meeting["n_articles"], meeting["n_copies"]) == (3, 3, 0)
    assert meeting["outlets"] == ["AP", "BBC", "Reuters"]
    for article_id in MEETING:
        assert _story_of(three, article_id, "CONSULT")["story_id"] == meeting["story_id"]
    accusation = _story_of(three, "reuters-1", "ACCUSE")
    assert accusation["story_id"] != meeting["story_id"]
    assert (accusation["n_outlets"], accusation["n_events"]) == (1, 1)
    assignments, stories = _story_state(three)
    assert len({story_id for *_, story_id, _ in assignments}) == len(stories)


def test_store_stories_later_report_joins_incrementally_as_a_rebuild_would(db):
    before, _ = _story_state(db)
    output = _ingest(db, LATER)
    assert "1 event mentions" in output  # only the new article's event was clustered
    after, stories = _story_state(db)
    assert set(before) <= set(after)  # every earlier event keeps its story id and canonical flag
    meeting = _story_of(db, "dw-1", "CONSULT")
    assert meeting["story_id"] == _story_of(db, "bbc-1", "CONSULT")["story_id"]
    assert (meeting["n_outlets"], meeting["last_report"]) == (4, "2022-01-21")
    with Store(db) as store:
        rebuilt = rebuild_stories(store)
    assert rebuilt.articles == 4
    assert _story_state(db) == (after, stories)


def test_store_stories_wire_copy_is_counted_once(db):
    _ingest(db, COPY)
    with Store(db, read_only=True) as store:
        copies = store.connection.execute("SELECT article_id, original_id, similarity FROM wire_copies").fetchall()
    assert [(a, o) for a, o, _ in copies] == [("portal-1", "reuters-1")]
    assert copies[0][2] >= 0.7
    meeting = _story_of(db, "portal-1", "CONSULT")
    assert meeting["story_id"] == _story_of(db, "ap-1", "CONSULT")["story_id"]
    assert (meeting["n_outlets"], meeting["n_articles"], meeting["n_copies"]) == (3, 3, 1)
    assert "Portal" not in meeting["outlets"]


def test_store_stories_reprocess_leaves_no_stale_rows(db):
    _ingest(db, AP_CORRECTED, "--reprocess", "all")
    with Store(db, read_only=True) as store:
        con = store.connection
        orphans = con.execute("SELECT count(*) FROM story_events s WHERE NOT EXISTS (SELECT 1 FROM events e "
                              "WHERE e.article_id = s.article_id AND e.id = s.event_id)").fetchone()[0]
        unassigned = con.execute("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM story_events s "
                                 "WHERE e.article_id = s.article_id AND e.id = s.event_id)").fetchone()[0]
        empty = con.execute("SELECT count(*) FROM stories st WHERE NOT EXISTS (SELECT 1 FROM story_events s "
                            "WHERE s.story_id = st.story_id)").fetchone()[0]
        ap_types = {r[0] for r in con.execute("SELECT e.type FROM events e WHERE article_id = 'ap-1'").fetchall()}
    assert (orphans, unassigned, empty) == (0, 0, 0)
    assert "CONSULT" not in ap_types
    meeting = _story_of(db, "bbc-1", "CONSULT")
    assert (meeting["n_outlets"], meeting["outlets"]) == (2, ["BBC", "Reuters"])
    state = _story_state(db)
    with Store(db) as store:
        rebuild_stories(store)
    assert _story_state(db) == state


def test_store_stories_recoding_the_same_texts_changes_no_story(db):
    state = _story_state(db)
    _ingest(db, MEETING, "--reprocess", "all")
    assert _story_state(db) == state


def test_store_stories_update_catches_up_articles_stored_without_stories(db, three):
    with Store(three, read_only=True) as store:
        results = store.connection.execute("SELECT count(*) FROM events").fetchone()[0]
    with Store(db) as store:
        for table in ("story_events", "stories", "wire_articles", "wire_bands", "wire_copies"):
            store.connection.execute(f"DELETE FROM {table}")
        update = update_stories(store)
        assert update_stories(store).mentions == 0  # nothing left to do
    assert update.mentions == results
    assert _story_state(db) == _story_state(three)


def test_store_stories_brief_from_db_shows_top_story_evidence_and_source(three):
    meeting = _story_of(three, "bbc-1", "CONSULT")
    result = CliRunner().invoke(cli, ["brief", "--db", str(three), "--from", "2022-01-19", "--to", "2022-01-21"])
    assert result.exit_code == 0, result.output
    top = result.output.split("## Top stories")[1].split("###")[1]
    assert " ".join(meeting["sentence"].split()) in top
    outlet = meeting["canonical_article_id"].split("-")[0]
    assert f"https://{outlet}.example/{meeting['canonical_article_id']}" in top
    assert "Reach: 3 outlets, 3 reports" in top


def test_store_stories_cli_lists_stories_by_reach(three):
    result = CliRunner().invoke(cli, ["stories", "--db", str(three), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    meeting = next(r for r in records if r["type"] == "CONSULT")
    assert meeting["n_outlets"] == records[0]["n_outlets"] == 3  # the meeting is among the widest
    assert [r["n_outlets"] for r in records] == sorted((r["n_outlets"] for r in records), reverse=True)
    only_rus = CliRunner().invoke(cli, ["stories", "--db", str(three), "--actor", "rus", "--format", "jsonl"])
    assert all("RUS" in r["actor_codes"] + r["recipient_codes"]
               for r in map(json.loads, only_rus.output.splitlines()) if r)


def test_store_stories_rebuild_refuses_a_missing_database(tmp_path):
    missing = tmp_path / "missing.duckdb"
    result = CliRunner().invoke(cli, ["stories", "--rebuild", "--db", str(missing)])
    assert result.exit_code != 0
    assert not missing.exists()
