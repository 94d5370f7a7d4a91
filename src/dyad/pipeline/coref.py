"""Reference inside one article: who a surname, a title, a pronoun or "the two
leaders" stands for, and what code a bare "the government" takes from context.

Salience is kept simple and robust: the most recent compatible phrase in the
same or the two previous sentences, subjects first for "he"/"she"/"they".
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from dyad.pipeline.actor_dictionary import (
    load_dictionary,
    pair_words,
    title_synonyms,
    word_lists,
)
from dyad.pipeline.actor_phrases import Phrase

_SUBJECTS = {"nsubj", "nsubjpass"}
_PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
_PLURAL_PRONOUNS = {"they", "them", "their"}
_OBJECT_PRONOUNS = {"him", "her"}
_THING_PRONOUNS = {"it", "its"}
_NON_STATE = {"REB", "CVL", "REF", "OPP", "MED", "BUS", "REL"}  # not coded by who acts on them
_WINDOW = 2  # sentences before the current one


def resolve(doc: Doc, phrases: list[Phrase], *, quoted: frozenset[int] = frozenset(),
            home: str | None = None) -> list[Phrase]:
    """Link names and titles to earlier mentions, give context codes, add pronouns and pairs.

    ``quoted``: the indices of tokens inside quotation marks. Someone named in
    a quote is not who "he" or "the president" outside it stands for
    ("I would like President Biden to help," he said: "he" is the speaker).
    ``home``: the code of the government office that issued the text, whose own
    officials "the President" and "the Head of State" are where no one is named."""
    sentence_of = {s.start: n for n, s in enumerate(doc.sents)}
    sent_index = [0] * len(doc)
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sent_index[i] = sentence_of[sent.start]
    _link_names(phrases)
    _link_appositions(doc, phrases)
    _link_titles(phrases, quoted)
    phrases = _link_definites(doc, phrases)
    phrases = _code_from_possessor(doc, phrases, sent_index, quoted)
    _code_from_context(doc, phrases, sent_index, home)
    for phrase in phrases:
        if not phrase.key:
            phrase.key = f"role:{phrase.code}:{phrase.sector}:{doc[phrase.head].lemma_.lower()}"
    phrases = [p for p in phrases if not p.context_only]
    extra = _pronouns(doc, phrases, sent_index, quoted) + _pairs(doc, phrases, sent_index)
    return sorted(phrases + extra, key=lambda p: (p.start_char, p.end_char))


def _link_names(phrases: list[Phrase]) -> None:
    """"Kuleba" after "Dmytro Kuleba" is the same person, with the same code; "the
    Assembly" after "the Interparliamentary Assembly" the same body."""
    people: list[Phrase] = []
    bodies: list[Phrase] = []
    for phrase in phrases:
        if phrase.context_only:
            continue
        if phrase.kind == "organization" and phrase.named:
            if phrase.source_key is None:
                earlier = next((p for p in reversed(bodies) if _same_name(phrase.name, p.name)
                                and p.key != phrase.key), None)
                if earlier is not None:
                    _adopt(phrase, earlier)
            bodies.append(phrase)
        if phrase.kind != "person" or not phrase.named:
            continue
        if phrase.source_key is None:
            earlier = next((p for p in reversed(people) if _same_name(phrase.name, p.name)), None)
            if earlier is not None:
                _adopt(phrase, earlier)
            elif phrase.code is None:
                phrase.code = "UNK"
        people.append(phrase)


def _same_name(short: str, full: str) -> bool:
    short_words, full_words = _words(short), _words(full)
    return bool(short_words) and (short_words == full_words or
                                  (len(short_words) == 1 and short_words[0] == full_words[-1]))


def _words(name: str) -> list[str]:
    words = name.split()
    return words[1:] if words and words[0].lower() == "the" else words


def _adopt(phrase: Phrase, earlier: Phrase) -> None:
    phrase.key, phrase.name, phrase.code, phrase.sector = (earlier.key, earlier.name,
                                                          earlier.code, earlier.sector)
    phrase.kind, phrase.wikidata, phrase.title = earlier.kind, earlier.wikidata, earlier.title
    phrase.named = True


def _link_titles(phrases: list[Phrase], quoted: frozenset[int]) -> None:
    """"the secretary", "the Finnish president": the person named earlier with that office."""
    people: list[Phrase] = []
    for phrase in phrases:
        if phrase.kind == "person" and phrase.named:
            people.append(phrase)
        elif phrase.definite_role and phrase.title:
            for person in reversed(_visible(people, phrase.head, quoted)):
                if _same_office(phrase.title, person.title) and phrase.code in (None, person.code):
                    _adopt(phrase, person)
                    break


def _same_office(title: str, held: str) -> bool:
    """"the secretary" and "secretary of state"; "the Head of State" and "president"."""
    return set(title.split()) <= set(held.split()) or held in title_synonyms().get(title, ())


def _link_appositions(doc: Doc, phrases: list[Phrase]) -> None:
    """"Ahmed al-Assadi, a spokesman for the PMF": the title codes the unknown name, and
    "the speaker of the Duma, Vyacheslav Volodin": the role phrase is that person."""
    by_head = {p.head: p for p in phrases}
    for phrase in phrases:
        token = doc[phrase.head]
        if token.dep_ != "appos" or token.head.i not in by_head:
            continue
        outer = by_head[token.head.i]
        person, role = ((phrase, outer) if phrase.kind == "person" and phrase.named
                        else (outer, phrase))
        if not (person.kind == "person" and person.named) or role.named or role.kind != "person":
            continue
        if person.source_key is None and role.code not in (None, "UNK"):
            person.code, person.sector = role.code, role.sector
            person.title = person.title or role.title
        _adopt(role, person)
        role.definite_role = False


def _link_definites(doc: Doc, phrases: list[Phrase]) -> list[Phrase]:
    """"the ministers", "the Assembly": a weak word with no code joins the last phrase
    with the same head word; where there is none it is dropped."""
    kept: list[Phrase] = []
    for phrase in phrases:
        if phrase.pending:
            word = doc[phrase.head].lemma_.lower()
            earlier = next((p for p in reversed(kept) if p.code not in (None, "UNK")
                            and p.kind != "person" and not p.context_only
                            and _head_word(doc, p) == word), None)
            if earlier is not None:
                _adopt(phrase, earlier)
            elif phrase.droppable:
                continue
        kept.append(phrase)
    return kept


def _head_word(doc: Doc, phrase: Phrase) -> str:
    return doc[phrase.head].lemma_.lower() if phrase.end > phrase.head else ""


def _code_from_possessor(doc: Doc, phrases: list[Phrase], sent_index: list[int],
                         quoted: frozenset[int]) -> list[Phrase]:
    """"its forces", "his aides": whose the pronoun says; a weak word whose
    possessor is unknown is dropped."""
    kept: list[Phrase] = []
    for phrase in phrases:
        if phrase.possessor is not None and phrase.code is None:
            target = _pronoun_target(doc, phrases, doc[phrase.possessor], sent_index, quoted)
            if target is not None and target.code not in (None, "UNK"):
                phrase.code = target.code
                if phrase.sector == "GOV" and not _is_state_code(target):
                    phrase.sector = "IGO"
            elif phrase.droppable:
                continue
        kept.append(phrase)
    return kept


def _is_state_code(phrase: Phrase) -> bool:
    """A state's code rather than an organisation's (NATO, EU, ICC, IGO)."""
    return f"state:{phrase.code}" in load_dictionary().actors


def _code_from_context(doc: Doc, phrases: list[Phrase], sent_index: list[int],
                       home: str | None) -> None:
    """A role with no modifier ("the government", "police") takes the code its context gives;
    "the President" in a text a government office issued is that office's."""
    at = {i: p for p in phrases for i in range(p.start, p.end)}
    # a news agency named nearby ("Reuters reported ...") says nothing about whose officials
    states = [p for p in phrases if p.kind in ("state", "organization")
              and p.code not in (None, "UNK") and p.sector != "MED"]
    main_state = _main_state(states)
    for phrase in phrases:
        if phrase.code is None and home and phrase.kind == "person" and phrase.definite_role:
            phrase.code = home
        elif phrase.code is None:
            subject = None if phrase.sector in _NON_STATE else _subject_code(doc[phrase.head], at)
            phrase.code = subject or _nearby_state(phrase, states, sent_index) or main_state

def _main_state(states: list[Phrase]) -> str:
    """The state the article is about: the one named most often (first named on a tie)."""
    counts: dict[str, int] = {}
    for phrase in states:
        counts[phrase.code] = counts.get(phrase.code, 0) + 1
    return max(counts, key=lambda code: counts[code]) if counts else "UNK"



def _subject_code(token: Token, at: dict[int, Phrase]) -> str | None:
    current = token
    for _ in range(4):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            for child in current.children:
                phrase = at.get(child.i)
                if child.dep_ in _SUBJECTS and child.i != token.i and phrase is not None:
                    if phrase.code not in (None, "UNK") and phrase.sector != "MED":
                        return phrase.code
    return None


def _nearby_state(phrase: Phrase, states: list[Phrase], sent_index: list[int]) -> str | None:
    sentence = sent_index[phrase.head]
    same = [p for p in states if sent_index[p.head] == sentence]
    if same:
        return min(same, key=lambda p: (abs(p.head - phrase.head), p.head > phrase.head)).code
    before = [p for p in states if sent_index[p.head] == sentence - 1]
    return before[-1].code if before else None


def _is_subject(doc: Doc, phrase: Phrase, *, owners: bool = False) -> bool:
    """A subject; with ``owners`` also the body a subject belongs to ("The G7 statement
    said ...": the G7 speaks through it, and "they" after it is the G7)."""
    token = doc[phrase.head]
    if token.dep_ in _SUBJECTS or (token.dep_ == "conj" and token.head.dep_ in _SUBJECTS):
        return True
    return owners and token.dep_ in ("compound", "poss", "nmod") and token.head.dep_ in _SUBJECTS \
        and token.head.i not in range(phrase.start, phrase.end)


def _candidates(phrases: list[Phrase], token: Token, sent_index: list[int],
                kinds: tuple[str, ...], quoted: frozenset[int]) -> list[Phrase]:
    low = sent_index[token.i] - _WINDOW
    return _visible([p for p in phrases if p.end <= token.i and sent_index[p.head] >= low
                     and p.kind in kinds and p.code not in (None, "UNK") and not p.context_only],
                    token.i, quoted)


def _visible(phrases: list[Phrase], at: int, quoted: frozenset[int]) -> list[Phrase]:
    """The phrases a word at token ``at`` may refer back to: outside quotes,
    not those named inside someone's quoted words."""
    if at in quoted:
        return phrases
    return [p for p in phrases if p.head not in quoted]


def _pronouns(doc: Doc, phrases: list[Phrase], sent_index: list[int],
              quoted: frozenset[int]) -> list[Phrase]:
    found: list[Phrase] = []
    for token in doc:
        if token.pos_ != "PRON" and token.tag_ not in ("PRP", "PRP$"):
            continue
        target = _pronoun_target(doc, phrases, token, sent_index, quoted)
        if target is not None:
            found.append(replace(target, head=token.i, start=token.i, end=token.i + 1,
                                 start_char=token.idx, end_char=token.idx + len(token.text),
                                 text=token.text, definite_role=False, possessor=None))
    return found


def _pronoun_target(doc: Doc, phrases: list[Phrase], token: Token,
                    sent_index: list[int], quoted: frozenset[int] = frozenset()) -> Phrase | None:
    """The phrase a pronoun stands for, or None."""
    lower = token.lower_
    if lower in _PERSON_PRONOUNS:
        candidates = _candidates(phrases, token, sent_index, ("person",), quoted)
        if lower in _OBJECT_PRONOUNS:
            own = _clause_subject_keys(phrases, token)
            candidates = [p for p in candidates if p.key not in own]
        return _salient(doc, candidates, token, sent_index, subjects_first=True)
    if lower in _PLURAL_PRONOUNS:
        plural = [p for p in _candidates(phrases, token, sent_index, ("group", "organization"), quoted)
                  if doc[p.head].tag_ in ("NNS", "NNPS") or p.members or p.member_keys
                  or p.sector == "IGO"]  # a body of states: "The G7 ... They called on China"
        return _salient(doc, plural, token, sent_index, subjects_first=True, owners=True)
    if lower in _THING_PRONOUNS and not _expletive(token):
        kinds = ("state", "organization", "group")
        singular = [p for p in _candidates(phrases, token, sent_index, kinds, quoted)
                    if doc[p.head].tag_ not in ("NNS", "NNPS")]
        return _salient(doc, singular, token, sent_index, subjects_first=lower == "it")
    return None


def _clause_subject_keys(phrases: list[Phrase], token: Token) -> set[str]:
    """"The president thanked him": "him" is not the president."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    subjects = {c.i for c in verb.children if c.dep_ in _SUBJECTS}
    return {p.key for p in phrases if any(p.start <= i < p.end for i in subjects)}


def _expletive(token: Token) -> bool:
    if token.lower_ != "it":
        return False
    # "It was agreed to continue", "it was decided that": a passive with its clause put last
    extraposed = token.dep_ == "nsubjpass" and any(
        c.dep_ in ("xcomp", "ccomp") and any(g.lower_ in ("to", "that") and g.dep_ in ("aux", "mark")
                                             for g in c.children) for c in token.head.children)
    return token.dep_ == "expl" or extraposed or token.head.lemma_.lower() in word_lists()["expletive_heads"]


def _salient(doc: Doc, candidates: list[Phrase], token: Token, sent_index: list[int], *,
             subjects_first: bool, owners: bool = False) -> Phrase | None:
    if not candidates:
        return None
    if not subjects_first:
        return candidates[-1]
    for distance in range(_WINDOW + 1):
        in_sentence = [p for p in candidates if sent_index[p.head] == sent_index[token.i] - distance]
        subjects = [p for p in in_sentence if _is_subject(doc, p, owners=owners)]
        if subjects:
            return subjects[-1] if distance else subjects[0]
        if in_sentence and distance == 0:
            return in_sentence[-1]
    return candidates[-1]


def _pairs(doc: Doc, phrases: list[Phrase], sent_index: list[int]) -> list[Phrase]:
    """"the two leaders", "both sides": the last two actors of the right kind named before."""
    found: list[Phrase] = []
    covered = {i for p in phrases for i in range(p.start, p.end)}
    for token in doc:
        kinds = pair_words().get(token.lemma_.lower())
        if kinds is None or token.tag_ not in ("NNS", "NNPS") or token.i in covered:
            continue
        # "the two leaders", "both sides", and a bare "the leaders" after a meeting of two
        if not any(c.lower_ in ("two", "both", "the") for c in token.children):
            continue
        members = _last_two(phrases, token, sent_index, kinds)
        if members:
            start = min(c.left_edge.i for c in token.lefts) if any(True for _ in token.lefts) else token.i
            span = doc[start:token.i + 1]
            found.append(Phrase(head=token.i, start=start, end=token.i + 1,
                                start_char=span.start_char, end_char=span.end_char,
                                text=span.text, kind="group", name=span.text,
                                code=members[0].code, sector=members[0].sector,
                                key=f"pair:{members[0].key}|{members[1].key}",
                                member_keys=[m.key for m in members]))
    return found


def _last_two(phrases: list[Phrase], token: Token, sent_index: list[int],
              kinds: tuple[str, ...]) -> list[Phrase]:
    window = [p for p in phrases if p.end <= token.i and sent_index[p.head] >= sent_index[token.i] - 3
              and p.code not in (None, "UNK") and not p.member_keys]
    for kind in kinds:
        chosen: list[Phrase] = []
        for phrase in reversed([p for p in window if p.kind == kind]):
            if phrase.key not in [c.key for c in chosen]:
                chosen.append(phrase)
            if len(chosen) == 2:
                return list(reversed(chosen))
    return []
