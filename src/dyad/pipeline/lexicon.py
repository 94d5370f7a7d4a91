"""The event lexicon (``data/events/``), loaded once per process into dict
lookups: lemma -> trigger entries, plus the cue words of modality and contexts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from dyad.errors import ConfigError
from dyad.ontology import load_ontology

_DATA = "events"
_SET_FIELDS = ("particles", "preps", "objects", "modifiers", "forbids_modifiers", "forbids_objects", "requires",
               "requires_any", "forbids", "forbids_complements", "forbids_subjects", "subject_is_recipient_for",
               "positions", "topic_objects")


@dataclass(frozen=True)
class TriggerEntry:
    """One way a word can report a PLOVER event, with the syntax it needs."""

    type: str
    mode: str | None
    pos: str  # VERB | NOUN
    particles: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    forbids_modifiers: frozenset[str] = frozenset()
    forbids_objects: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()
    requires_any: frozenset[str] = frozenset()
    forbids: frozenset[str] = frozenset()
    forbids_complements: frozenset[str] = frozenset()  # xcomp lemmas: "asked not to be *identified*"
    forbids_subjects: frozenset[str] = frozenset()  # "troops arrived" is no visit
    positions: frozenset[str] = frozenset()  # where a noun must stand: "protesters marched", not "beat protesters"
    max_objects: int | None = None  # "called Putin" is a call; "called it an aggression" is not
    subject_is_recipient_for: frozenset[str] = frozenset()  # "Russia is responsible": Russia is accused
    topic_objects: frozenset[str] = frozenset()  # "discussed China's role": the object is a topic, no party
    content: bool = False  # the complement is an act proposed, demanded or threatened
    other_subject: tuple[str, str | None] | None = None  # retyping when a warning's clause has another subject

    @property
    def specificity(self) -> int:
        return sum(bool(x) for x in (self.particles, self.preps, self.objects, self.modifiers,
                                     self.requires, self.requires_any))


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[TriggerEntry, ...]]
    nouns: dict[str, tuple[TriggerEntry, ...]]
    cues: dict[str, frozenset[str]]
    historical_min_years: int
    contexts: dict[str, tuple[str, ...]]  # cue (lemma or two-word phrase) -> contexts
    place_preps: dict[str, frozenset[str]]  # type -> prepositions that name where it happens, not to whom

    def cue(self, name: str) -> frozenset[str]:
        try:
            return self.cues[name]
        except KeyError:
            raise ConfigError(f"data/{_DATA}/cues.json has no list {name!r}; it has: "
                              f"{', '.join(sorted(self.cues))}") from None


def _read(name: str) -> str:
    return resources.files("dyad.data").joinpath(f"{_DATA}/{name}").read_text("utf-8")


def _entries(name: str, pos: str) -> dict[str, tuple[TriggerEntry, ...]]:
    table: dict[str, list[TriggerEntry]] = {}
    for number, line in enumerate(_read(name).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            other = raw.get("ccomp_other_subject")
            entry = TriggerEntry(
                type=raw["type"], mode=raw.get("mode"), pos=pos,
                **{key: frozenset(raw.get(key, ())) for key in _SET_FIELDS},
                max_objects=raw.get("max_objects"),
                content=bool(raw.get("content")),
                other_subject=(other["type"], other.get("mode")) if other else None,
            )
            lemmas = raw["lemmas"]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ConfigError(f"data/{_DATA}/{name}:{number}: malformed trigger entry ({e!r})") from e
        _check_type(entry.type, entry.mode, f"data/{_DATA}/{name}:{number}")
        for lemma in lemmas:
            table.setdefault(lemma, []).append(entry)
    # Most specific first, so the first entry whose constraints hold is the best one.
    return {lemma: tuple(sorted(entries, key=lambda e: -e.specificity)) for lemma, entries in table.items()}


def _check_type(type_name: str, mode: str | None, where: str) -> None:
    types = load_ontology().types
    if type_name not in types:
        raise ConfigError(f"{where}: unknown PLOVER type {type_name!r}; valid: {', '.join(types)}")
    if mode is not None and mode not in types[type_name].modes:
        raise ConfigError(f"{where}: {type_name} has no mode {mode!r}; valid: {', '.join(types[type_name].modes)}")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    cues = json.loads(_read("cues.json"))
    contexts: dict[str, list[str]] = {}
    for line in _read("contexts.jsonl").splitlines():
        if line.strip():
            raw = json.loads(line)
            for cue in raw["cues"]:
                contexts.setdefault(cue, []).append(raw["context"])
    return Lexicon(
        verbs=_entries("verbs.jsonl", "VERB"),
        nouns=_entries("nouns.jsonl", "NOUN"),
        cues={k: frozenset(v) for k, v in cues.items() if isinstance(v, list)},
        historical_min_years=int(cues["historical_min_years"]),
        contexts={k: tuple(v) for k, v in contexts.items()},
        place_preps={k: frozenset(v) for k, v in cues["place_preps_by_type"].items()},
    )


def lemma_of(token: Token) -> str:
    return token.lemma_.lower()


def match_trigger(token: Token, lexicon: Lexicon) -> tuple[TriggerEntry, Token | None] | None:
    """The best entry for a token, and the object token it consumed ("imposed *sanctions*")."""
    if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "aux", "auxpass"):
        entries = lexicon.verbs.get(lemma_of(token), ())
        for entry in entries:
            consumed = _verb_fits(token, entry)
            if consumed is not False:
                return entry, consumed
    elif token.pos_ in ("NOUN", "PROPN") and token.dep_ != "poss" and (  # "protesters' demands": the demands
            token.dep_ != "compound" or lemma_of(token.head) in lexicon.cue("generic_heads")):  # "mediation mission"
        entries = lexicon.nouns.get(lemma_of(token), ()) or lexicon.nouns.get(token.lower_, ())
        for entry in entries:
            if _noun_fits(token, entry):
                return entry, None
    return None


def _verb_fits(token: Token, entry: TriggerEntry) -> Token | None | bool:
    """False where the entry's constraints fail; else the object it consumed (or None)."""
    deps = {child.dep_ for child in token.children}
    if entry.requires and not entry.requires <= deps:
        return False
    if entry.requires_any and not entry.requires_any & deps:
        return False
    if entry.forbids & deps:
        return False
    if entry.forbids_complements and any(
            c.dep_ == "xcomp" and lemma_of(c) in entry.forbids_complements for c in token.children):
        return False
    if entry.particles and not any(c.dep_ == "prt" and c.lower_ in entry.particles for c in token.children):
        return False
    if entry.forbids_subjects and any(
            c.dep_ in ("nsubj", "nsubjpass") and lemma_of(c) in entry.forbids_subjects for c in token.children):
        return False
    if entry.max_objects is not None and sum(c.dep_ in ("dobj", "oprd") for c in token.children) > entry.max_objects:
        return False
    if entry.preps and not any(word.lower_ in entry.preps for word in _prepositions(token)):
        return False
    objects = _objects(token)
    if entry.forbids_objects and any(lemma_of(o) in entry.forbids_objects for o in objects):
        return False
    if entry.objects:
        found = [o for o in objects if lemma_of(o) in entry.objects]
        return found[0] if found else False
    return None


def _prepositions(token: Token) -> list[Token]:
    """Prepositions of a verb, with the "for" of "called for the bill to be dropped"."""
    words = [c for c in token.children if c.dep_ in ("prep", "agent", "dative")]
    words += [m for c in token.children if c.dep_ in ("advcl", "ccomp") for m in c.children if m.dep_ == "mark"]
    return words


def _objects(token: Token) -> list[Token]:
    objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "acomp")
               or (c.dep_ in ("ccomp", "xcomp") and c.pos_ == "ADJ")]
    objects += [g for p in token.children if p.dep_ in ("prep", "agent", "dative")
                for g in p.children if g.dep_ == "pobj"]
    # "the sanctions it imposed", "a statement released": the object is the noun the clause modifies
    direct = any(c.dep_ == "dobj" for c in token.children)
    if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN") and not direct:
        objects.append(token.head)
    objects += [c for o in list(objects) for c in o.children if c.dep_ == "conj"]
    # "100,000 troops" is "troops"; "25,000 tons of food aid" is also "aid"
    objects += [g for o in list(objects) for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children if g.dep_ == "pobj"]
    return objects


def _noun_fits(token: Token, entry: TriggerEntry) -> bool:
    if entry.positions and token.dep_ not in entry.positions:
        return False
    modifiers = {lemma_of(c) for c in token.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")}
    if entry.modifiers and not entry.modifiers & modifiers:
        return False
    if entry.forbids_modifiers & modifiers:
        return False
    if entry.preps and not any(c.dep_ == "prep" and c.lower_ in entry.preps for c in token.children):
        return False
    return True
