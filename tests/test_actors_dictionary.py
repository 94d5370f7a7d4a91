"""The actor dictionary: data files, dated roles, user files, and the seed article."""

from __future__ import annotations

import json

import pytest

from dyad.errors import ConfigError
from dyad.model import Article
from dyad.pipeline.actor_dictionary import ENV_VAR, load_dictionary
from dyad.pipeline.actors import find_actors


def test_actors_dictionary_has_every_pycountry_state():
    dictionary = load_dictionary()
    for surface, code in [("Bhutan", "BTN"), ("Kazakhstan", "KAZ"), ("Hong Kong", "CHN"),
                          ("Kremlin", "RUS"), ("Ukrainian", "UKR"), ("Philippine", "PHL")]:
        assert dictionary.actors[dictionary.names[surface].key].code == code
    assert dictionary.actors["state:BTN"].source == "pycountry"
    assert "curated" in dictionary.actors["state:RUS"].source


@pytest.mark.parametrize("name, day, expected", [
    ("person:Antony Blinken", "2021-01-25", ("USA", "UNK")),
    ("person:Antony Blinken", "2021-01-26", ("USA", "GOV")),
    ("person:Antony Blinken", "2025-01-20", ("USA", "UNK")),
    ("person:Donald Trump", "2019-05-01", ("USA", "GOV")),
    ("person:Donald Trump", "2023-05-01", ("USA", "UNK")),
    ("person:Sergei Shoigu", "2022-01-01", ("RUS", "MIL")),
    ("person:Sergei Shoigu", "2024-06-01", ("RUS", "GOV")),
    ("org:Taliban", "2019-01-24", ("AFG", "REB")),
    ("org:Taliban", "2022-01-24", ("AFG", "GOV")),
])
def test_actors_dictionary_roles_hold_between_dates(name, day, expected):
    code, sector, _ = load_dictionary().actors[name].coded(day)
    assert (code, sector) == expected


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "my_actors.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"type": "person", "name": "Zorblat Quenty", "aliases": ["Quenty"], "country": "RUS",
         "roles": [{"title": "commander", "code": "RUS", "sector": "MIL", "start": "2020-01-01"}]},
        {"type": "organization", "name": "Volgaprom", "names": ["Volgaprom"], "code": "RUS",
         "sector": "BUS"},
        {"type": "role", "sector": "REL", "kind": "group", "words": ["monks"]},
    ]) + "\n", "utf-8")
    return path


TEXT = "Zorblat Quenty said Volgaprom would pay. Quenty thanked Tibetan monks."


def _codes(nlp, **kwargs):
    doc = nlp(TEXT)
    layer = find_actors(doc, Article(text=TEXT, published="2022-03-01"), **kwargs)
    return {m.text: (e.code, e.sector) for e in layer.entities for m in e.mentions}


def test_actors_user_file_changes_output(nlp, user_file, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = _codes(nlp)
    after = _codes(nlp, extra_files=[str(user_file)])
    assert before.get("Zorblat Quenty") != ("RUS", "MIL")
    assert after["Zorblat Quenty"] == ("RUS", "MIL")
    assert after["Quenty"] == ("RUS", "MIL")
    assert after["Volgaprom"] == ("RUS", "BUS")
    assert after["Tibetan monks"][1] == "REL"


def test_actors_user_file_from_environment(nlp, user_file, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(user_file))
    assert _codes(nlp)["Zorblat Quenty"] == ("RUS", "MIL")


def test_actors_user_file_errors_name_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"type": "person", "name": "A B"}\n{"type": "planet", "name": "X"}\n', "utf-8")
    with pytest.raises(ConfigError, match=r"bad.jsonl:2 \[type\]"):
        load_dictionary((str(path),))


# What the seed article names, and the code and sector each must come out with.
# Names only: the article text itself is read from ../shared and never copied here.
SEED_EXPECTED = [
    ("Antony Blinken", "person", "USA", "GOV"),
    ("Sergei Lavrov", "person", "RUS", "GOV"),
    ("Joe Biden", "person", "USA", "GOV"),
    ("Vladimir Putin", "person", "RUS", "GOV"),
    ("Sauli Niinisto", "person", "FIN", "GOV"),
    ("Vyacheslav Volodin", "person", "RUS", "LEG"),
    ("Russia", "state", "RUS", "GOV"),
    ("Moscow", "state", "RUS", "GOV"),
    ("Ukraine", "state", "UKR", "GOV"),
    ("U.S.", "state", "USA", "GOV"),
    ("U.K.", "state", "GBR", "GOV"),
    ("Belarus", "state", "BLR", "GOV"),
    ("NATO", "organization", "NATO", "IGO"),
    ("North Atlantic Treaty Organization", "organization", "NATO", "IGO"),
    ("European Union", "organization", "EU", "IGO"),
    ("State Duma", "organization", "RUS", "LEG"),
    ("Defense Ministry", "organization", "RUS", "MIL"),
    ("Interfax news service", "organization", "RUS", "MED"),
    ("Russian officials", "group", "RUS", "GOV"),
    ("U.S. officials", "group", "USA", "GOV"),
]


def test_actors_seed_article_codes_every_named_actor(nlp, shared_dir):
    paths = sorted((shared_dir / "seed").glob("*.txt"))
    if not paths:
        pytest.skip("no seed article in ../shared/seed")
    text = paths[0].read_text("utf-8")
    layer = find_actors(nlp(text), Article(text=text, published="2022-01-21"))
    for name, kind, code, sector in SEED_EXPECTED:
        hits = [e for e in layer.entities if any(m.text.endswith(name) for m in e.mentions)]
        assert hits, f"{name} not found"
        assert all((e.kind, e.code, e.sector) == (kind, code, sector) for e in hits), (name, hits)
    west = [e for e in layer.entities if any(m.text == "West" for m in e.mentions)]
    assert west and {(r.code, r.sector) for r in layer.member_refs(west[0])} == {
        ("USA", "GOV"), ("NATO", "IGO")}


def test_actors_dictionary_undated_article_takes_latest_office():
    code, sector, title = load_dictionary().actors["person:Sergei Shoigu"].coded(None)
    assert (code, sector, title) == ("RUS", "GOV", "secretary of the security council")


def test_actors_state_names_lookup_kept():
    from dyad.pipeline.actors import state_names

    names = state_names()
    assert (names["kremlin"], names["ukrainian"], names["bhutan"]) == ("RUS", "UKR", "BTN")
