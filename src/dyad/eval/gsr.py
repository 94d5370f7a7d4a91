"""Sentence-level scoring on the PLOVER gold-standard records
(``shared/gold/plover_gsr``): one gold event per sentence, legacy type names
modernised, organisation codes collapsed to IGO as the records code them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dyad.errors import EvalError
from dyad.eval.gold import FACT_MODALITIES
from dyad.eval.scoring import UNION_TYPES, Ratio
from dyad.model import Event
from dyad.ontology import load_ontology


@dataclass(frozen=True)
class GsrRecord:
    id: str
    text: str
    type: str
    actor: frozenset[str]
    recipient: frozenset[str]


@dataclass
class GsrScore:
    type_accuracy: Ratio = field(default_factory=Ratio)  # the sentence's main event has the gold type
    type_any: Ratio = field(default_factory=Ratio)  # the gold type is among the predicted types
    actor_accuracy: Ratio = field(default_factory=Ratio)  # of the correctly typed: same actor codes
    recipient_accuracy: Ratio = field(default_factory=Ratio)  # ... same recipient codes
    dyad_accuracy: Ratio = field(default_factory=Ratio)  # ... both, with the union rule of the dev scoring
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold type -> predicted -> n

    def to_dict(self) -> dict:
        return {"type_accuracy": self.type_accuracy.to_dict(), "type_any": self.type_any.to_dict(),
                "actor_accuracy": self.actor_accuracy.to_dict(),
                "recipient_accuracy": self.recipient_accuracy.to_dict(),
                "dyad_accuracy": self.dyad_accuracy.to_dict(), "confusion": self.confusion}


@lru_cache(maxsize=1)
def _code_map() -> dict:
    return json.loads(resources.files("dyad.data").joinpath("eval/gsr_codes.json").read_text("utf-8"))


def read_gsr(path: Path) -> list[GsrRecord]:
    try:
        raw = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise EvalError(f"{path}: cannot read the PLOVER gold-standard file ({e})") from e
    ontology = load_ontology()
    records = []
    for item in raw:
        if item.get("event") in (None, "DOCUMENT") or not item.get("text"):
            continue
        type_name, _ = ontology.modernise(item["event"])
        records.append(GsrRecord(item.get("id", ""), item["text"], type_name,
                                 _gold_codes(item.get("source")), _gold_codes(item.get("target"))))
    return records


def _gold_codes(entities: object) -> frozenset[str]:
    renames = _code_map()["gold_renames"]
    if not isinstance(entities, list):
        return frozenset()
    return frozenset(renames.get(e["code"], e["code"]) for e in entities if isinstance(e, dict) and e.get("code"))


def predicted_codes(refs: list) -> frozenset[str]:
    collapse = set(_code_map()["collapse_to_igo"])
    return frozenset("IGO" if r.code in collapse else r.code for r in refs)


def main_event(events: list[Event]) -> Event | None:
    """The event a sentence is chiefly about: a fact before a non-fact, then the most confident, then the first."""
    if not events:
        return None
    return min(events, key=lambda e: (e.modality not in FACT_MODALITIES, -e.confidence, e.trigger.start))


def score_gsr(records: list[GsrRecord], events: list[list[Event]]) -> GsrScore:
    """``events[i]`` are the events predicted for ``records[i].text``."""
    score = GsrScore()
    for record, predicted in zip(records, events, strict=True):
        main = main_event(predicted)
        got = main.type if main else "NONE"
        score.confusion.setdefault(record.type, {}).setdefault(got, 0)
        score.confusion[record.type][got] += 1
        hit = got == record.type
        score.type_accuracy.add(Ratio(int(hit), 1))
        score.type_any.add(Ratio(int(any(e.type == record.type for e in predicted)), 1))
        if hit:
            actor, recipient = predicted_codes(main.actor), predicted_codes(main.recipient)
            score.actor_accuracy.add(Ratio(int(actor == record.actor), 1))
            score.recipient_accuracy.add(Ratio(int(recipient == record.recipient), 1))
            if record.type in UNION_TYPES:  # host and guest vary: compare everyone taking part
                same = actor | recipient == record.actor | record.recipient
            else:
                same = actor == record.actor and recipient == record.recipient
            score.dyad_accuracy.add(Ratio(int(same), 1))
    return score
