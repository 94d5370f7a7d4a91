"""Quotes and sourcing: who said what, and on whose word.

Direct quotes are found by a scan for quotation marks (straight and curly
double marks, and curly single marks used as quotes, told apart from
apostrophes by what stands around them); each is attributed through the
dependency parse to the subject of its reporting verb, to the object of
"according to", or to the speaker of the quote just before it. Indirect quotes
are clauses reported by a coded speaker ("Lavrov said he can't say ...").
Events then learn what they rest on (``event.sourcing``), and quotes which
events they report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyad.model import ActorRef, Article, Event, Quote, Sourcing
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.doc_text import doc_text
from dyad.pipeline.sourcing import (
    QUOTED_KEY, Source, is_reporting_verb, lexicons, reported_clauses, reporting_source,
    sentence_according, source_of, subject_of,
)

_DOUBLE_OPEN = {"“", '"', "„"}
_DOUBLE_CLOSE = {"”", '"'}
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"
_MARK_RE = re.compile(
    "[" + "".join(sorted(_DOUBLE_OPEN | _DOUBLE_CLOSE)) + _SINGLE_OPEN + _SINGLE_CLOSE + "]")
_STRIP = " \t\n,"  # a trailing comma belongs to the sentence, not the quote
_PERSONAL = {"he", "she", "him", "her"}  # a pronoun speaker is a person named earlier


@dataclass
class _Draft:
    """A quote while it is being built: the reporting word that introduces it
    and the source found for it (None: no one found)."""

    quote: Quote
    verb: Token | None = None
    source: Source | None = None


@dataclass
class QuoteSpan:
    """The words between a pair of quotation marks."""

    start: int
    end: int
    continued: bool = False  # carries on a quote from the previous paragraph


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every stretch inside quotation marks, one per continuous stretch.

    A quote ends at its paragraph: where the next paragraph opens with a
    quotation mark the quote goes on there (news style for long quotes);
    where it does not, the opening mark was stray and is dropped."""
    spans: list[QuoteSpan] = []
    offset, continued = 0, False
    paragraphs = text.split("\n")
    for n, paragraph in enumerate(paragraphs):
        opened, kind = _scan_paragraph(paragraph, offset, spans, continued)
        first = not spans or spans[-1].start < offset
        carried_on = continued and first
        continued = False
        if opened is not None and kind == "double" and _opens_quote(paragraphs, n + 1):
            spans.append(QuoteSpan(opened, offset + len(paragraph), continued=carried_on))
            continued = True
        offset += len(paragraph) + 1
    return [s for s in (_trimmed(text, s) for s in spans) if s is not None]


def _scan_paragraph(paragraph: str, offset: int, spans: list[QuoteSpan],
                    continued: bool) -> tuple[int | None, str | None]:
    """Pair the marks of one paragraph; return where an unclosed quote opened."""
    opened: int | None = None
    kind: str | None = None
    for match in _MARK_RE.finditer(paragraph):
        i, char = match.start(), match.group()
        if char in _DOUBLE_OPEN and (opened is None or char == "“"):
            # A second opening mark means the first was never closed: restart.
            opened, kind = i + 1, "double"
        elif opened is None:
            if char == _SINGLE_OPEN and _word_start(paragraph, i):
                opened, kind = i + 1, "single"
        elif (kind == "double" and char in _DOUBLE_CLOSE) or (
                kind == "single" and char == _SINGLE_CLOSE and _word_end(paragraph, i)):
            first = not spans or spans[-1].start < offset
            spans.append(QuoteSpan(offset + opened, offset + i, continued=continued and first))
            opened = kind = None
    return (None if opened is None else offset + opened), kind


def _word_start(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _word_end(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalnum()


def _opens_quote(paragraphs: list[str], n: int) -> bool:
    while n < len(paragraphs) and not paragraphs[n].strip():
        n += 1
    return n < len(paragraphs) and paragraphs[n].lstrip()[:1] in ("“", '"')


def _trimmed(text: str, span: QuoteSpan) -> QuoteSpan | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return QuoteSpan(start, end, span.continued)


def find_quotes(doc: Doc, article: Article, actors: ActorLayer, events: list[Event]) -> list[Quote]:
    """Direct and indirect quotes; also sets ``event.sourcing`` and links quotes to events."""
    drafts, quoted = _direct_drafts(doc, article, actors)
    drafts += _indirect_quotes(doc, article, actors, quoted)
    for n, draft in enumerate(drafts):
        draft.quote.id = f"{article.id}-q{n}"
    _source_events(doc, actors, events, drafts, quoted)
    _link_events(drafts, events)
    return [d.quote for d in drafts]


def quote_speakers(doc: Doc, article: Article, actors: ActorLayer) -> list[tuple[int, int, ActorRef]]:
    """The direct quotes whose speaker is known, as (start, end, speaker): what
    "I" and "we" inside each stand for (read before events are coded)."""
    drafts, _ = _direct_drafts(doc, article, actors)
    return [(d.quote.start, d.quote.end, d.quote.speaker) for d in drafts
            if d.quote.speaker is not None]


def _direct_drafts(doc: Doc, article: Article, actors: ActorLayer
                   ) -> tuple[list[_Draft], frozenset[int]]:
    """Every direct quote, attributed; and the indices of the quoted tokens."""
    spans = find_quote_spans(article.text)
    doc.user_data[QUOTED_KEY] = tuple((s.start, s.end) for s in spans)
    quoted = frozenset(t.i for s in spans for t in _tokens(doc, s.start, s.end))
    drafts: list[_Draft] = []
    for span in spans:
        previous = drafts[-1] if drafts else None
        drafts.append(_direct_quote(doc, article, actors, span, quoted, previous))
    _share_back(drafts, spans)
    return drafts, quoted


def _share_back(drafts: list[_Draft], spans: list[QuoteSpan]) -> None:
    """A quote running over paragraphs is often attributed only in its last
    part (“A.  /  “B,” Blinken said.): earlier parts take that speaker."""
    for n in range(len(drafts) - 2, -1, -1):
        later, draft = drafts[n + 1], drafts[n]
        if spans[n + 1].continued and draft.source is None and later.source is not None:
            draft.quote.speaker, draft.quote.sourcing = later.quote.speaker, later.quote.sourcing
            draft.source = later.source


def _tokens(doc: Doc, start: int, end: int) -> Span:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else doc[0:0]


def _direct_quote(doc: Doc, article: Article, actors: ActorLayer, span: QuoteSpan,
                  quoted: frozenset[int], previous: _Draft | None) -> _Draft:
    tokens = _tokens(doc, span.start, span.end)
    text = article.text[span.start:span.end]
    # Words with no one to say them are the reporter's choice (scare quotes).
    draft = _Draft(Quote(id="", kind="direct", text=text, start=span.start, end=span.end,
                         speaker=None, sourcing=Sourcing("reporter")))
    verb, source = _attribute(tokens, actors, quoted)
    if source is None and previous is not None and _follows(doc, previous, tokens, span):
        draft.quote.speaker, draft.quote.sourcing = previous.quote.speaker, previous.quote.sourcing
        draft.source = previous.source
        return draft
    if source is None:
        verb, source = _next_sentence_source(tokens, actors, quoted)
    if source is None and _starts_sentence(tokens):
        verb, source = _previous_sentence_source(tokens, actors, quoted)
    if source is not None and source.ref is None:
        source = _own_document(source, actors)
    if source is not None:
        draft.quote.speaker = source.ref
        draft.quote.sourcing = _quote_sourcing(tokens, source, actors, quoted)
        draft.verb, draft.source = verb, source
    return draft


def _own_document(source: Source, actors: ActorLayer) -> Source:
    """"The message reads: ..." in a text a government office published: a
    document that names no one else is the office's own word."""
    voice = getattr(actors, "own_voice", None)  # a layer from before the first-person step has none
    if voice is None or source.kind != "speaker" or \
            source.head.lemma_.lower() not in lexicons().document_heads:
        return source
    return Source(source.head, source.mention, voice, source.kind)


def _starts_sentence(tokens: Span) -> bool:
    return bool(len(tokens)) and tokens[0].i - tokens[0].sent.start <= 1


def _next_sentence_source(tokens: Span, actors: ActorLayer, quoted: frozenset[int]
                          ) -> tuple[Token | None, Source | None]:
    """“...?” / said Blinken. -- where the parser split the attribution off
    into a sentence of its own, right after the quote."""
    if not len(tokens) or tokens.end + 2 < tokens[-1].sent.end:
        return None, None
    doc = tokens.doc
    if tokens[-1].sent.end >= len(doc):
        return None, None
    following = doc[tokens[-1].sent.end].sent
    for verb in following[:4]:
        if verb.i not in quoted and is_reporting_verb(verb):
            subject = subject_of(verb)
            if subject is not None and subject.sent == following and subject.i not in quoted:
                return verb, source_of(subject, actors)
    return None, None


def _previous_sentence_source(tokens: Span, actors: ActorLayer, quoted: frozenset[int]
                              ) -> tuple[Token | None, Source | None]:
    """A quote standing alone after "Blinken said the talks were useful." is
    Blinken's: the last reporting verb with a subject in the sentence before."""
    start = tokens[0].sent.start
    if start == 0:
        return None, None
    previous = tokens.doc[start - 1].sent
    for verb in reversed(previous):
        if verb.i in quoted or not is_reporting_verb(verb):
            continue
        subject = subject_of(verb)
        if subject is not None and subject.i not in quoted:
            return verb, source_of(subject, actors)
    return None, None


def _attribute(tokens: Span, actors: ActorLayer, quoted: frozenset[int]
               ) -> tuple[Token | None, Source | None]:
    """The reporting verb (or "according to") that governs a quote, and its source."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside:
            found = reporting_source(token, actors, skip=quoted)
            if found is not None:
                return found
    colon = _colon_source(tokens, actors, quoted)
    if colon is not None:
        return colon
    # The parser may hang "he said" below the quote: take the nearest
    # reporting verb outside quotes in the sentences the quote touches.
    candidates = [t for t in _sentence_tokens(tokens) if t.i not in quoted and is_reporting_verb(t)]
    candidates.sort(key=lambda t: min(abs(t.i - tokens.start), abs(t.i - tokens.end)))
    for verb in candidates:
        subject = subject_of(verb)
        if subject is not None and subject.i not in quoted:
            return verb, source_of(subject, actors)
    according = sentence_according(_sentence_tokens(tokens), actors, skip=quoted)
    return (None, according) if according is not None else (None, None)


def _colon_source(tokens: Span, actors: ActorLayer, quoted: frozenset[int]
                  ) -> tuple[Token, Source] | None:
    """A quote introduced by a colon ("The message reads: ...", "he praised
    him: ...") belongs to the subject of the clause before the colon."""
    if not len(tokens) or tokens.start < 2:
        return None
    colon = tokens.doc[tokens.start - 2]  # the token before the opening mark
    if colon.text != ":":
        return None
    verb = colon.head if colon.head.i not in quoted else colon.sent.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = subject_of(verb)
    if subject is None or subject.i in quoted:
        return None
    return verb, source_of(subject, actors)


def _sentence_tokens(tokens: Span) -> list[Token]:
    if not len(tokens):
        return []
    doc = tokens.doc
    start, end = tokens[0].sent.start, tokens[-1].sent.end
    return list(doc[start:end])


def _follows(doc: Doc, draft: _Draft, tokens: Span, span: QuoteSpan) -> bool:
    """Whether an unattributed quote goes on from the ``draft`` before it: it
    continues a paragraph, or starts within the sentence after the one that
    quote ends in."""
    previous = draft.quote
    if draft.source is None or not len(tokens):
        return False
    if span.continued:
        return True
    if not _starts_sentence(tokens):  # a quote inside someone's sentence
        return False
    previous_end = doc.char_span(previous.end - 1, previous.end, alignment_mode="expand")
    if previous_end is None:
        return False
    return tokens[0].sent.start <= previous_end[0].sent.end + 1 and \
        "\n\n" not in doc_text(doc)[previous.end:span.start]


def _quote_sourcing(tokens: Span, source: Source, actors: ActorLayer,
                    quoted: frozenset[int]) -> Sourcing:
    """A quote rests on its speaker, or on the outlet or anonymous source that
    relays it ("..., the ministry said, according to Interfax")."""
    relay = sentence_according(_sentence_tokens(tokens), actors, skip=quoted)
    if relay is not None and relay.head.i != source.head.i:
        return relay.sourcing()
    return source.sourcing()


def _indirect_quotes(doc: Doc, article: Article, actors: ActorLayer,
                     quoted: frozenset[int]) -> list[_Draft]:
    """Clauses reported by a named speaker: the ccomp of a reporting verb
    ("Lavrov said he can't say ..."), the "that" clause of a reporting noun
    ("warnings by Biden that ..."), or a sentence "according to" a speaker."""
    found: list[_Draft] = []
    covered: set[int] = set()  # words of clauses already reported: no nested quotes
    for cue, speaker, tokens in reported_clauses(doc, quoted):
        if cue.i in covered or speaker.i in quoted:
            continue
        draft = _indirect(article, actors, tokens, speaker, cue, quoted)
        if draft is not None:
            covered.update(t.i for t in tokens)
            found.append(draft)
    found.sort(key=lambda d: d.quote.start)
    return found


def _indirect(article: Article, actors: ActorLayer, tokens: list[Token], speaker: Token,
              verb: Token, quoted: frozenset[int]) -> _Draft | None:
    """An indirect quote of ``tokens`` by a named speaker; None where the
    clause is all inside quotation marks or the speaker is no one named."""
    # A clause that is mostly a direct quote is already listed as one.
    if not tokens or 2 * sum(t.i in quoted for t in tokens) > len(tokens):
        return None
    source = source_of(speaker, actors)
    named = source.ref is not None or speaker.pos_ == "PROPN" or speaker.lower_ in _PERSONAL
    # "Russian officials say": unnamed people, but of a coded side.
    if source.kind == "outlet" or not named or source.kind == "anonymous" and source.ref is None:
        return None
    start, end = _clause_extent(article.text, tokens)
    if end <= start:
        return None
    quote = Quote(id="", kind="indirect", text=article.text[start:end], start=start, end=end,
                  speaker=source.ref,
                  sourcing=_quote_sourcing(verb.doc[verb.i:verb.i + 1], source, actors, quoted))
    return _Draft(quote, verb, source)


def _clause_extent(text: str, tokens: list[Token]) -> tuple[int, int]:
    first, last = tokens[0], tokens[-1]
    start, end = first.idx, last.idx + len(last.text)
    while end > start and text[end - 1] in " ,.;:“”\"‘’":
        end -= 1
    while start < end and text[start] in " “\"‘":
        start += 1
    return start, end


def _source_events(doc: Doc, actors: ActorLayer, events: list[Event], drafts: list[_Draft],
                   quoted: frozenset[int]) -> None:
    """Set ``event.sourcing``: the speaker of the quote it lies in (not an
    outlet relaying the quote), the reporting verb or "according to" that
    governs it, or the reporter's own voice."""
    direct = [d for d in drafts if d.quote.kind == "direct" and d.source is not None]
    for event in events:
        start = event.trigger.start
        inside = next((d for d in direct if d.quote.start <= start < d.quote.end), None)
        if inside is not None:
            event.sourcing = inside.source.sourcing()
            continue
        trigger = _tokens(doc, event.trigger.start, event.trigger.end)
        if not len(trigger):
            continue
        found = reporting_source(trigger[0], actors, skip=quoted)
        source = found[1] if found is not None else sentence_according(
            list(trigger[0].sent), actors, skip=quoted)
        if source is not None:
            event.sourcing = source.sourcing()


def _link_events(drafts: list[_Draft], events: list[Event]) -> None:
    """A quote reports the events whose trigger lies in its words, or whose
    trigger is its own reporting verb ("Blinken said" coded as REQUEST)."""
    for draft in drafts:
        quote = draft.quote
        verb_start = draft.verb.idx if draft.verb is not None else -1
        quote.events = [
            e.id for e in events
            if quote.start <= e.trigger.start < quote.end or e.trigger.start == verb_start
        ]
