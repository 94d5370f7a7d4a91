"""Modality: whether an event happened (asserted), is planned (future), is only
possible (hypothetical), did not happen (negated) or lies well in the past
(historical) — PLOVER's auxiliary modes, read from the parse around the trigger.

Negation anywhere on the path from the trigger to the clause it is reported in
wins ("denies it plans an invasion"); then hypothetical cues (modals, "if",
governors such as "threaten", "urge", "plans"); then future ("will", "plan
to"); then a year well before publication. A reported clause ("X said ...")
keeps its own modality: the walk stops at the speech verb.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from dyad.pipeline.lexicon import Lexicon, lemma_of, load_lexicon

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MAX_STEPS = 8
# doc.user_data keys of what is computed once per doc.
_YEAR_DATES = "dyad.modality.year_dates"
_SENT_STARTS = "dyad.modality.sentence_starts"
_CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "pobj", "dobj", "prep", "nsubj",
                           "nsubjpass", "conj", "attr", "oprd", "appos", "compound", "acomp", "amod", "csubj"})


def modality_of(trigger: Token, lexicon: Lexicon | None = None, *, anchor: Token | None = None,
                published_year: int | None = None) -> str:
    """The modality of the event a trigger reports; ``anchor`` is the light verb
    carrying a nominal trigger ("launched an invasion"), where there is one."""
    lexicon = lexicon or load_lexicon()
    path = _path(trigger, anchor or trigger, lexicon)
    if any(_negated(token, lexicon, role != _GOVERNOR) for token, role in path):
        return "negated"
    if _hypothetical(path, lexicon):
        return "hypothetical"
    if any(_future(token, lexicon, governs=role == _GOVERNOR) for token, role in path):
        return "future"
    if published_year is not None and _historical(trigger, path, published_year, lexicon):
        return "historical"
    return "asserted"


# Roles of the words on the path: the event's own words, a conjunct head whose auxiliaries
# the event shares ("will meet and sign"), and governors whose meaning bears on it ("plans to").
_OWN, _SHARED, _GOVERNOR = "own", "shared", "governor"


def _path(trigger: Token, anchor: Token, lexicon: Lexicon) -> list[tuple[Token, str]]:
    """The trigger and its governors up to the head of its clause, and that clause's governor
    where the clause is a complement ("fears Russia could invade"), but not a speech verb."""
    path = [(trigger, _OWN)]
    if anchor != trigger:  # a light verb is the event's own word, unless it plans or threatens it
        governing = lexicon.cue("future_governors") | lexicon.cue("hypothetical_governors")
        path.append((anchor, _GOVERNOR if lemma_of(anchor) in governing else _OWN))
    token = anchor.head if anchor.dep_ == "compound" else anchor  # "the negotiation process": the phrase
    if trigger == anchor and trigger.dep_ in ("nsubj", "nsubjpass") and lemma_of(trigger.head) == "be":
        if any(c.dep_ == "mark" and c.lower_ in lexicon.cue("conditional_marks") for c in trigger.head.children):
            path.append((trigger.head, _SHARED))  # "whether talks are on the table": as open as its clause
        return path  # "the session will be useful": the copula's tense is not the event's
    for _ in range(_MAX_STEPS):
        head = token.head
        if head == token or token.dep_ not in _CLAUSE_LINKS or token.dep_ == "relcl":
            break
        if token.dep_ == "advcl" and not _conditional_or_purpose(token, lexicon):
            break  # "..., while Lavrov dismissed ...": a clause of its own
        if token.dep_ == "ccomp" and lemma_of(head) in lexicon.cue("speech_verbs") and (
                lemma_of(head) not in lexicon.cue("negating_governors")):
            break
        if token.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            break
        if token.dep_ == "prep" and token.lower_ in lexicon.cue("time_preps"):
            break  # "could invade after having massed troops": the time adjunct is a fact of its own
        path.append((head, _SHARED if token.dep_ == "conj" else _GOVERNOR))
        if _has_subject(token) and token.dep_ not in ("xcomp", "ccomp", "conj"):
            break
        token = head
    return path


def _conditional_or_purpose(clause: Token, lexicon: Lexicon) -> bool:
    """"if Russia invades", or an infinitive: "called for Russia to reciprocate", "massed troops to attack"."""
    return any((c.dep_ == "mark" and c.lower_ in lexicon.cue("conditional_marks"))
               or (c.dep_ == "aux" and c.lower_ == "to") for c in clause.children)


def _has_subject(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)


def _negated(token: Token, lexicon: Lexicon, is_event: bool) -> bool:
    words = lexicon.cue("negation_words")
    if any(c.dep_ in ("neg", "det") and c.lower_ in words for c in token.children):
        return True
    if is_event:
        return False
    return lemma_of(token) in lexicon.cue("negating_governors") or token.lower_ in ("without", "instead")


def _hypothetical(path: list[tuple[Token, str]], lexicon: Lexicon) -> bool:
    aux = lexicon.cue("hypothetical_aux")
    governors = lexicon.cue("hypothetical_governors")
    marks = lexicon.cue("conditional_marks")
    adjectives = lexicon.cue("hypothetical_adjectives")
    polite = lexicon.cue("polite_verbs")
    for (below, _), (token, _) in zip(path, path[1:]):  # "massed troops to attack": a purpose
        if below.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children) and any(
                c.dep_ == "dobj" for c in token.children):
            return True
    for token, role in path:
        children = list(token.children)
        if lemma_of(token) not in polite and any(c.dep_ == "aux" and c.lower_ in aux for c in children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in marks for c in children):
            return True
        if any(c.dep_ == "advcl" and _conditional(c, marks) for c in children):  # the consequence of an "if"
            return True
        if any(c.dep_ == "amod" and lemma_of(c) in adjectives for c in children):
            return True
        # "would like to congratulate" is polite; "would like the US to join" asks another party
        polite_only = lemma_of(token) in polite and not any(c.dep_ in ("dobj", "ccomp") for c in children)
        on_path = {t.i for t, _ in path}
        if role == _GOVERNOR and onus_bearer(token) is not None:  # "it is for Russia to accept"
            return True
        if role == _GOVERNOR and not polite_only and (lemma_of(token) in governors or any(
                c.dep_ == "acomp" and c.i not in on_path and lemma_of(c) in governors
                for c in children)):  # "it is necessary to meet"
            return True
    return False


def onus_bearer(clause: Token) -> Token | None:
    """"It is for Russia to accept it", "it is up to Moscow to withdraw": the party on whom the
    act of the infinitive is laid (asked of it, not done); None for any other clause."""
    if lemma_of(clause) != "be" or not any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in clause.children):
        return None
    for child in clause.children:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.dep_ in ("advcl", "ccomp", "xcomp") and infinitive and any(
                c.dep_ == "mark" and c.lower_ == "for" for c in child.children):
            return next((c for c in child.children if c.dep_ == "nsubj"), None)
        if child.dep_ in ("prep", "advmod") and child.lower_ == "up" and any(
                c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                for c in clause.children):
            return next((g for p in child.children if p.lower_ == "to" for g in p.children if g.dep_ == "pobj"), None)
    return None


def _conditional(clause: Token, marks: frozenset[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in marks - {"once", "until"} for c in clause.children)


def _future(token: Token, lexicon: Lexicon, *, governs: bool) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in lexicon.cue("future_aux") for c in token.children):
        return True
    if governs and lemma_of(token) in lexicon.cue("future_governors"):
        return True
    return any(c.dep_ in ("advmod", "npadvmod", "amod") and lemma_of(c) in lexicon.cue("future_adverbs")
               for c in token.children)


def _historical(trigger: Token, path: list[tuple[Token, str]], published_year: int, lexicon: Lexicon) -> bool:
    """A year at least ``historical_min_years`` before publication, attached to the trigger or
    a clause above it ("it happened following our meeting in 2001")."""
    owners = {token.i for token, _ in path}
    dated = _year_dates(trigger.doc)
    if not dated:
        return False
    sentence = _sentence_start(trigger)
    for start, year, root in dated:
        if start != sentence or published_year - year < lexicon.historical_min_years:
            continue
        if _nearest_event_word(trigger.doc[root]) in owners:
            return True
    return False


def _year_dates(doc: Doc) -> list[tuple[int, int, int]]:
    """The doc's DATE entities that name a year, as (sentence start, year, root index), found
    once per doc (a token's ``.sent`` is costly to ask for each event); plain ints, so that the
    doc stays serialisable."""
    if _YEAR_DATES not in doc.user_data:
        found = []
        for ent in doc.ents:
            match = _YEAR.search(ent.text) if ent.label_ == "DATE" else None
            if match:
                found.append((ent.sent.start, int(match.group(1)), ent.root.i))
        doc.user_data[_YEAR_DATES] = found
    return doc.user_data[_YEAR_DATES]


def _sentence_start(token: Token) -> int:
    starts = token.doc.user_data.get(_SENT_STARTS)
    if starts is None:
        starts = token.doc.user_data[_SENT_STARTS] = [s.start for s in token.doc.sents]
    return starts[bisect_right(starts, token.i) - 1]


def _nearest_event_word(token: Token) -> int:
    for _ in range(_MAX_STEPS):
        head = token.head
        if head == token or head.pos_ in ("VERB", "AUX") or (
                head.pos_ == "NOUN" and token.dep_ in ("prep", "npadvmod", "nmod", "compound")):
            return head.i
        token = head
    return token.i


def habitual(token: Token, lexicon: Lexicon) -> bool:
    """Habits and duties are no events (gold DECISIONS 10): "we constantly discuss", "every time
    I propose", "as President he has to appeal to all leaders"."""
    clause = token if token.pos_ in ("VERB", "AUX") else token.head
    if any(c.dep_ == "advmod" and c.lower_ in lexicon.cue("habitual_adverbs") for c in clause.children):
        return True
    times = [c for c in clause.children if c.dep_ in ("npadvmod", "advmod")]
    times += [clause.head] if clause.dep_ == "relcl" else []  # the parser may hang the clause on "time"
    if any(t.lower_ == "time" and any(d.dep_ == "det" and d.lower_ in lexicon.cue("habitual_quantifiers")
                                      for d in t.children) for t in times):
        return True
    return _duty(clause, lexicon)


def _duty(clause: Token, lexicon: Lexicon) -> bool:
    """"he has to knock on all the doors": what someone must generally do, in the present."""
    governor = clause.head
    return (clause.dep_ == "xcomp" and lemma_of(governor) in lexicon.cue("duty_verbs")
            and governor.tag_ in ("VBZ", "VBP") and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children))
