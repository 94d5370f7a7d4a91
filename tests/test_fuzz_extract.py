"""Fuzzing extraction: texts that pass the ingest checks but are mangled the
ways scraped text is (cut mid-word, odd characters, shouting, sentences
shuffled or repeated, quotes left open) never make the pipeline fail, and
every offset it gives points at the text it claims: text[start:end] == text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyad.errors import InputError
from dyad.extract import extract
from dyad.ingest.checks import check_text
from dyad.model import Article, ArticleResult, Mention
from fuzz_inputs import ODD_CHARS, article_texts, fuzz_settings

# Short enough that one example parses in well under a second.
MAX_TEXT = 2500
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _cut(draw, text: str) -> str:
    start = draw(st.integers(0, max(0, len(text) - 200)))
    return text[start:start + draw(st.integers(200, MAX_TEXT))]


def _odd_chars(draw, text: str) -> str:
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(alphabet=ODD_CHARS, min_size=1, max_size=5)) + text[at:]
    return text


def _sentences(draw, text: str) -> str:
    parts = _SENTENCE_END.split(text)
    order = draw(st.permutations(range(len(parts))))
    repeated = draw(st.lists(st.sampled_from(range(len(parts))), max_size=3))
    return " ".join(parts[i] for i in [*order, *repeated])


def _case(draw, text: str) -> str:
    return draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))(text)


def _punctuation(draw, text: str) -> str:
    """Quotes left open, brackets unbalanced, dashes and ellipses where a scraper leaves them."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\u201c", "\"", "(", ")", " \u2014 ", "...", "\n\n", " -- ",
                                                 "'s", "[", "*", "\u00ab"])) + text[at:]
    return text


def _whitespace(draw, text: str) -> str:
    spacer = draw(st.sampled_from(["\n", "  ", "\t", "\u00a0", "\r\n", "\n \n"]))
    return spacer.join(text.split(" ")) if draw(st.booleans()) else text.replace(". ", ".")


TEXT_MUTATIONS = (_odd_chars, _sentences, _case, _punctuation, _whitespace)


@st.composite
def valid_texts(draw) -> str:
    text = _cut(draw, draw(st.sampled_from(article_texts())))
    for mutation in draw(st.lists(st.sampled_from(TEXT_MUTATIONS), max_size=3)):
        text = mutation(draw, text)
    return text


def offsets_of(result: ArticleResult) -> list[tuple[str, Mention]]:
    found = []
    for event in result.events:
        found += [(f"event {event.id} trigger", event.trigger), (f"event {event.id} sentence", event.sentence)]
    for owner in (*result.entities, *result.places):
        found += [(f"{owner.id} mention", mention) for mention in owner.mentions]
    for quote in result.quotes:
        found.append((f"quote {quote.id}", Mention(quote.start, quote.end, quote.text)))
    return found


def assert_coded_within_its_text(result: ArticleResult) -> None:
    text = result.article.text
    for where, mention in offsets_of(result):
        assert 0 <= mention.start <= mention.end <= len(text), (where, mention)
        assert text[mention.start:mention.end] == mention.text, (where, mention)
    for event in result.events:
        assert event.sentence.start <= event.trigger.start and event.trigger.end <= event.sentence.end, event.id
        assert event.quad in (1, 2, 3, 4)


@fuzz_settings(25)
@given(valid_texts(), st.sampled_from([None, "2022-02-24", "1999-12-31"]))
def test_fuzz_extract_valid_texts_code_without_errors_and_offsets_hold(nlp, text, published):
    try:
        check_text(text, item="fuzz")
    except InputError:
        return  # not a valid text: the ingest fuzz tests cover what happens to it
    [result] = list(extract([Article(text=text, published=published)]))
    assert isinstance(result, ArticleResult), result
    assert_coded_within_its_text(result)


@pytest.mark.parametrize("text", [
    "Russia said. " * 400,  # one short sentence, again and again
    "\u201cWe will not go back,\u201d the minister of Ukraine said, \u201cand we will",  # a quote left open
    "UKRAINE SAID RUSSIA ATTACKED KHARKIV ON MONDAY AND NATO CONDEMNED THE STRIKE.",
    "The army of Russia\u00a0shelled\u200bKharkiv, Ukraine\u2019s president said on 31/02/2022.",
    "Germany condemned Russia. \n\n\n\t\t. . . ( [ \u00ab \u2014 and the United States said it will respond",
])
def test_fuzz_extract_edge_texts_code_and_offsets_hold(nlp, text):
    """Hand-written texts at the edges of what the pipeline meets (repetition, open quotes, capitals)."""
    [result] = list(extract([Article(text=text, published="2022-03-01")]))
    assert isinstance(result, ArticleResult), result
    assert_coded_within_its_text(result)
