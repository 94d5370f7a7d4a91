"""The records at every seam: plain dataclasses, serialised to the JSON of
``docs/output-schema.json`` and to the store's tables with the same field names.

Every offset is a character offset into ``Article.text`` (``text[start:end]``).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

MODALITIES = ("asserted", "historical", "future", "hypothetical", "negated")
QUOTE_KINDS = ("direct", "indirect")
SOURCING_KINDS = ("reporter", "speaker", "outlet", "anonymous")


def text_hash(text: str) -> str:
    """A stable id for a text: the first 12 hex digits of its SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Article:
    """One input document, before any NLP."""

    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, or None where unknown
    outlet: str | None = None
    url: str | None = None
    dateline: str | None = None
    license: str | None = None
    source: str | None = None  # where it was read from: a path, "path:line", "-"

    def __post_init__(self) -> None:
        if not self.id:
            self.id = text_hash(self.text)


@dataclass
class Mention:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


@dataclass
class ActorRef:
    """An actor or recipient of an event, or a quote's speaker."""

    name: str
    code: str
    sector: str
    entity: str | None = None  # the id of the Entity it resolves to


@dataclass
class Entity:
    """A person, state, organisation or group, with every mention of it."""

    id: str
    name: str
    code: str
    sector: str
    kind: str  # person | state | organization | group
    mentions: list[Mention] = field(default_factory=list)
    wikidata: str | None = None


@dataclass
class Place:
    """A toponym resolved to the gazetteer, with every mention of it."""

    id: str
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    kind: str  # country | region | city
    geonames_id: int | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Location:
    """Where an event happened."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    place: str | None = None  # the id of the Place


@dataclass
class Sourcing:
    """What a claim rests on: the reporter, a speaker, an outlet or an anonymous source."""

    kind: str  # one of SOURCING_KINDS
    name: str | None = None
    code: str | None = None


@dataclass
class Event:
    """One PLOVER event with its evidence."""

    id: str
    type: str
    mode: str | None
    quad: int  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    score: float
    actor: list[ActorRef]
    recipient: list[ActorRef]
    modality: str  # one of MODALITIES
    trigger: Mention
    sentence: Mention
    contexts: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_precision: str | None = None  # day | month | year
    date_text: str | None = None
    location: Location | None = None
    sourcing: Sourcing = field(default_factory=lambda: Sourcing("reporter"))
    confidence: float = 0.5


@dataclass
class Quote:
    """Words attributed to a speaker."""

    id: str
    kind: str  # direct | indirect
    text: str
    start: int
    end: int
    speaker: ActorRef | None
    sourcing: Sourcing = field(default_factory=lambda: Sourcing("speaker"))
    events: list[str] = field(default_factory=list)


@dataclass
class ArticleResult:
    """Everything extracted from one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    version: str = ""

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["record"] = "article"
        return record


@dataclass
class ItemError:
    """An input item that could not be processed, and why."""

    item: str
    message: str
    kind: str = "error"  # empty | binary | encoding | malformed | too_large | language | ...

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["record"] = "error"
        return record

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


def result_from_dict(record: dict[str, Any]) -> ArticleResult:
    """Rebuild an ArticleResult from its JSON form (the inverse of to_dict)."""

    def ref(d: dict[str, Any] | None) -> ActorRef | None:
        return ActorRef(**d) if d else None

    def mentions(ds: list[dict[str, Any]]) -> list[Mention]:
        return [Mention(**m) for m in ds]

    events = []
    for e in record.get("events", []):
        e = dict(e)
        e["actor"] = [ActorRef(**a) for a in e["actor"]]
        e["recipient"] = [ActorRef(**a) for a in e["recipient"]]
        e["trigger"] = Mention(**e["trigger"])
        e["sentence"] = Mention(**e["sentence"])
        e["location"] = Location(**e["location"]) if e.get("location") else None
        e["sourcing"] = Sourcing(**e["sourcing"])
        events.append(Event(**e))
    quotes = []
    for q in record.get("quotes", []):
        q = dict(q)
        q["speaker"] = ref(q.get("speaker"))
        q["sourcing"] = Sourcing(**q["sourcing"])
        quotes.append(Quote(**q))
    entities = [
        Entity(**{**x, "mentions": mentions(x["mentions"])}) for x in record.get("entities", [])
    ]
    places = [Place(**{**x, "mentions": mentions(x["mentions"])}) for x in record.get("places", [])]
    return ArticleResult(
        article=Article(**record["article"]),
        events=events,
        quotes=quotes,
        entities=entities,
        places=places,
        warnings=list(record.get("warnings", [])),
        version=record.get("version", ""),
    )
