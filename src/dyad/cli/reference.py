"""The CLI reference in Markdown, generated from the click commands themselves,
so that docs/reference/cli.md cannot drift from the code (a test compares them).

    python -m dyad.cli.reference > docs/reference/cli.md
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator

import click


def iter_commands(group: click.Group, prefix: str = "dyad") -> Iterator[tuple[str, click.Command]]:
    """Every command under ``group``, depth first, in alphabetical order."""
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from iter_commands(command, path)


def option_names(command: click.Command) -> list[str]:
    """The long (or only) name of every option of a command."""
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            longs = [o for o in param.opts + param.secondary_opts if o.startswith("--")]
            names.extend(longs or param.opts)
    return names


def command_markdown(path: str, command: click.Command) -> str:
    ctx = click.Context(command, info_name=path)
    usage = command.get_usage(ctx).replace("Usage: ", "")
    lines = [f"## `{path}`", "", "```", usage, "```", ""]
    if command.help:
        lines += [inspect.cleandoc(click.unstyle(command.help)), ""]
    rows = []
    for param in command.params:
        record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
        if record is None:
            continue
        names, help_text = (part.replace("|", "\\|") for part in record)
        rows.append(f"| `{names}` | {help_text} |")
    if rows:
        lines += ["| option | meaning |", "|---|---|", *rows, ""]
    return "\n".join(lines)


def cli_reference() -> str:
    from dyad.cli import cli

    parts = [
        "# CLI reference",
        "",
        "Generated from the commands themselves (`make docs` runs"
        " `python -m dyad.cli.reference`); a test fails when this page and the CLI disagree.",
        "",
    ]
    parts += [command_markdown(path, command) for path, command in iter_commands(cli)]
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(cli_reference())
