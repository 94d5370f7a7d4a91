"""Sourcing: what each event and quote rests on (speaker, outlet, anonymous, reporter).

Sentences written for these tests; events are built by hand on a chosen
trigger word so that only the sourcing stage is under test.
"""

from __future__ import annotations

import pytest

from dyad.model import Article
from dyad.pipeline.quotes import find_quotes
from test_quotes import StubActors, direct, event_at


@pytest.fixture(scope="module")
def sourced(nlp):
    """Run find_quotes on ``text`` with one event triggered by ``word``; return the event."""
    def run(text: str, word: str):
        doc = nlp(text)
        event = event_at(text, word)
        quotes = find_quotes(doc, Article(text=text, id="t"), StubActors(doc), [event])
        return event, quotes
    return run


@pytest.mark.parametrize("text, word, kind, name_part", [
    ("Russia moved troops to the border on Friday.", "moved", "reporter", None),
    ("Blinken said Russia moved troops to the border.", "moved", "speaker", "Blinken"),
    ("Russia moved troops to the border, according to the Interfax news service.", "moved",
     "outlet", "Interfax"),
    ("Reuters reported that Russia moved troops to the border.", "moved", "outlet", "Reuters"),
    ("Russia moved troops to the border, according to people familiar with the matter.",
     "moved", "anonymous", "people familiar"),
    ("Officials said Russia moved troops to the border.", "moved", "anonymous", "Officials"),
    ("A senior official who spoke on condition of anonymity said Russia moved troops.",
     "moved", "anonymous", "official"),
    ("Talks came amid Blinken’s warning that Russia moved troops to the border.",
     "moved", "speaker", "Blinken"),
    ("“Russia moved troops to the border,” Lavrov told reporters.",
     "moved", "speaker", "Lavrov"),
])
def test_sourcing_event_kinds(sourced, text, word, kind, name_part):
    event, _ = sourced(text, word)
    assert event.sourcing.kind == kind
    if name_part is not None:
        assert name_part in (event.sourcing.name or "")


def test_sourcing_anonymous_source_keeps_its_side(sourced):
    event, _ = sourced("Russian officials said Ukraine moved troops to the border.", "moved")
    assert event.sourcing.kind == "anonymous"
    assert event.sourcing.code == "RUS"


def test_sourcing_reporting_verb_itself_rests_on_reporter(sourced):
    event, _ = sourced("Blinken said Russia moved troops to the border.", "said")
    assert event.sourcing.kind == "reporter"


def test_sourcing_contrastive_clause_is_not_the_speakers(sourced):
    text = "Blinken said talks would go on, while Lavrov rejected the proposal."
    event, _ = sourced(text, "rejected")
    assert event.sourcing.kind == "reporter"


@pytest.mark.parametrize("text, kind, name_part", [
    ("“We will not back down,” Lavrov said.", "speaker", "Lavrov"),
    ("“We will not back down,” the ministry said, according to the Interfax news service.",
     "outlet", "Interfax"),
    ("“We will not back down,” said an official who asked not to be identified.",
     "anonymous", "official"),
])
def test_sourcing_quote_rests_on(sourced, text, kind, name_part):
    _, quotes = sourced(text, "back")
    quote = direct(quotes)[0]
    assert quote.sourcing.kind == kind
    assert name_part in (quote.sourcing.name or "")


def test_sourcing_relayed_quote_keeps_its_speaker(sourced):
    text = "“We will not back down,” Russia’s foreign minister said, according to Interfax."
    event, quotes = sourced(text, "back")
    quote = direct(quotes)[0]
    assert quote.speaker is not None and quote.speaker.code == "RUS"
    assert (quote.sourcing.kind, quote.sourcing.name) == ("outlet", "Interfax")
    # The event rests on the minister's word, as in a reported clause.
    assert (event.sourcing.kind, event.sourcing.code) == ("speaker", "RUS")


@pytest.mark.parametrize("text, kind", [
    ("White House press secretary Jen Psaki said Russia moved troops.", "speaker"),
    ("The International Atomic Energy Agency said Russia moved troops.", "speaker"),
    ("The state news agency said Russia moved troops.", "outlet"),
    ("Russian state television said Ukraine moved troops.", "outlet"),
])
def test_sourcing_outlet_only_for_news_organisations(sourced, text, kind):
    event, _ = sourced(text, "moved")
    assert event.sourcing.kind == kind


def test_sourcing_speaker_coded_through_apposition(nlp):
    text = "Adil Mahdi, the prime minister of Ukraine, called it “an aggression”."
    doc = nlp(text)
    quote = direct(find_quotes(doc, Article(text=text, id="t"), StubActors(doc), []))[0]
    assert quote.speaker is not None and quote.speaker.code == "UKR"
