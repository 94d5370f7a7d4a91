"""The ``dyad`` command line: thin commands over the library."""

from __future__ import annotations

import sys

import click

from dyad.cli.eval import eval_cli
from dyad.cli.extract import extract_cli
from dyad.errors import DyadError
from dyad.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyad")
def cli() -> None:
    """Dyad: sourced PLOVER event data from news articles, offline.

    Example: dyad extract articles.jsonl --format table
    """


cli.add_command(extract_cli)
cli.add_command(eval_cli)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except DyadError as e:
        click.echo(f"dyad: error: {e}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
