"""First person: who "I", "we" and "our" stand for.

Inside a direct quote they are its speaker (``quotes.quote_speakers``).
Outside quotes they are the text's own voice: in a statement, readout or
speech published by a government office (``data/actors/issuers.jsonl``,
matched by the article's URL host or outlet name) that office; in a news
report the reporter, who is no actor, so they stay unresolved.

Runs between actors and events: it only adds mentions to the actor layer, and
records the issuer as the layer's ``own_voice``: events read it as the actor
of a verbal act the text itself makes ("Russia is to blame." in a statement).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from spacy.tokens import Doc

from dyad.errors import ConfigError
from dyad.model import ActorRef, Article
from dyad.pipeline.actors import ActorLayer

__all__ = ["Issuer", "add_first_person", "issuer_of", "load_issuers", "own_voice"]

ENV_VAR = "DYAD_ISSUERS"  # user files of issuers, separated like PATH
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


@dataclass(frozen=True)
class Issuer:
    """A government office that publishes texts in its own voice."""

    name: str
    code: str
    sector: str
    hosts: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()


def add_first_person(doc: Doc, actors: ActorLayer, *,
                     speakers: Sequence[tuple[int, int, ActorRef]] = (),
                     quoted: Sequence[tuple[int, int]] = ()) -> None:
    """Map first-person pronouns to their quote's speaker, or outside the ``quoted``
    character spans to the article's issuer (``actors.own_voice``, see ``own_voice``)."""
    voice = actors.own_voice
    for token in doc:
        if token.lower_ not in _FIRST_PERSON or token.pos_ != "PRON":
            continue
        speaker = next((ref for start, end, ref in speakers if start <= token.idx < end), None)
        if speaker is not None and speaker.code != "UNK":
            actors.attach(token, speaker, kind="group" if token.lower_ in _PLURAL else "person")
        elif speaker is None and voice is not None and not _inside(token.idx, quoted):
            voice = actors.attach(token, voice, kind="organization")
    actors.own_voice = voice


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def own_voice(article: Article) -> ActorRef | None:
    """Who the text itself speaks for: its issuing office, or None for a news report."""
    issuer = issuer_of(article)
    return None if issuer is None else ActorRef(issuer.name, issuer.code, issuer.sector)


def issuer_of(article: Article) -> Issuer | None:
    """The office that published the article, by URL host first, then outlet name."""
    host = (urlparse(article.url).hostname or "").lower() if article.url else ""
    outlet = (article.outlet or "").lower()
    issuers = load_issuers(_user_files())
    for issuer in issuers:
        if host and any(host == h or host.endswith("." + h) for h in issuer.hosts):
            return issuer
    for issuer in issuers:
        if outlet and any(outlet.startswith(name.lower()) for name in issuer.outlets):
            return issuer
    return None


def _user_files() -> tuple[str, ...]:
    return tuple(p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip())


@lru_cache(maxsize=8)
def load_issuers(user_files: tuple[str, ...] = ()) -> tuple[Issuer, ...]:
    """The built-in issuers, then those of user files (JSON lines, same fields); a user
    entry comes first, so that it wins over a built-in one for the same host."""
    built_in = resources.files("dyad.data").joinpath("actors/issuers.jsonl").read_text("utf-8")
    issuers = _parse(built_in, "actors/issuers.jsonl")
    for path in user_files:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as e:
            raise ConfigError(f"cannot read issuers file {path!r} (from {ENV_VAR}): {e}") from e
        issuers = _parse(text, path) + issuers
    return tuple(issuers)


def _parse(text: str, where: str) -> list[Issuer]:
    issuers = []
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            issuers.append(Issuer(name=record["name"], code=record["code"], sector=record["sector"],
                                  hosts=tuple(h.lower() for h in record.get("hosts", ())),
                                  outlets=tuple(record.get("outlets", ()))))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise ConfigError(f"{where}:{line_no} not a valid issuer record: {e}") from e
    return issuers
