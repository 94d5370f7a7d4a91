"""Actors on sentences written for these tests: codes, sectors and references."""

from __future__ import annotations

import pytest

from dyad.model import Article
from dyad.pipeline.actors import ActorLayer, find_actors


@pytest.fixture(scope="module")
def actors(nlp):
    """``actors(text, published=...) -> (doc, layer)``."""

    def run(text: str, *, published: str | None = "2022-01-21", extra_files=None):
        doc = nlp(text)
        article = Article(text=text, id="test", published=published)
        return doc, find_actors(doc, article, extra_files=extra_files)

    return run


def refs_at(doc, layer: ActorLayer, words: str, *, nth: int = 0) -> set[tuple[str, str]]:
    """(code, sector) of what the last token of the ``nth`` occurrence of ``words`` stands for."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    span = doc.char_span(start, start + len(words), alignment_mode="expand")
    return {(ref.code, ref.sector) for ref in layer.refs_of(span[-1])}


def entity_at(doc, layer: ActorLayer, words: str, *, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(words, start + 1)
    span = doc.char_span(start, start + len(words), alignment_mode="expand")
    return layer.entity_of(span[-1])


@pytest.mark.parametrize("text, words, expected", [
    ("The Kremlin rejected the proposal on Tuesday.", "Kremlin", ("RUS", "GOV")),
    ("Moscow said it would respond.", "Moscow", ("RUS", "GOV")),
    ("Downing Street declined to comment on the talks.", "Downing Street", ("GBR", "GOV")),
    ("The White House announced new sanctions.", "White House", ("USA", "GOV")),
    ("Beijing warned against interference.", "Beijing", ("CHN", "GOV")),
    ("Finland applied to join the bloc.", "Finland", ("FIN", "GOV")),
    ("The Russians walked out of the meeting.", "Russians", ("RUS", "GOV")),
])
def test_actors_states_and_metonyms(actors, text, words, expected):
    doc, layer = actors(text)
    assert refs_at(doc, layer, words) == {expected}
    assert entity_at(doc, layer, words).kind == "state"


@pytest.mark.parametrize("text, words, expected", [
    ("Russian troops crossed the border at dawn.", "troops", ("RUS", "MIL")),
    ("Ukrainian lawmakers voted for the bill.", "lawmakers", ("UKR", "LEG")),
    ("Russia's Defense Ministry said the drills had ended.", "Ministry", ("RUS", "MIL")),
    ("The State Duma passed the appeal.", "Duma", ("RUS", "LEG")),
    ("Iranian protesters gathered outside the embassy.", "protesters", ("IRN", "CVL")),
    ("Turkish police detained two journalists.", "police", ("TUR", "COP")),
    ("Russian officials say the West is the aggressor.", "officials", ("RUS", "GOV")),
    ("A French court ordered the release of the tanker.", "court", ("FRA", "JUD")),
    ("The Belarusian opposition called for new elections.", "opposition", ("BLR", "OPP")),
    ("NATO troops are not on the table.", "troops", ("NATO", "MIL")),
    ("The leaders of party factions in the State Duma met.", "leaders", ("RUS", "LEG")),
    ("The court in Moscow sentenced the activist to nine years.", "court", ("RUS", "JUD")),
    ("Demonstrators in Tehran chanted slogans.", "Demonstrators", ("IRN", "CVL")),
    ("Israeli warplanes struck targets overnight.", "warplanes", ("ISR", "MIL")),
])
def test_actors_role_words_take_sector_and_code(actors, text, words, expected):
    doc, layer = actors(text)
    assert refs_at(doc, layer, words) == {expected}


@pytest.mark.parametrize("text, words, expected", [
    ("Ukrainian Foreign Minister Oleksandr Petrenkov met reporters.", "Petrenkov", ("UKR", "GOV")),
    ("Hungarian Defense Minister Gabor Tarnoczi visited the base.", "Tarnoczi", ("HUN", "MIL")),
    ("President Ivo Marantic of Serbia spoke to reporters.", "Marantic", ("SRB", "GOV")),
    ("NATO Secretary General Piet Vandersloot warned Moscow.", "Vandersloot", ("NATO", "IGO")),
])
def test_actors_unknown_people_coded_from_title(actors, text, words, expected):
    doc, layer = actors(text)
    entity = entity_at(doc, layer, words)
    assert entity.kind == "person"
    assert (entity.code, entity.sector) == expected


def test_actors_unknown_names_still_entities(actors):
    doc, layer = actors("Marten Okonkwo-Vries said Zorblat Industries would appeal.")
    person = entity_at(doc, layer, "Okonkwo-Vries")
    org = entity_at(doc, layer, "Industries")
    assert person is not None and person.kind == "person" and person.code == "UNK"
    assert org is not None and org.kind == "organization" and org.code == "UNK"


@pytest.mark.parametrize("published, expected", [
    ("2022-01-21", ("USA", "GOV")),
    ("2024-12-01", ("USA", "GOV")),
    ("2026-03-01", ("USA", "UNK")),
])
def test_actors_people_coded_by_office_on_publication_date(actors, published, expected):
    doc, layer = actors("Antony Blinken spoke to reporters in Geneva.", published=published)
    entity = entity_at(doc, layer, "Blinken")
    assert (entity.code, entity.sector) == expected
    assert entity.name == "Antony Blinken"


def test_actors_role_changes_sector_with_date(actors):
    doc, layer = actors("Mike Pompeo met the delegation.", published="2017-06-01")
    assert entity_at(doc, layer, "Pompeo").sector == "SPY"
    doc, layer = actors("Mike Pompeo met the delegation.", published="2019-06-01")
    assert entity_at(doc, layer, "Pompeo").sector == "GOV"


@pytest.mark.parametrize("text, words, expected", [
    ("Lavrov dismissed Western hysteria over Ukraine.", "Western",
     {("USA", "GOV"), ("NATO", "IGO")}),
    ("Russian officials say the West is the aggressor.", "West", {("USA", "GOV"), ("NATO", "IGO")}),
    ("Europe and the U.S. have been unable to agree.", "Europe", {("EU", "IGO")}),
    ("The U.S. and its allies rejected the demand.", "allies", {("NATO", "IGO")}),
    ("Moscow wants the alliance to roll back its forces.", "alliance", {("NATO", "IGO")}),
    ("The coalition struck targets overnight.", "coalition", {("IGO", "IGO")}),
    ("Hong Kong police fired tear gas.", "police", {("CHN", "COP")}),
])
def test_actors_groups_follow_gold_decisions(actors, text, words, expected):
    doc, layer = actors(text)
    assert refs_at(doc, layer, words) == expected


def test_actors_separatists_coded_where_they_sit(actors):
    text = ("Kremlin-backed separatists shelled villages in eastern Ukraine. "
            "The Donetsk People's Republic said it had returned fire.")
    doc, layer = actors(text)
    assert refs_at(doc, layer, "separatists") == {("UKR", "REB")}
    assert refs_at(doc, layer, "Republic") == {("UKR", "REB")}
    assert layer.entity_of(doc[0]) is None or layer.entity_of(doc[0]).code != "RUS"


def test_actors_surnames_join_full_names(actors):
    text = ("Ukrainian Foreign Minister Oleksandr Petrenkov arrived in Warsaw. "
            "Petrenkov said the talks were useful. Antony Blinken agreed, and Blinken left.")
    doc, layer = actors(text)
    assert entity_at(doc, layer, "Petrenkov") is entity_at(doc, layer, "Petrenkov", nth=1)
    assert (entity_at(doc, layer, "Petrenkov", nth=1).code,
            entity_at(doc, layer, "Petrenkov", nth=1).sector) == ("UKR", "GOV")
    assert entity_at(doc, layer, "Blinken") is entity_at(doc, layer, "Blinken", nth=1)


@pytest.mark.parametrize("text, pronoun, name", [
    ("Lavrov said he can't say whether talks are on the right path.", "he", "Sergei Lavrov"),
    ("Angela Merkel arrived late. She said the meeting had been useful.", "She", "Angela Merkel"),
    ("Niinisto, who called Putin, spoke of his grave concern.", "his", "Sauli Niinistö"),
])
def test_actors_pronouns_resolve_to_salient_person(actors, text, pronoun, name):
    doc, layer = actors(text)
    entity = entity_at(doc, layer, pronoun)
    assert entity is not None and entity.name == name
    assert layer.refs_of(next(t for t in doc if t.text == pronoun))[0].entity == entity.id


def test_actors_it_resolves_to_state_not_expletive(actors):
    doc, layer = actors("Russia says it has no plans to attack. It is unclear what happens next.")
    assert refs_at(doc, layer, "it") == {("RUS", "GOV")}
    assert refs_at(doc, layer, "It") == set()


@pytest.mark.parametrize("text, title, name", [
    ("Finnish President Sauli Niinisto called Putin on Friday. "
     "The Finnish president said the conversation was frank.", "president", "Niinisto"),
    ("Antony Blinken arrived in Geneva. The secretary said talks would go on.",
     "secretary", "Blinken"),
])
def test_actors_titles_join_earlier_person(actors, text, title, name):
    doc, layer = actors(text)
    assert entity_at(doc, layer, title) is entity_at(doc, layer, name)


def test_actors_two_leaders_are_both_people(actors):
    text = "Joe Biden met Vladimir Putin in Geneva. The two leaders agreed to keep talking."
    doc, layer = actors(text)
    assert refs_at(doc, layer, "leaders") == {("USA", "GOV"), ("RUS", "GOV")}
    group = entity_at(doc, layer, "leaders")
    assert group.kind == "group"
    assert {ref.entity for ref in layer.member_refs(group)} == {
        entity_at(doc, layer, "Biden").id, entity_at(doc, layer, "Putin").id}


@pytest.mark.parametrize("text, words", [
    ("The top U.S. and Russian diplomats met in Geneva.", "diplomats"),
    ("Officials of the United States and Russia met in Istanbul.", "Officials"),
])
def test_actors_coordinated_qualifiers_give_both_codes(actors, text, words):
    doc, layer = actors(text)
    assert refs_at(doc, layer, words) == {("USA", "GOV"), ("RUS", "GOV")}


def test_actors_dictionary_repairs_spacy_labels(actors):
    doc, layer = actors("The meeting capped days of diplomacy by Blinken, who visited Kyiv.")
    entity = entity_at(doc, layer, "Blinken")
    assert entity.kind == "person" and (entity.code, entity.sector) == ("USA", "GOV")


def test_actors_entities_have_unique_ids_and_true_offsets(actors):
    text = ("Secretary of State Antony Blinken met Foreign Minister Sergei Lavrov in Geneva. "
            "Blinken said the U.S. will send written responses to Russia. He left on Friday.")
    doc, layer = actors(text)
    ids = [entity.id for entity in layer.entities]
    assert len(ids) == len(set(ids)) and all(i.startswith("e") for i in ids)
    for entity in layer.entities:
        assert entity.kind in ("person", "state", "organization", "group")
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text


def test_actors_wikidata_for_known_entries(actors):
    doc, layer = actors("Vladimir Putin spoke with the President of France.")
    assert entity_at(doc, layer, "Putin").wikidata == "Q7747"
    assert refs_at(doc, layer, "President") == {("FRA", "GOV")}


def test_actors_code_article_lists_entities(code_text):
    result = code_text("Russia massed troops near the border. Ukraine asked NATO for help.")
    codes = {(e.code, e.kind) for e in result.entities}
    assert {("RUS", "state"), ("UKR", "state"), ("NATO", "organization")} <= codes


def test_actors_apposition_codes_unknown_person(actors):
    doc, layer = actors("Ahmed al-Talani, a spokesman for the PMF, blamed the United States.")
    entity = entity_at(doc, layer, "al-Talani")
    assert (entity.code, entity.sector) == ("IRQ", "MIL")
    assert entity_at(doc, layer, "spokesman") is entity


@pytest.mark.parametrize("text, first, later", [
    ("G7 foreign ministers met in Quebec. The foreign ministers reaffirmed their concerns.",
     "G7 foreign ministers", "The foreign ministers"),
    ("Putin greeted the Interparliamentary Assembly. The Assembly holds a prominent place.",
     "Interparliamentary Assembly", "The Assembly"),
])
def test_actors_definite_phrases_join_earlier_body(actors, text, first, later):
    doc, layer = actors(text)
    assert entity_at(doc, layer, later) is entity_at(doc, layer, first)
    assert entity_at(doc, layer, later).code != "UNK"


def test_actors_context_codes_bare_institutions(actors):
    doc, layer = actors("Hong Kong student groups had given the government until Thursday.")
    assert refs_at(doc, layer, "government") == {("CHN", "GOV")}
    assert refs_at(doc, layer, "groups") == {("CHN", "CVL")}


@pytest.mark.parametrize("text, words, expected", [
    ("Thousands of Swedes joined the protest.", "Swedes", ("SWE", "CVL")),
    ("The Swedes rejected the offer.", "Swedes", ("SWE", "GOV")),
])
def test_actors_counted_demonyms_are_people(actors, text, words, expected):
    doc, layer = actors(text)
    assert refs_at(doc, layer, words) == {expected}


def test_actors_capital_named_as_place_is_no_actor(actors):
    doc, layer = actors("Blinken met his counterpart in Kyiv, and Moscow rejected the offer.")
    assert refs_at(doc, layer, "Kyiv") == set()
    assert refs_at(doc, layer, "Moscow") == {("RUS", "GOV")}


def test_actors_title_with_of_phrase_before_unknown_name(actors):
    text = ("Deputy Head of the Office of the President of Ukraine Ihor Zhovkva met Portuguese "
            "officials. Ihor Zhovkva thanked them.")
    doc, layer = actors(text)
    entity = entity_at(doc, layer, "Zhovkva", nth=1)
    assert entity is entity_at(doc, layer, "Zhovkva")
    assert (entity.code, entity.sector) == ("UKR", "GOV")


def test_actors_later_title_does_not_take_another_office(actors):
    text = ("Prime Minister of Portugal António Costa met Ukrainian officials. "
            "The Foreign Minister did not attend.")
    doc, layer = actors(text)
    assert entity_at(doc, layer, "Foreign Minister") is not entity_at(doc, layer, "Costa")


def test_actors_coordinated_titles_stay_apart(actors):
    text = ("The President of Russia and Head of the LPR Leonid Pasechnik signed a treaty.")
    doc, layer = actors(text)
    assert refs_at(doc, layer, "President") == {("RUS", "GOV")}
    assert refs_at(doc, layer, "Pasechnik") == {("UKR", "REB")}


@pytest.mark.parametrize("text, words, expected", [
    ("Moscow wants the alliance to roll back its forces.", "forces", {("NATO", "MIL")}),
    ("Biden and his aides spent Thursday clarifying remarks.", "aides", {("USA", "GOV")}),
])
def test_actors_possessive_pronoun_says_whose(actors, text, words, expected):
    doc, layer = actors(text)
    assert refs_at(doc, layer, words) == expected


def test_actors_list_of_names_keeps_each_name(actors):
    doc, layer = actors("He proposed talks in a United States - Ukraine - Russia format.")
    assert refs_at(doc, layer, "United States") == {("USA", "GOV")}
    assert refs_at(doc, layer, "Russia") == {("RUS", "GOV")}


def test_actors_capital_as_place_gives_context(actors):
    doc, layer = actors("Protesters clashed with police in Minsk. They threw stones.")
    assert refs_at(doc, layer, "police") == {("BLR", "COP")}
    assert refs_at(doc, layer, "They") == {("BLR", "CVL")}


def test_actors_possessed_country_is_the_state(actors):
    doc, layer = actors("Zelensky said his country would never give up.")
    assert refs_at(doc, layer, "country") == {("UKR", "GOV")}


@pytest.mark.parametrize("text, title, name", [
    ("President Volodymyr Zelensky met the Austrian chancellor. The Head of State thanked "
     "him for his support.", "Head", "Zelensky"),
    ("Vladimir Putin spoke by phone with Emmanuel Macron. The Russian leader said talks "
     "would continue.", "leader", "Putin"),
    ("Antony Blinken flew to Kyiv. The top diplomat promised more aid.", "diplomat", "Blinken"),
])
def test_actors_titles_stand_for_the_office_held(actors, text, title, name):
    doc, layer = actors(text)
    assert entity_at(doc, layer, title) is entity_at(doc, layer, name)


def test_actors_object_pronoun_is_not_the_subject(actors):
    text = "Zelensky met the Austrian chancellor. The president thanked him."
    doc, layer = actors(text)
    assert entity_at(doc, layer, "him") is entity_at(doc, layer, "chancellor")


def test_actors_capital_naming_a_thing_is_no_actor(actors):
    doc, layer = actors("Sweden joined the Paris Agreement after the Geneva talks.")
    assert refs_at(doc, layer, "Paris") == set()
    assert refs_at(doc, layer, "Sweden") == {("SWE", "GOV")}
