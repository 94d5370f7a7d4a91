"""``dyad extract``: articles in, event records out."""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from dyad.cli.options import OutputFile, max_chars_option, published_option, workers_option
from dyad.cli.render import progress, render_table
from dyad.extract import extract
from dyad.ingest import read_inputs
from dyad.model import ArticleResult, ItemError

# Show a progress bar only for inputs with more articles than this.
PROGRESS_MIN_ITEMS = 5


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="jsonl: one record per line; json: one array; table: for reading.")
@click.option("--output", "-o", type=OutputFile(), default="-",
              help="Write here instead of stdout.")
@published_option
@workers_option
@max_chars_option
def extract_cli(inputs: tuple[str, ...], fmt: str, output: IO[str], published: str | None,
                workers: int, max_chars: int) -> None:
    """Extract events, quotes, actors and places from articles.

    INPUT is a .txt, .html or .jsonl file, a directory of them, or - for stdin.
    The exit status is 1 when any item failed; the others are still written.

    Example: dyad extract ../shared/corpus/articles.jsonl --format table
    """
    items = list(read_inputs(inputs, published=published, max_chars=max_chars))
    show_progress = len(items) > PROGRESS_MIN_ITEMS and sys.stderr.isatty()
    results: list[ArticleResult | ItemError] = []
    failed = 0
    with progress(len(items), enabled=show_progress) as advance:
        for result in extract(items, workers=workers):
            if isinstance(result, ItemError):
                failed += 1
                click.echo(f"dyad: skipped {result}", err=True)
            if fmt == "jsonl":
                output.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            else:
                results.append(result)
            advance(result)
    if fmt == "json":
        json.dump([r.to_dict() for r in results], output, ensure_ascii=False, indent=2)
        output.write("\n")
    elif fmt == "table":
        render_table([r for r in results if isinstance(r, ArticleResult)], output)
    if failed:
        click.echo(f"dyad: {failed} of {len(items)} items failed", err=True)
        sys.exit(1)
