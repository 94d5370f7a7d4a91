"""Quotes: finding quoted stretches, attributing them, indirect speech, links to events.

The sentences are written for these tests. Attribution is checked against a
small stand-in actor layer that codes the people the sentences name, so the
tests do not depend on how far the real actor dictionary has come.
"""

from __future__ import annotations

import json
import re

import pytest

from dyad.model import ActorRef, Article, Entity, Event, Mention
from dyad.pipeline.quotes import find_quote_spans, find_quotes

PEOPLE = {
    "Antony Blinken": ("USA", "person"), "Blinken": ("USA", "person"),
    "Sergei Lavrov": ("RUS", "person"), "Lavrov": ("RUS", "person"),
    "Russia": ("RUS", "state"), "Russian": ("RUS", "state"), "Ukraine": ("UKR", "state"),
}


class StubActors:
    """The ActorLayer interface (entities, entity_of, refs_of, ref) over a
    fixed name list: every occurrence of a listed name is that actor."""

    def __init__(self, doc, names: dict[str, tuple[str, str]] = PEOPLE) -> None:
        self.entities: list[Entity] = []
        self.by_token: dict[int, Entity] = {}
        by_code: dict[str, Entity] = {}
        for name in sorted(names, key=len, reverse=True):
            code, kind = names[name]
            entity = by_code.setdefault(f"{code}:{kind}", Entity(
                id=f"e{len(by_code)}", name=name, code=code, sector="GOV", kind=kind))
            if entity not in self.entities:
                self.entities.append(entity)
            for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if any(t.i in self.by_token for t in span):
                    continue
                entity.mentions.append(Mention(m.start(), m.end(), m.group(0)))
                self.by_token.update((t.i, entity) for t in span)

    def entity_of(self, token):
        return self.by_token.get(token.i)

    def refs_of(self, token) -> list[ActorRef]:
        entity = self.entity_of(token)
        return [self.ref(entity)] if entity else []

    def ref(self, entity) -> ActorRef:
        return ActorRef(entity.name, entity.code, entity.sector, entity.id)


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(text: str, events: list[Event] | None = None):
        doc = nlp(text)
        return find_quotes(doc, Article(text=text, id="t"), StubActors(doc), events or [])
    return run


def direct(quotes):
    return [q for q in quotes if q.kind == "direct"]


def event_at(text: str, word: str, event_id: str = "t-v0") -> Event:
    start = text.index(word)
    return Event(id=event_id, type="REQUEST", mode=None, quad=1, score=0.0, actor=[],
                 recipient=[], modality="asserted", trigger=Mention(start, start + len(word), word),
                 sentence=Mention(0, len(text), text))


@pytest.mark.parametrize("text, expected", [
    ('He called it "a mistake," and left.', ["a mistake"]),
    ("She spoke of “deep concern” and “resolve”.", ["deep concern", "resolve"]),
    ("Officials rejected what they called ‘hysteria’ in Russia’s press.", ["hysteria"]),
    ("The peoples’ republics and Russia’s army are not quotes.", []),
    ("“We are ready. We will talk,” he said.", ["We are ready. We will talk"]),
    ("“Suffice to say, we are hopeful,\" he said.", ["Suffice to say, we are hopeful"]),
    ("A stray “ mark with no end.\nNext paragraph.", []),
])
def test_quotes_spans_between_marks(text, expected):
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == expected


def test_quotes_span_continues_into_next_paragraph():
    text = "“We came to talk.\n“We will come back,” Blinken said."
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["We came to talk.", "We will come back"]
    assert spans[1].continued


@pytest.mark.parametrize("text, quoted, speaker", [
    ("“We will not back down,” Blinken said on Friday.", "We will not back down", "USA"),
    ("“We will not back down,” said Lavrov.", "We will not back down", "RUS"),
    ("Blinken said: “We will not back down.”", "We will not back down.", "USA"),
    ("According to Lavrov, the West has fallen into “hysteria”.", "hysteria", "RUS"),
    ("Blinken spoke while Lavrov dismissed Western “hysteria” over Ukraine.",
     "hysteria", "RUS"),
    ("Calling it a “critical moment,” Blinken said the talks must go on.",
     "critical moment", "USA"),
    ("Blinken met Lavrov on Friday. “We will meet again,” he said.",
     "We will meet again", "USA"),
    ("“The talks were useful. We will meet again,” Lavrov told reporters.",
     "The talks were useful. We will meet again", "RUS"),
])
def test_quotes_direct_attributed_to_speaker(quotes_of, text, quoted, speaker):
    quotes = direct(quotes_of(text))
    assert [q.text for q in quotes] == [quoted]
    assert quotes[0].speaker is not None and quotes[0].speaker.code == speaker
    assert quotes[0].text == text[quotes[0].start:quotes[0].end]


@pytest.mark.parametrize("text", [
    "Lavrov said: “We came to talk.\n“We will come back next week,” he added.\nTalks ended.",
    "“We came to talk.\n“We will come back next week,” Lavrov said.\nTalks ended.",
])
def test_quotes_quote_over_paragraphs_keeps_one_speaker(quotes_of, text):
    quotes = direct(quotes_of(text))
    assert [q.text for q in quotes] == ["We came to talk.", "We will come back next week"]
    assert [q.speaker.code if q.speaker else None for q in quotes] == ["RUS", "RUS"]


def test_quotes_interrupted_quote_is_two_stretches_of_one_speaker(quotes_of):
    text = "“We will not back down,” Lavrov said, “and we will keep talking.”"
    quotes = direct(quotes_of(text))
    assert [q.text for q in quotes] == ["We will not back down", "and we will keep talking."]
    assert [q.speaker.code for q in quotes] == ["RUS", "RUS"]


@pytest.mark.parametrize("text", [
    "“We plan to meet again,” Blinken said. “Russia will get our answer next week.”",
    "Blinken said the meeting had been useful. “Russia will get our answer next week.”",
])
def test_quotes_speaker_from_previous_sentence(quotes_of, text):
    last = direct(quotes_of(text))[-1]
    assert last.text.startswith("Russia will get")
    assert last.speaker is not None and last.speaker.code == "USA"


def test_quotes_pronoun_skips_names_inside_quotes(quotes_of):
    text = "Lavrov spoke to reporters. “Blinken knows our terms,” he said."
    quote = direct(quotes_of(text))[0]
    assert quote.speaker.code == "RUS"


@pytest.mark.parametrize("text, kind", [
    ("The plan was described as “reckless” by several officials on Monday.", "anonymous"),
    ("The plan was described as “reckless” on Monday.", "reporter"),
])
def test_quotes_passive_naming_speaker_is_the_agent(quotes_of, text, kind):
    quote = direct(quotes_of(text))[0]
    assert quote.speaker is None
    assert quote.sourcing.kind == kind


def test_quotes_scare_quote_without_speaker_is_kept_uncoded(quotes_of):
    quotes = direct(quotes_of("The region has become a “frozen conflict” over the years."))
    assert [q.text for q in quotes] == ["frozen conflict"]
    assert quotes[0].speaker is None
    assert quotes[0].sourcing.kind == "reporter"


@pytest.mark.parametrize("text, clause, speaker", [
    ("Lavrov said he cannot tell yet whether the talks are going well.",
     "he cannot tell yet whether the talks are going well", "RUS"),
    ("Blinken said that the U.S. will send written responses to Russia.",
     "the U.S. will send written responses to Russia", "USA"),
    ("According to Lavrov, Moscow has no plans to attack Ukraine.",
     "Moscow has no plans to attack Ukraine", "RUS"),
    ("Lavrov’s claim that NATO is expanding was rejected.", "NATO is expanding", "RUS"),
])
def test_quotes_indirect_speech_of_named_speaker(quotes_of, text, clause, speaker):
    quotes = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert [q.text for q in quotes] == [clause]
    assert quotes[0].speaker.code == speaker
    assert quotes[0].text == text[quotes[0].start:quotes[0].end]


def test_quotes_indirect_speech_needs_a_named_speaker(quotes_of):
    quotes = quotes_of("Analysts said the talks could fail.")
    assert [q for q in quotes if q.kind == "indirect"] == []


def test_quotes_link_events_inside_and_on_reporting_verb(quotes_of):
    text = "“Russia must pull back its troops,” Blinken said. The weather was cold."
    inside = event_at(text, "pull", "t-v0")
    on_verb = event_at(text, "said", "t-v1")
    elsewhere = event_at(text, "was", "t-v2")
    quote = direct(quotes_of(text, [inside, on_verb, elsewhere]))[0]
    assert quote.events == ["t-v0", "t-v1"]


def test_quotes_full_pipeline_offsets(code_text):
    text = "“We will not back down,” Russia’s foreign minister said on Friday."
    result = code_text(text)
    quote = direct(result.quotes)[0]
    assert quote.text == "We will not back down" == text[quote.start:quote.end]
    assert quote.speaker is not None and quote.speaker.code == "RUS"


@pytest.mark.parametrize("article_id", ["0cdc653de4ea", "fa8cc9104eff", "4ad5512fe8af"])
def test_quotes_find_every_gold_quote_of_a_wikinews_article(nlp, shared_dir, corpus_articles,
                                                            article_id):
    """Each gold direct quote of these openly licensed articles is found, with
    the same words (up to the marks) and an attributed speaker."""
    gold = json.loads((shared_dir / "gold" / "dev" / f"{article_id}.json").read_text("utf-8"))
    text = corpus_articles[article_id]["text"]
    doc = nlp(text)
    found = {q.text: q for q in direct(find_quotes(doc, Article(text=text, id=article_id),
                                                   StubActors(doc, {}), []))}
    for quote in (q for q in gold["quotes"] if q["kind"] == "direct"):
        words = quote["text"].rstrip("[.]")
        match = next((q for t, q in found.items() if words in t or t in quote["text"]), None)
        assert match is not None, quote["text"]
        assert match.sourcing.kind != "reporter"


def test_quotes_speaker_in_attribution_split_off_by_parser(quotes_of):
    text = "“Why would we attack? What is the point?” asked Lavrov. Talks went on."
    quote = direct(quotes_of(text))[0]
    assert quote.speaker is not None and quote.speaker.code == "RUS"
