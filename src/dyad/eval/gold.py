"""Gold files (``shared/gold/GUIDELINES.md``) read into plain records, with
each event's evidence located in the article text as character offsets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from dyad.errors import EvalError

FACT_MODALITIES = frozenset({"asserted", "historical"})


@dataclass
class GoldEvent:
    type: str
    mode: str | None
    actor: frozenset[str]  # actor codes
    recipient: frozenset[str]
    modality: str
    start: int  # evidence offsets into the article text
    end: int
    date: str | None = None
    country: str | None = None

    @property
    def is_fact(self) -> bool:
        return self.modality in FACT_MODALITIES


@dataclass
class GoldQuote:
    text: str
    speaker_code: str | None
    kind: str


@dataclass
class GoldArticle:
    id: str
    published: str | None
    events: list[GoldEvent] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_gold_dir(gold_dir: Path, texts: dict[str, str]) -> list[GoldArticle]:
    """Every ``*.json`` gold file in a directory; ``texts`` maps article ids to their text."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise EvalError(f"{gold_dir}: no gold *.json files")
    articles = []
    for path in files:
        try:
            raw = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise EvalError(f"{path}: cannot read gold file ({e})") from e
        article_id = raw.get("id") or path.stem
        if article_id not in texts:
            raise EvalError(f"{path}: article {article_id!r} is not in the articles file")
        articles.append(gold_article(raw, texts[article_id], source=str(path)))
    return articles


def gold_article(raw: dict, text: str, *, source: str = "gold") -> GoldArticle:
    """One gold record; events whose evidence cannot be found are skipped with a warning."""
    article = GoldArticle(id=raw.get("id", ""), published=raw.get("published"))
    for number, event in enumerate(raw.get("events", [])):
        span = locate(event.get("evidence", ""), text)
        if span is None:
            article.warnings.append(f"{source}: event {number}: evidence not found in the text")
            continue
        location = event.get("location") or {}
        article.events.append(GoldEvent(
            type=event["type"], mode=event.get("mode"),
            actor=codes(event.get("actor")), recipient=codes(event.get("recipient")),
            modality=event.get("modality", "asserted"), start=span[0], end=span[1],
            date=event.get("date"), country=location.get("country"),
        ))
    for quote in raw.get("quotes", []):
        speaker = quote.get("speaker") or {}
        article.quotes.append(GoldQuote(quote.get("text", ""), speaker.get("code"), quote.get("kind", "direct")))
    return article


def codes(entities: list[dict] | None) -> frozenset[str]:
    return frozenset(e["code"] for e in entities or [] if e.get("code"))


def locate(evidence: str, text: str) -> tuple[int, int] | None:
    """Offsets of the evidence in the text, tolerant of differences in whitespace."""
    if not evidence:
        return None
    start = text.find(evidence)
    if start >= 0:
        return start, start + len(evidence)
    pattern = r"\s+".join(re.escape(word) for word in evidence.split())
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None
