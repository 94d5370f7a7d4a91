"""Dates: each event's date, from the temporal expression that governs its
trigger, resolved against the publication date (gold/DECISIONS.md item 5).

Order of evidence: an expression attached to the trigger's own clause (or to a
clause embedding it, as "said Friday" above a quoted demand); else, for a past
material act, the date the text gives before it (its paragraph first); else
the publication date for statements, meetings and ongoing states. Hypothetical, negated and
undated past acts ("had given") get no date.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from dyad.model import Article, Event
from dyad.pipeline.doc_text import doc_text
from dyad.pipeline.temporal import (
    Expression,
    ResolvedDate,
    find_expressions,
    lexicon,
    points_ahead,
    resolve,
)

_UNDATED_MODALITIES = {"hypothetical", "negated"}
_MATERIAL_QUADS = {2, 4}
_CLAUSE_POS = {"VERB", "AUX"}
_EMBEDDING_DEPS = {"ccomp", "xcomp", "conj", "parataxis"}
_NON_FINITE_DEPS = {"pcomp", "xcomp", "advcl"}
_NOUN_MODIFIER_DEPS = {"compound", "nmod", "amod", "poss", "nummod"}


def resolve_dates(doc: Doc, article: Article, events: list[Event]) -> None:
    """Set ``event.date``, ``date_precision`` and ``date_text``."""
    if not events:
        return
    published = _published(article)
    expressions = [(x, _span(doc, x)) for x in find_expressions(doc)]
    expressions = [(x, span) for x, span in expressions if span is not None]
    for event in events:
        trigger = _trigger_token(doc, event)
        if trigger is None or event.modality in _UNDATED_MODALITIES:
            continue
        found = _event_date(event, trigger, expressions, published)
        if found is not None:
            resolved, text = found
            event.date, event.date_precision, event.date_text = (
                resolved.value, resolved.precision, text)


def _published(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _span(doc: Doc, expr: Expression) -> Span | None:
    return doc.char_span(expr.start, expr.end, alignment_mode="expand")


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _event_date(event: Event, trigger: Token, expressions: list[tuple[Expression, Span]],
                published: dt.date | None) -> tuple[ResolvedDate, str | None] | None:
    future, past = _tense(trigger, event)
    if _announces(event):
        # a speech act happens when it is said: "plans talks next week" dates the talks
        expressions = [(x, span) for x, span in expressions
                       if not points_ahead(x, published, future=future)]
    governing = _governing_expression(trigger, expressions)
    if governing is not None:
        resolved = resolve(governing, published, future=future, past=past)
        if resolved is not None:
            return resolved, governing.text
    if event.modality in ("future", "historical") or published is None:
        return None
    if _past_perfect(trigger):
        return None
    opening = _sentence_opening(trigger, expressions)
    if opening is not None and (resolved := resolve(opening, published, past=past)) is not None:
        return resolved, opening.text
    if past and event.quad in _MATERIAL_QUADS and not _is_reporting(trigger):
        # a past act reported without a date: the date the text before it gives
        return _preceding_context(trigger, expressions, published)
    return ResolvedDate(published.isoformat(), "day"), None


def _announces(event: Event) -> bool:
    """An asserted verbal act (quads 1 and 3: agreeing, promising, threatening)."""
    return event.quad not in _MATERIAL_QUADS and event.modality not in ("future", "historical")


def _sentence_opening(trigger: Token, expressions: list[tuple[Expression, Span]]
                      ) -> Expression | None:
    """A time set off at the head of the sentence ("That September, the
    movement launched; she promised ..."): it scopes over every clause."""
    sent = trigger.sent
    for expr, span in expressions:
        if span.sent.start != sent.start or span.end >= sent.end:
            continue
        lead = sent.doc[sent.start:span.start]
        if len(lead) <= 1 and all(t.pos_ in ("ADP", "ADV") for t in lead) and (
                sent.doc[span.end].text == ",") and not _blocked(span):
            return expr
    return None


def _clause_head(token: Token) -> Token:
    """The verb whose clause a token sits in (the token itself if a verb)."""
    while token.pos_ not in _CLAUSE_POS and token.head != token:
        token = token.head
    return token


def _governing_expression(trigger: Token, expressions: list[tuple[Expression, Span]]
                          ) -> Expression | None:
    """The expression attached nearest above the trigger in its sentence (the
    nearer in the text on a tie)."""
    chain = _governing_chain(trigger)
    best: tuple[int, int, Expression] | None = None
    for expr, span in expressions:
        if span.sent.start != trigger.sent.start or _blocked(span):
            continue
        rank = _attachment_rank(span, chain, year_only=expr.kind == "year")
        if rank is None:
            continue
        key = (rank, min(abs(span.start - trigger.i), abs(span.end - 1 - trigger.i)), expr)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None


def _governing_chain(trigger: Token) -> list[Token]:
    """The trigger and the tokens above it up to its clause's verb, then up
    through clauses that embed it as a complement ("said Friday that ...")
    or coordinate it ("met on Friday and discussed ..."); not out of a
    relative or adverbial clause, whose dates are another event's, except one
    that happens at the same time ("On Friday they gathered, blocking the
    exits as they chanted")."""
    chain = [trigger]
    token = trigger
    while token.head != token:
        if token.pos_ in _CLAUSE_POS and token.dep_ not in _EMBEDDING_DEPS and (
                token.head.pos_ != "AUX") and (  # "was on Monday rammed": a misread passive
                not same_time_clause(token)):
            break
        if token.pos_ in _CLAUSE_POS and _misread_complement(token):
            break
        token = token.head
        chain.append(token)
    return chain


def _misread_complement(clause: Token) -> bool:
    """A clause parsed as the complement of a later verb that reports nothing
    ("I would like to congratulate you on a date: it turned 20 in December"):
    two sentences run together, not "..., he said Friday"."""
    head = clause.head
    return clause.dep_ == "ccomp" and head.i > clause.i and (
        head.lemma_.lower() not in set(lexicon()["reporting_lemmas"]))


def same_time_clause(clause: Token) -> bool:
    """An adverbial clause of the same time: a bare participle ("..., blocking
    the exits") or one introduced by "as", "while", "when"."""
    if clause.dep_ != "advcl":
        return False
    marks = [child.lower_ for child in clause.children if child.dep_ == "mark"]
    if marks:
        return marks[0] in lexicon()["simultaneous_markers"]
    return clause.tag_ == "VBG"


def _attachment_rank(span: Span, chain: list[Token], *, year_only: bool = False) -> int | None:
    """How far above the trigger the expression attaches (0: on the trigger);
    None where it belongs to another clause or to a noun that is not the trigger.
    A year alone reached through another noun is that noun's topic ("the
    chairmanship in the first half of 2022"), not the event's time."""
    positions = {token.i: rank for rank, token in enumerate(chain)}
    token = span.root.head
    hops = 0
    while True:
        if token.i in positions and token.i not in range(span.start, span.end):
            return positions[token.i] + hops
        if token.pos_ in _CLAUSE_POS or token.head == token:
            return None
        if year_only and token.pos_ in ("NOUN", "PROPN") and token.ent_type_ != "DATE":
            return None
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("pobj", "npadvmod"):
            hops += 1
        token = token.head


def _blocked(span: Span) -> bool:
    """Deadlines and periods ("until Thursday", "since 2014", "for a week")."""
    blocking = set(lexicon()["blocking_preps"])
    head = span.root.head
    before = span.doc[span.start - 1] if span.start > 0 else None
    return (span.root.dep_ == "pobj" and head.lower_ in blocking) or (
        before is not None and before.lower_ in blocking)


def _tense(trigger: Token, event: Event) -> tuple[bool, bool]:
    """(future, past) of the trigger's clause, or of the finite clause a
    non-finite one hangs from ("has taken action ... by killing him")."""
    clause = _finite_clause(_clause_head(trigger))
    aux = {child.lower_ for child in clause.children if child.dep_ in ("aux", "auxpass")}
    future = event.modality == "future" or bool(aux & {"will", "shall", "'ll", "going"})
    past = clause.tag_ in ("VBD", "VBN") or bool(aux & {"was", "were", "had", "did", "has", "have"})
    return future, past and not future


def _finite_clause(clause: Token) -> Token:
    """A gerund or infinitive with no subject or auxiliary of its own takes its
    tense from the clause above it."""
    while clause.tag_ in ("VBG", "VB") and _non_finite_dep(clause) and not any(
            child.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") and child.lower_ != "to"
            for child in clause.children):
        above = _clause_head(clause.head)
        if above == clause:
            break
        clause = above
    return clause


def _non_finite_dep(clause: Token) -> bool:
    """Attached as a complement or adjunct ("by killing"), or as an infinitive
    modifying a noun ("action to protect")."""
    return clause.dep_ in _NON_FINITE_DEPS or (clause.dep_ == "acl" and clause.tag_ == "VB")


def _past_perfect(trigger: Token) -> bool:
    """ "had given", "having massed": a past act dated before the story."""
    clause = _clause_head(trigger)
    aux = {child.lower_ for child in clause.children if child.dep_ == "aux"}
    return "had" in aux or "having" in aux or (
        clause.tag_ == "VBN" and any(t.lower_ == "having" for t in clause.lefts))


def _is_reporting(trigger: Token) -> bool:
    return _clause_head(trigger).lemma_.lower() in set(lexicon()["reporting_lemmas"])


def _preceding_context(trigger: Token, expressions: list[tuple[Expression, Span]],
                       published: dt.date) -> tuple[ResolvedDate, str] | None:
    """The date the text gives before the trigger's sentence: the last day or
    month named earlier in its paragraph ("A bomb exploded on Monday ...
    Dozens died"), else the last day named earlier in the article. Only the
    time of a sentence's main clause sets the scene: a date modifying a noun
    ("the December 31 attack") or in a relative clause dates another event."""
    sentence_start = trigger.sent.start_char
    paragraph_start = doc_text(trigger.doc).rfind("\n", 0, sentence_start) + 1
    for expr, span in reversed(expressions):
        if span.start_char >= sentence_start or _blocked(span) or not _sets_scene(span):
            continue
        resolved = resolve(expr, published, past=True)
        if resolved is None or resolved.precision == "year":
            continue
        if span.start_char >= paragraph_start or resolved.precision == "day":
            return resolved, expr.text
    return None


def _sets_scene(span: Span) -> bool:
    """Whether an expression is the time of a clause of its sentence, not one
    naming another event: not a noun's modifier ("the December 31 attack"),
    not in a relative or participial clause on a noun ("the talks held in
    Paris on January 26", "attacks that took place this week")."""
    if span.root.dep_ in _NOUN_MODIFIER_DEPS:
        return False
    token = span.root.head
    while token.head != token:
        if token.dep_ in _NOUN_MODIFIER_DEPS or token.dep_ in ("relcl", "acl"):
            return False
        token = token.head
    return True
