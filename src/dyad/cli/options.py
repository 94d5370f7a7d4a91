"""Options shared between commands, as decorators."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import click


def check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD") from None


def _refuse_unwritable(param_type: click.ParamType, value: object, param: click.Parameter | None,
                       ctx: click.Context | None) -> None:
    # An atomic write fails only at the end, after all the work, and leaves its temporary file behind.
    if isinstance(value, str) and value != "-" and (not value or os.path.isdir(value)):
        param_type.fail(f"{value!r} is not a file name to write", param, ctx)


class OutputFile(click.File):
    """A file written atomically, or ``-``; an empty name or a folder is a usage error up front."""

    def __init__(self) -> None:
        super().__init__("w", encoding="utf-8", atomic=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _refuse_unwritable(self, value, param, ctx)
        return super().convert(value, param, ctx)


class OutputPath(click.Path):
    """The path of a file to write, or ``-``; an empty name or a folder is a usage error."""

    def __init__(self) -> None:
        super().__init__(dir_okay=False, allow_dash=True)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _refuse_unwritable(self, value, param, ctx)
        return super().convert(value, param, ctx)


def published_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--published", metavar="DATE", callback=check_date,
        help="Publication date (YYYY-MM-DD) for inputs that carry none; relative dates resolve against it.",
    )(func)


def workers_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
        help="Worker processes, each with its own spaCy pipeline.",
    )(func)


def max_chars_option(func: Callable[..., Any]) -> Callable[..., Any]:
    from dyad.ingest.checks import MAX_CHARS

    return click.option(
        "--max-chars", type=click.IntRange(1), default=MAX_CHARS, show_default=True,
        help="Reject articles longer than this many characters.",
    )(func)
