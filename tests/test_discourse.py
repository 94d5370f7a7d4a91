"""First person and quoted mentions: who "I"/"we" stand for, and who "he" outside a quote is."""

from __future__ import annotations

import json

import pytest

from dyad.model import Article
from dyad.pipeline import code_article
from dyad.pipeline.issuers import issuer_of, load_issuers


def _code(nlp, text: str, *, url: str | None = None, outlet: str | None = None):
    article = Article(text=text, id="t", published="2022-02-01", url=url, outlet=outlet)
    return code_article(nlp(text), article)


def _events(result, event_type):
    return [e for e in result.events if e.type == event_type and e.modality in ("asserted", "historical")]


def _codes(refs):
    return sorted(r.code for r in refs)


@pytest.mark.parametrize("text, event_type, actor, recipient", [
    ("“We will meet Russia next week,” Finnish President Sauli Niinistö said.", "AGREE", ["FIN"], ["RUS"]),
    ("Japan's foreign minister said: “We condemn Russia's aggression against Ukraine.”",
     "ACCUSE", ["JPN"], ["RUS"]),
    ("“I strongly condemn the missile strike on Odesa,” the German chancellor said.",
     "ACCUSE", ["DEU"], []),
])
def test_discourse_first_person_in_quote_is_the_speaker(nlp, text, event_type, actor, recipient):
    events = _events(_code(nlp, text), event_type)
    assert events and _codes(events[0].actor) == actor
    assert set(recipient) <= set(_codes(events[0].recipient))


@pytest.mark.parametrize("url, outlet, actor", [
    ("https://www.whitehouse.gov/briefing-room/statements/x", None, ["USA"]),
    ("http://en.kremlin.ru/events/president/news/1", None, ["RUS"]),
    (None, "President of Ukraine (president.gov.ua)", ["UKR"]),
    ("https://www.example-news.com/world/x", "Example News", []),  # a reporter's "we" is no actor
])
def test_discourse_first_person_outside_quotes_is_the_issuer(nlp, url, outlet, actor):
    result = _code(nlp, "Today we condemn the attack on the hospital in Kharkiv.", url=url, outlet=outlet)
    events = _events(result, "ACCUSE")
    assert events and _codes(events[0].actor) == actor


def test_discourse_issuer_voice_stays_out_of_quotes(nlp):
    text = ("The Ukrainian foreign minister met the press. “We reject these demands,” "
            "Dmytro Kuleba said. I thank the minister for his visit.")
    result = _code(nlp, text, url="https://www.state.gov/readout/x")
    reject = _events(result, "REJECT")
    assert reject and _codes(reject[0].actor) == ["UKR"]
    thanked = [m for e in result.entities for m in e.mentions if m.text == "I"]
    owners = [e.code for e in result.entities if any(m.text == "I" for m in e.mentions)]
    assert thanked and owners == ["USA"]


def test_discourse_he_after_quote_is_not_someone_named_inside_it(nlp):
    text = ("President Volodymyr Zelenskyy spoke to reporters in Kyiv. "
            "“I would like President Biden to join the talks,” he said.")
    result = _code(nlp, text)
    quote = next(q for q in result.quotes if q.kind == "direct")
    assert quote.speaker is not None and quote.speaker.code == "UKR"
    he = [e for e in result.entities if any(m.text == "he" for m in e.mentions)]
    assert [e.code for e in he] == ["UKR"]


def test_discourse_title_outside_quote_skips_people_named_inside(nlp):
    text = ("President Volodymyr Zelenskyy met foreign journalists. "
            "“President Biden can help us,” Zelenskyy said. The Head of State also urged Russia to talk.")
    result = _code(nlp, text)
    request = _events(result, "REQUEST")
    assert request and _codes(request[-1].actor) == ["UKR"]


@pytest.mark.parametrize("text, recipient", [
    ("The ministers called for China to release the detained activists.", ["CHN"]),
    ("Germany pressed for Iran to halt uranium enrichment.", ["IRN"]),
])
def test_discourse_for_to_clause_names_the_recipient(nlp, text, recipient):
    events = _events(_code(nlp, text), "REQUEST")
    assert events and _codes(events[0].recipient) == recipient


@pytest.mark.parametrize("url, outlet, code", [
    ("https://bidenwhitehouse.archives.gov/briefing-room/x", None, "USA"),
    ("https://www.state.gov/secretary/x", None, "USA"),
    (None, "President of Russia (en.kremlin.ru)", "RUS"),
    ("https://www.bbc.com/news/x", "BBC", None),
    ("https://notwhitehouse.gov.example.org/x", None, None),
])
def test_discourse_issuer_by_host_or_outlet(url, outlet, code):
    issuer = issuer_of(Article(text="x", url=url, outlet=outlet))
    assert (issuer.code if issuer else None) == code


def test_discourse_user_issuers_file_wins(tmp_path, monkeypatch):
    path = tmp_path / "issuers.jsonl"
    path.write_text(json.dumps({"name": "Ministry of Defence", "code": "GBR", "sector": "MIL",
                                "hosts": ["gov.uk"]}) + "\n", "utf-8")
    monkeypatch.setenv("DYAD_ISSUERS", str(path))
    issuer = issuer_of(Article(text="x", url="https://www.gov.uk/government/news/x"))
    assert issuer is not None and (issuer.code, issuer.sector) == ("GBR", "MIL")


def test_discourse_issuers_data_is_valid():
    issuers = load_issuers()
    assert len(issuers) >= 10
    assert all(i.code and i.sector and (i.hosts or i.outlets) for i in issuers)


@pytest.mark.parametrize("url, actor", [
    ("https://www.whitehouse.gov/briefing-room/statements/x", ["USA"]),
    ("https://www.example-news.com/world/x", []),
])
def test_discourse_statement_voice_makes_unattributed_verbal_acts(nlp, url, actor):
    result = _code(nlp, "Russia is responsible for the attack on the hospital in Kharkiv.", url=url)
    events = _events(result, "ACCUSE")
    assert events and _codes(events[0].actor) == actor
    assert _codes(events[0].recipient) == ["RUS"]


@pytest.mark.parametrize("url, code", [
    ("http://en.kremlin.ru/events/president/news/1", "RUS"),
    ("https://www.example-news.com/world/x", None),
])
def test_discourse_issuer_document_quote_is_the_issuer(nlp, url, code):
    text = ("Greetings were sent to the participants of the forum. The message reads, in part: "
            "“The forum has become an important platform for dialogue between our countries.”")
    result = _code(nlp, text, url=url)
    quote = next(q for q in result.quotes if q.kind == "direct")
    assert (quote.speaker.code if quote.speaker else None) == code


@pytest.mark.parametrize("text, actor", [
    ("NATO ministers discussed Russia's military buildup in Brussels.", ["NATO"]),
    ("Japan and India negotiated China's role in the new forum.", ["IND", "JPN"]),
    ("Japan discussed the crisis with South Korea on Monday.", ["JPN", "KOR"]),  # "with": a party
])
def test_discourse_discussed_topic_is_no_participant(nlp, text, actor):
    events = _events(_code(nlp, text), "CONSULT")
    assert events and _codes(events[0].actor) == actor


@pytest.mark.parametrize("text, actor", [
    ("Putin and Finnish President Sauli Niinisto held a long conversation on Friday.", ["FIN", "RUS"]),
    ("Macron and German Chancellor Olaf Scholz held talks in Paris.", ["DEU", "FRA"]),
])
def test_discourse_pair_hung_as_modifier_are_both_parties(nlp, text, actor):
    events = _events(_code(nlp, text), "CONSULT")
    assert events and _codes(events[0].actor + events[0].recipient) == actor


@pytest.mark.parametrize("text, actor, recipient", [
    ("China said the United States was to blame for the tensions.", ["CHN"], ["USA"]),
    ("Moscow tried to blame Ukraine for the attack.", ["RUS"], ["UKR"]),  # an object: the usual roles
])
def test_discourse_is_to_blame_names_the_accused(nlp, text, actor, recipient):
    events = [e for e in _code(nlp, text).events if e.type == "ACCUSE"]
    assert events and _codes(events[0].actor) == actor and _codes(events[0].recipient) == recipient


@pytest.mark.parametrize("text, actor", [
    (("Some analysts and Russian officials doubt the plan. The NATO summit declaration said the alliance "
      "was united. They called on Russia to withdraw its forces."), ["NATO"]),
    ("The G7 statement was issued on Friday. They urged Iran to stop enrichment.", ["G7"]),
])
def test_discourse_they_after_a_body_of_states_speaking(nlp, text, actor):
    events = _events(_code(nlp, text), "REQUEST")
    assert events and _codes(events[-1].actor) == actor


@pytest.mark.parametrize("text, code", [
    ("Japan expressed its “deep concern” over the missile launch on Sunday.", "JPN"),
    ("The statement said Poland reaffirmed its “full commitment to the alliance.”", "POL"),
])
def test_discourse_quote_in_the_object_of_express_or_affirm(nlp, text, code):
    quote = next(q for q in _code(nlp, text).quotes if q.kind == "direct")
    assert quote.speaker is not None and quote.speaker.code == code


@pytest.mark.parametrize("text", [
    "A majority of nations around the world condemn the invasion of Ukraine.",  # someone else speaks
    "The Treaty of Friendship between Russia and Belarus was signed in 1999.",  # an unsaid doer
])
def test_discourse_statement_voice_leaves_others_acts_alone(nlp, text):
    result = _code(nlp, text, url="https://www.whitehouse.gov/briefing-room/statements/x")
    assert all("USA" not in _codes(e.actor) for e in result.events)


def test_discourse_news_agency_gives_no_context_code(nlp):
    text = ("Reuters reported the bombing was the deadliest in Afghanistan since 2018, "
            "with officials reporting 150 dead.")
    officials = [e for e in _code(nlp, text).entities if e.name == "officials"]
    assert officials and officials[0].code == "AFG"


@pytest.mark.parametrize("url, code", [
    ("http://en.kremlin.ru/events/president/news/1", "RUS"),
    ("https://www.president.gov.ua/en/news/x", "UKR"),
    ("https://www.bbc.com/news/x", "UNK"),  # a news report: whose president is not said
])
def test_discourse_issuers_president_is_its_own(nlp, url, code):
    result = _code(nlp, "The President condemned the attack on the school.", url=url)
    president = [e for e in result.entities if e.name == "The President"]
    assert president and president[0].code == code


def test_discourse_issuers_president_named_abroad_keeps_its_country(nlp):
    text = "Vladimir Putin met Emmanuel Macron. The President of France said the talks were useful."
    result = _code(nlp, text, url="http://en.kremlin.ru/events/president/news/1")
    assert {e.code for e in result.entities if any(m.text == "The President" for m in e.mentions)} == {"FRA"}


@pytest.mark.parametrize("text, noun, actor", [
    ("Dozens died in the attack, reportedly conducted by the Taliban.", "attack", ["AFG"]),
    ("Ten soldiers were wounded in the assault, carried out by Russian forces.", "assault", ["RUS"]),
])
def test_discourse_trailing_participle_names_the_attacker(nlp, text, noun, actor):
    # "wounded in the assault" is one act: the event may carry the verb as its trigger
    events = _events(_code(nlp, text), "ASSAULT")
    assert len(events) == 1 and noun in events[0].sentence.text and _codes(events[0].actor) == actor


@pytest.mark.parametrize("text, actor, recipient", [
    ("Russia massed 100,000 troops in the region on Friday.", ["RUS"], []),
    ("Belarus deployed its troops against Ukrainian forces.", ["BLR"], ["UKR"]),  # others' forces: a target
])
def test_discourse_mobilized_forces_are_the_movers_own(nlp, text, actor, recipient):
    events = _events(_code(nlp, text), "MOBILIZE")
    assert events and _codes(events[0].actor) == actor
    assert _codes(events[0].recipient) == recipient


@pytest.mark.parametrize("url", [None, "http://en.kremlin.ru/events/president/news/1"])
def test_discourse_it_was_agreed_after_a_readout_is_both_parties(nlp, url):
    text = ("Russia and France held talks on Monday. The leaders discussed the crisis. "
            "It was agreed to continue the dialogue.")
    agree = _events(_code(nlp, text, url=url), "AGREE")
    assert agree and _codes(agree[-1].actor + agree[-1].recipient) == ["FRA", "RUS"]
