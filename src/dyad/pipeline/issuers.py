"""Issuers: the government offices that publish texts in their own voice
(statements, readouts, speeches), and which one published an article, by its
URL host or outlet name (``data/actors/issuers.jsonl``; users add their own
files in ``DYAD_ISSUERS``, separated like PATH)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from dyad.errors import ConfigError
from dyad.model import Article

__all__ = ["ENV_VAR", "Issuer", "issuer_of", "load_issuers"]

ENV_VAR = "DYAD_ISSUERS"


@dataclass(frozen=True)
class Issuer:
    """A government office that publishes texts in its own voice."""

    name: str
    code: str
    sector: str
    hosts: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()


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
