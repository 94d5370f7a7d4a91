"""The brief: top stories with their evidence and source, key quotes per actor,
tone shifts and escalation; and ``dyad brief`` end to end from written articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from dyad.analytics.brief import brief, key_quotes, tone_shifts
from dyad.analytics.rows import EventRow, QuoteRow
from dyad.analytics.stories import StoryIndex, cluster
from dyad.cli import cli
from dyad.errors import ConfigError

JAN = dt.date(2022, 1, 1)
SCORES = {"ASSAULT": (4, -9.0), "CONSULT": (1, 2.5), "AID": (2, 10.0), "ACCUSE": (3, -2.0), "SANCTION": (4, -6.0)}


def row(event_id: str, day: str, type_: str, actors: list[str], recipients: list[str], sentence: str,
        *, outlet: str = "AP", undated: bool = False, **extra) -> EventRow:
    quad, score = SCORES[type_]
    article_id = event_id.split("-")[0]
    return EventRow(event_id=event_id, article_id=article_id, outlet=outlet,
                    url=f"https://{outlet.lower()}.example/{article_id}", published=day, date=None if undated else day,
                    type=type_, quad=quad, score=score, actor_codes=actors, recipient_codes=recipients,
                    actor_names=actors, recipient_names=recipients, sentence=sentence, **extra)


SUMMIT = "Belarus and Poland's leaders met at the border crossing to ease the migrant standoff."
ROWS = [
    row("a-1", "2022-01-10", "CONSULT", ["BLR"], ["POL"], SUMMIT, outlet="Reuters"),
    row("b-1", "2022-01-10", "CONSULT", ["POL"], ["BLR"], "Polish and Belarusian leaders held border "
        "talks about the migrant standoff.", outlet="BBC"),
    row("c-1", "2022-01-11", "CONSULT", ["BLR"], ["POL"], "The border summit on migrants ended "
        "without a deal.", outlet="DW", undated=True),
    row("d-1", "2022-01-20", "AID", ["USA"], ["UKR"], "Washington sent Kyiv anti-tank missiles."),
]


def test_brief_top_story_shows_evidence_and_source():
    text = brief(ROWS, JAN, dt.date(2022, 1, 31))
    first = text[text.index("### 1."):text.index("### 2.")]
    assert SUMMIT in first and "Source: Reuters, https://reuters.example/a" in first
    assert "3 outlets, 3 reports" in first
    assert text.index("### 2.") < text.index("Washington sent Kyiv anti-tank missiles.")


def test_brief_reads_rows_index_or_stories_alike():
    index = StoryIndex()
    index.add(ROWS)
    expected = brief(ROWS, JAN, dt.date(2022, 1, 31))
    assert brief(index, JAN, dt.date(2022, 1, 31)) == expected
    assert brief(index.stories(), JAN, dt.date(2022, 1, 31)) == expected
    assert brief(ROWS, "2022-01-01", "2022-01-31") == expected
    with pytest.raises(ConfigError, match="January"):
        brief(ROWS, "January", "2022-01-31")


@pytest.mark.parametrize("actor, present, absent", [
    ("UKR", "anti-tank missiles", SUMMIT),
    ("POL", SUMMIT, "anti-tank missiles"),
])
def test_brief_actor_keeps_only_its_stories(actor, present, absent):
    text = brief(ROWS, JAN, dt.date(2022, 1, 31), actor=actor)
    assert present in text and absent not in text


def test_brief_period_bounds_are_inclusive():
    text = brief(ROWS, dt.date(2022, 1, 10), dt.date(2022, 1, 19))
    assert SUMMIT in text and "anti-tank" not in text
    text = brief(ROWS, dt.date(2022, 1, 11), dt.date(2022, 1, 20))
    assert SUMMIT not in text and "anti-tank" in text
    assert "No stories" in brief(ROWS, dt.date(2022, 2, 1), dt.date(2022, 2, 2))


def quote(text: str, article_id: str, published: str, *, code: str = "RUS", **extra) -> QuoteRow:
    return QuoteRow(speaker_code=code, speaker_name={"RUS": "Dmitry Peskov"}.get(code, code), text=text,
                    article_id=article_id, outlet="AP", published=published, **extra)


QUOTES = [
    quote("We have no plans to attack anyone.", "a", "2022-01-10"),
    quote("We have no plans to  attack anyone.", "b", "2022-01-11"),
    quote("We have no plans to attack anyone.", "w", "2022-01-11", copy_of="a"),
    quote("The talks were useful.", "c", "2022-01-12"),
    quote("Sanctions will not work.", "d", "2022-03-01"),
    quote("Ukraine will defend itself.", "e", "2022-01-12", code="UKR"),
]


def test_brief_key_quotes_are_the_most_widely_carried():
    quotes = key_quotes(QUOTES, JAN, dt.date(2022, 1, 31))
    assert list(quotes) == ["RUS", "UKR"]
    assert [(q.text, n) for q, n in quotes["RUS"]] == [
        ("We have no plans to attack anyone.", 2), ("The talks were useful.", 1)]
    text = brief(ROWS, JAN, dt.date(2022, 1, 31), quotes=QUOTES, actor="RUS")
    assert "### Dmitry Peskov (RUS)" in text and "(2 reports)" in text
    assert "Ukraine will defend itself" not in text and "Sanctions" not in text


def test_brief_tone_shift_finds_the_dyad_that_soured():
    rows = [row(f"t{i}-1", f"2022-01-0{i + 1}", "CONSULT", ["RUS"], ["UKR"], f"Talks round {i}.")
            for i in range(3)]
    rows += [row(f"u{i}-1", f"2022-01-{20 + i}", "ACCUSE", ["UKR"], ["RUS"], f"Accusation {i}.")
             for i in range(2)]
    rows += [row("v-1", "2022-01-02", "AID", ["USA"], ["UKR"], "Aid."),
             row("v-2", "2022-01-25", "AID", ["USA"], ["UKR"], "More aid.")]
    shifts = tone_shifts(cluster(rows), JAN, dt.date(2022, 1, 31))
    assert [(s.dyad, s.before, s.after) for s in shifts] == [
        (("RUS", "UKR"), 2.5, -2.0), (("UKR", "USA"), 10.0, 10.0)]
    assert "| RUS–UKR | +2.5 (3) | -2.0 (2) | -4.5 |" in brief(rows, JAN, dt.date(2022, 1, 31))


def test_brief_lists_escalation_with_its_gravest_story():
    rows = [row(f"q{i}-1", (JAN + dt.timedelta(days=i)).isoformat(), "ACCUSE", ["RUS"], ["UKR"],
                f"Moscow criticised Kyiv, day {i}.") for i in range(20)]
    rows += [row(f"s{i}-1", "2022-01-21", "ASSAULT", ["RUS"], ["UKR"], f"Shells hit {town}.",
                 location=town) for i, town in enumerate(["Sumy", "Kharkiv", "Mariupol"])]
    text = brief(rows, dt.date(2022, 1, 15), dt.date(2022, 1, 31))
    section = text[text.index("## Escalation signals"):]
    assert "2022-01-21 RUS–UKR" in section and "Shells hit" in section


ARTICLES = [  # one meeting, three outlets, three wordings
    ("kyiv-a", "Reuters", "2022-01-20", "Ukrainian President Volodymyr Zelensky met U.S. Secretary of "
     "State Antony Blinken in Kyiv to discuss the Russian troop buildup."),
    ("kyiv-b", "AP", "2022-01-20", "America's top diplomat, Antony Blinken, met with Ukraine's "
     "President Volodymyr Zelensky as Russian troops massed near the border."),
    ("kyiv-c", "BBC", "2022-01-21", "The U.S. Secretary of State met the Ukrainian president in Kyiv, "
     "hoping to calm fears of a Russian invasion."),
]


@pytest.fixture(scope="module")
def coded_jsonl(code_text, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "coded.jsonl"
    records = []
    for article_id, outlet, published, text in ARTICLES:
        result = code_text(text, published=published, article_id=article_id)
        result.article = dataclasses.replace(result.article, outlet=outlet,
                                             url=f"https://{outlet.lower()}.example/{article_id}")
        records.append(json.dumps(result.to_dict()))
    path.write_text("\n".join(records) + "\n", "utf-8")
    return path


def test_brief_cli_joins_one_meeting_from_three_outlets(coded_jsonl):
    result = CliRunner().invoke(cli, ["brief", "--input", str(coded_jsonl), "--from", "2022-01-19",
                                      "--to", "2022-01-21", "--actor", "UKR"])
    assert result.exit_code == 0, result.output
    first = result.output[result.output.index("### 1."):].split("### 2.")[0]
    assert "CONSULT" in first and "3 outlets, 3 reports" in first
    assert any(text in first and f"https://{outlet.lower()}.example/{article_id}" in first
               for article_id, outlet, _, text in ARTICLES)


@pytest.mark.parametrize("args", [
    ["--from", "2022-01-21", "--to", "2022-01-19"],
    ["--from", "January", "--to", "2022-01-19"],
])
def test_brief_cli_rejects_bad_periods(coded_jsonl, args):
    result = CliRunner().invoke(cli, ["brief", "--input", str(coded_jsonl), *args])
    assert result.exit_code == 2 and "Error" in result.output


def test_brief_names_each_kind_of_material_act_even_when_narrowly_reported():
    wide = [row(f"w{i}-1", "2022-02-21", "CONSULT", ["USA"], ["RUS"], "Washington and Moscow held talks.",
                outlet=f"Outlet{i}") for i in range(6)]
    sanction = row("s1-1", "2022-02-22", "SANCTION", ["USA"], ["RUS"],
                   "The United States imposed sanctions on two Russian banks.", outlet="Gazette")
    text = brief(wide + [sanction], dt.date(2022, 2, 21), dt.date(2022, 2, 24), top=1)
    top = text[text.index("## Top stories"):text.index("## What was done")]
    kinds = text[text.index("## What was done"):text.index("## Key quotes")]
    assert "SANCTION" not in top and "held talks" in top
    assert "**SANCTION** (USA → RUS" in kinds and "imposed sanctions on two Russian banks" in kinds
    assert "CONSULT" not in kinds  # verbal acts are not listed there
