"""The sources file (TOML): which outlets to follow, how to fetch, whom to tell.

    [fetch]                       # all optional
    timeout = 10                  # seconds per request
    retries = 2                   # extra tries after a timeout, a network error, 429 or 5xx
    min_interval = 1.0            # seconds between two requests to the same host
    max_bytes = 5_000_000         # a larger page is refused

    [notify]                      # all optional
    webhook = "https://example.org/hook"   # POSTed JSON with the flagged items
    log = "alerts.log"                     # one line per flagged item
    types = ["ASSAULT", "FIGHT"]           # flag new events of these PLOVER types ...
    actors = ["RUS"]                       # ... or with these actor/recipient codes

    [[source]]
    name = "voa"                  # unique; defaults to the url
    outlet = "Voice of America"
    url = "https://www.voanews.com/api/..."
    kind = "feed"                 # feed (RSS/Atom) | sitemap | page; guessed from the url when absent
    language = "en"
    license = "Public domain"
    max_items = 20                # new items downloaded per poll
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dyad.errors import ConfigError

KINDS = ("feed", "sitemap", "page")


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    kind: str
    outlet: str | None = None
    language: str | None = None
    license: str | None = None
    max_items: int = 20


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0  # first wait before a retry; doubled each time
    max_backoff: float = 30.0
    min_interval: float = 1.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    robots: bool = True
    contact: str | None = None  # a URL or address for the User-Agent, instead of the project's


@dataclass(frozen=True)
class NotifySettings:
    webhook: str | None = None
    log: Path | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    timeout: float = 10.0


@dataclass(frozen=True)
class FeedsConfig:
    sources: tuple[Source, ...]
    fetch: FetchSettings = field(default_factory=FetchSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)


def load_config(path: str | Path) -> FeedsConfig:
    """Read and check a sources file; ConfigError says what is wrong and where."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    return parse_config(data, where=str(path), base=path.parent)


def parse_config(data: dict[str, Any], *, where: str = "sources", base: Path = Path(".")) -> FeedsConfig:
    unknown = set(data) - {"source", "fetch", "notify"}
    if unknown:
        raise ConfigError(f"{where}: unknown section(s) {', '.join(sorted(unknown))}")
    sources = tuple(_source(entry, where=f"{where}: source {i + 1}")
                    for i, entry in enumerate(data.get("source", [])))
    if not sources:
        raise ConfigError(f"{where}: no [[source]] entries")
    names = [s.name for s in sources]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"{where}: source names must be unique: {', '.join(repeated)}")
    return FeedsConfig(sources=sources, fetch=_fetch(data.get("fetch", {}), where=f"{where}: [fetch]"),
                       notify=_notify(data.get("notify", {}), where=f"{where}: [notify]", base=base))


def guess_kind(url: str) -> str:
    path = urlsplit(url).path.lower()
    if "sitemap" in path and path.endswith((".xml", ".xml.gz")):
        return "sitemap"
    if path.endswith((".rss", ".atom", ".xml", "/feed", "/rss", "/atom")) or "/feed" in path or "rss" in path:
        return "feed"
    return "page"


def _source(entry: Any, *, where: str) -> Source:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: not a table")
    _known(entry, {"name", "url", "kind", "outlet", "language", "license", "max_items"}, where=where)
    url = entry.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ConfigError(f"{where}: url must be an http(s) URL, not {url!r}")
    kind = entry.get("kind") or guess_kind(url)
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    max_items = entry.get("max_items", 20)
    if not isinstance(max_items, int) or max_items < 1:
        raise ConfigError(f"{where}: max_items must be a positive integer")
    return Source(name=str(entry.get("name") or url), url=url, kind=kind, outlet=_text(entry, "outlet", where),
                  language=_text(entry, "language", where), license=_text(entry, "license", where),
                  max_items=max_items)


def _fetch(table: Any, *, where: str) -> FetchSettings:
    defaults = FetchSettings()
    _known(table, set(defaults.__dataclass_fields__), where=where)
    values = {}
    for name in ("timeout", "backoff", "max_backoff", "min_interval"):
        if name in table:
            values[name] = _number(table[name], name, where, minimum=0.0)
    for name in ("retries", "max_bytes", "max_redirects"):
        if name in table:
            value = table[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{where}: {name} must be a non-negative integer")
            values[name] = value
    if "robots" in table:
        if not isinstance(table["robots"], bool):
            raise ConfigError(f"{where}: robots must be true or false")
        values["robots"] = table["robots"]
    if "contact" in table:
        values["contact"] = _text(table, "contact", where)
    if values.get("timeout", 1.0) <= 0:
        raise ConfigError(f"{where}: timeout must be above 0")
    return FetchSettings(**values)


def _notify(table: Any, *, where: str, base: Path) -> NotifySettings:
    _known(table, {"webhook", "log", "types", "actors", "timeout"}, where=where)
    webhook = _text(table, "webhook", where)
    if webhook and urlsplit(webhook).scheme not in ("http", "https"):
        raise ConfigError(f"{where}: webhook must be an http(s) URL")
    log = _text(table, "log", where)
    return NotifySettings(
        webhook=webhook,
        log=(base / log) if log else None,  # relative to the sources file, as a user reading it expects
        types=_codes(table, "types", where), actors=_codes(table, "actors", where),
        timeout=_number(table.get("timeout", 10.0), "timeout", where, minimum=0.1),
    )


def _known(table: Any, names: set[str], *, where: str) -> None:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: not a table")
    unknown = set(table) - names
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _text(table: dict[str, Any], name: str, where: str) -> str | None:
    value = table.get(name)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"{where}: {name} must be a string")
    return value or None


def _number(value: Any, name: str, where: str, *, minimum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        raise ConfigError(f"{where}: {name} must be a number >= {minimum:g}")
    return float(value)


def _codes(table: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {name} must be a list of strings")
    return tuple(v.upper() for v in value)
