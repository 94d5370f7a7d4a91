"""PLOVER as data: event types, quad classes, modes, scores, contexts and sectors.

Loaded once from ``data/plover.json``; code refers to types by name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyad.errors import ConfigError


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    score: float
    modes: dict[str, float]
    recipient_required: bool


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    legacy_types: dict[str, tuple[str, str | None]]
    contexts: tuple[str, ...]
    sectors: dict[str, str]
    organization_codes: tuple[str, ...]
    quad_names: dict[int, str]

    def event_type(self, name: str) -> EventType:
        try:
            return self.types[name]
        except KeyError:
            raise ConfigError(
                f"unknown PLOVER event type {name!r}; valid: {', '.join(self.types)}"
            ) from None

    def score(self, type_name: str, mode: str | None) -> float:
        """The PLOVER score of a type, replaced by its mode's score where listed."""
        event_type = self.event_type(type_name)
        if mode is not None and mode in event_type.modes:
            return event_type.modes[mode]
        return event_type.score

    def modernise(self, type_name: str, mode: str | None = None) -> tuple[str, str | None]:
        """Map an older PLOVER type name (DEMAND, FIGHT ...) to the current one."""
        if type_name in self.legacy_types:
            new_type, new_mode = self.legacy_types[type_name]
            return new_type, mode or new_mode
        return type_name, mode


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    raw = json.loads(resources.files("dyad.data").joinpath("plover.json").read_text("utf-8"))
    types = {
        name: EventType(name, t["quad"], float(t["score"]), dict(t["modes"]), t["recipient_required"])
        for name, t in raw["types"].items()
    }
    return Ontology(
        types=types,
        legacy_types={k: (v[0], v[1]) for k, v in raw["legacy_types"].items()},
        contexts=tuple(raw["contexts"]),
        sectors=dict(raw["sectors"]),
        organization_codes=tuple(raw["organization_codes"]),
        quad_names={int(k): v for k, v in raw["quad_names"].items()},
    )
