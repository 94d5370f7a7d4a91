"""Terminal output: the events table and the progress bar (rich)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from dyad.model import ActorRef, ArticleResult, ItemError

_MODALITY_STYLE = {"asserted": "bold", "historical": "dim", "future": "cyan",
                   "hypothetical": "yellow", "negated": "red"}


def _actors(refs: list[ActorRef]) -> str:
    return ", ".join(f"{r.code} {r.sector}" for r in refs) or "-"


def render_table(results: list[ArticleResult], output: IO[str]) -> None:
    """One row per event, with the evidence sentence, grouped by article."""
    console = Console(file=output, width=None if output.isatty() else 160)
    for result in results:
        article = result.article
        if not result.events:
            console.print(f"[bold]{article.id}[/]  {article.title or ''}  {article.published or 'no date'}:"
                          f" no events ({len(result.entities)} actors)\n")
            continue
        table = Table(title=f"{article.id}  {article.title or ''}  {article.published or 'no date'}",
                      title_justify="left", show_lines=True, expand=False)
        for column in ("type", "mode", "actor", "recipient", "modality", "date", "where", "evidence"):
            table.add_column(column, overflow="fold", max_width=70 if column == "evidence" else 20)
        for event in result.events:
            table.add_row(
                event.type, event.mode or "", _actors(event.actor), _actors(event.recipient),
                f"[{_MODALITY_STYLE.get(event.modality, '')}]{event.modality}[/]",
                event.date or "", event.location.name if event.location else "",
                event.sentence.text.strip(),
            )
        console.print(table)
        console.print(f"{len(result.events)} events, {len(result.quotes)} quotes, "
                      f"{len(result.entities)} actors, {len(result.places)} places\n")


@contextlib.contextmanager
def progress(total: int, *, enabled: bool) -> Iterator[Callable[[ArticleResult | ItemError], None]]:
    """A progress bar on stderr with articles per second and the count of events."""
    if not enabled:
        yield lambda result: None
        return
    started = time.monotonic()
    counts = {"events": 0, "done": 0}
    bar = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                   MofNCompleteColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    with bar:
        task = bar.add_task("extracting", total=total, rate="")

        def advance(result: ArticleResult | ItemError) -> None:
            counts["done"] += 1
            if isinstance(result, ArticleResult):
                counts["events"] += len(result.events)
            rate = counts["done"] / max(time.monotonic() - started, 1e-6)
            bar.update(task, advance=1, rate=f"{rate:.1f} articles/s, {counts['events']} events")

        yield advance
