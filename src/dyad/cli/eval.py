"""``dyad eval``: score extraction against gold files or the PLOVER gold-standard sentences."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dyad.cli.options import workers_option
from dyad.eval import evaluate_gold, evaluate_gsr
from dyad.eval.gsr import GsrScore
from dyad.eval.scoring import Score

_PATH = click.Path(exists=True, path_type=Path)


@click.command("eval")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--articles", type=_PATH, help="JSONL articles holding the texts of the gold files.")
@click.option("--predictions", type=_PATH,
              help="Score these `dyad extract --format jsonl` records instead of extracting again.")
@click.option("--plover-gsr", "gsr", type=_PATH, help="Score sentence typing on PLOVER_GSR_CAMEO.json.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", type=click.Path(dir_okay=False, path_type=Path),
              help="Write each gold event's outcome (dyad, type-only, missed), each spurious prediction "
                   "and each matched event's date and location misses to this file (JSON lines).")
@workers_option
def eval_cli(gold_dir: Path | None, articles: Path | None, predictions: Path | None, gsr: Path | None,
             as_json: bool, details: Path | None, workers: int) -> None:
    """Score extraction against hand-coded gold (type, dyad, date, location, quotes).

    Example: dyad eval ../shared/gold/dev --articles ../shared/corpus/articles.jsonl

    Example: dyad eval --plover-gsr ../shared/gold/plover_gsr/PLOVER_GSR_CAMEO.json
    """
    if gold_dir is None and gsr is None:
        raise click.UsageError("give GOLD_DIR with --articles, or --plover-gsr FILE")
    report: dict = {}
    if gold_dir is not None:
        if articles is None:
            raise click.UsageError("GOLD_DIR needs --articles ARTICLES.jsonl")
        report["gold"] = evaluate_gold(gold_dir, articles, workers=workers, predictions=predictions,
                                       details=details)
    if gsr is not None:
        report["plover_gsr"] = evaluate_gsr(gsr, workers=workers)
    if as_json:
        click.echo(json.dumps({k: v.to_dict() for k, v in report.items()}, indent=2))
        return
    if "gold" in report:
        click.echo(render_gold(report["gold"]))
    if "plover_gsr" in report:
        click.echo(render_gsr(report["plover_gsr"]))


def render_gold(score: Score) -> str:
    lines = [f"gold articles: {score.articles}", f"{'measure':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp/pred/gold':>16}"]
    for name, counts in (("type", score.type), ("dyad", score.dyad), ("quotes (direct)", score.quotes)):
        lines.append(f"{name:<22}{counts.precision:7.3f}{counts.recall:7.3f}{counts.f1:7.3f}"
                     f"{f'{counts.tp}/{counts.pred}/{counts.gold}':>16}")
    for name, ratio in (("date accuracy", score.date), ("location accuracy", score.location),
                        ("false facts", score.false_facts), ("non-facts found", score.non_facts_found)):
        lines.append(f"{name:<22}{ratio.value:21.3f}{f'{ratio.hits}/{ratio.total}':>16}")
    lines.append("per type:")
    for name, counts in sorted(score.per_type.items()):
        lines.append(f"  {name:<20}{counts.precision:7.3f}{counts.recall:7.3f}{counts.f1:7.3f}"
                     f"{f'{counts.tp}/{counts.pred}/{counts.gold}':>16}")
    lines.extend(f"warning: {w}" for w in score.warnings)
    return "\n".join(lines)


def render_gsr(score: GsrScore) -> str:
    rows = (("type accuracy (main event)", score.type_accuracy), ("type among predicted", score.type_any),
            ("actor codes (typed right)", score.actor_accuracy),
            ("recipient codes (typed right)", score.recipient_accuracy),
            ("dyad, union rule (typed right)", score.dyad_accuracy))
    return "\n".join(["PLOVER gold-standard sentences"]
                     + [f"{name:<32}{r.value:7.3f}{f'{r.hits}/{r.total}':>10}" for name, r in rows])
