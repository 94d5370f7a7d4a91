"""The ``dyad`` command line: thin commands over the library."""

from __future__ import annotations

import sys

import click

from dyad.cli.brief import brief_cli
from dyad.cli.eval import eval_cli
from dyad.cli.extract import extract_cli
from dyad.cli.feeds import fetch_cli, sources_cli, watch_cli
from dyad.cli.ingest import ingest_cli
from dyad.cli.query import export_cli, query_cli, sql_cli
from dyad.cli.scale import scale_cli
from dyad.cli.serve import serve_cli
from dyad.cli.stories import series_cli, stories_cli
from dyad.errors import DyadError
from dyad.version import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dyad")
def cli() -> None:
    """Dyad: sourced PLOVER event data from news articles, offline.

    Example: dyad extract articles.jsonl --format table
    """


cli.add_command(extract_cli)
cli.add_command(ingest_cli)
cli.add_command(query_cli)
cli.add_command(sql_cli)
cli.add_command(export_cli)
cli.add_command(brief_cli)
cli.add_command(serve_cli)
cli.add_command(fetch_cli)
cli.add_command(watch_cli)
cli.add_command(sources_cli)
cli.add_command(stories_cli)
cli.add_command(series_cli)
cli.add_command(scale_cli)
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
