"""``dyad eval --details``: the date and location misses of matched events, on a
hand-made gold file and predictions written for this test."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dyad.cli import cli
from dyad.model import ActorRef, Article, ArticleResult, Event, Location, Mention

TEXT = "Russia and France held talks in Paris on Friday. The US accused Russia of lying."


def _event(sentence: str, type_: str, actor: list[str], recipient: list[str], *, date: str,
           country: str | None) -> Event:
    start = TEXT.index(sentence)
    mention = Mention(start, start + len(sentence), sentence)
    location = Location(name="Paris", country=country, lat=None, lon=None) if country else None
    return Event(id=f"e{start}", type=type_, mode=None, quad=1, score=0.0,
                 actor=[ActorRef(c, c, "GOV") for c in actor],
                 recipient=[ActorRef(c, c, "GOV") for c in recipient], modality="asserted",
                 trigger=mention, sentence=mention, date=date, location=location)


def _gold_event(evidence: str, type_: str, actor: list[str], recipient: list[str], date: str,
                country: str | None) -> dict:
    return {"evidence": evidence, "type": type_, "actor": [{"code": c} for c in actor],
            "recipient": [{"code": c} for c in recipient], "modality": "asserted", "date": date,
            "location": {"text": "Paris", "country": country} if country else None}


def test_eval_details_lists_date_and_location_misses_of_matched_events(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    talks, accusation = "Russia and France held talks in Paris on Friday.", "The US accused Russia of lying."
    (gold_dir / "a.json").write_text(json.dumps({"id": "a", "events": [
        _gold_event(talks, "CONSULT", ["RUS", "FRA"], [], "2022-01-21", "FRA"),
        _gold_event(accusation, "ACCUSE", ["USA"], ["RUS"], "2022-01-21", None)]}), "utf-8")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", "utf-8")
    predicted = [_event(talks, "CONSULT", ["RUS", "FRA"], [], date="2022-01-20", country="CHE"),
                 _event(accusation, "ACCUSE", ["USA"], ["RUS"], date="2022-01-21", country=None)]
    predictions = tmp_path / "predictions.jsonl"
    result = ArticleResult(article=Article(text=TEXT, id="a"), events=predicted)
    predictions.write_text(json.dumps(result.to_dict()) + "\n", "utf-8")
    details = tmp_path / "details.jsonl"
    outcome = CliRunner().invoke(cli, ["eval", str(gold_dir), "--articles", str(articles),
                                       "--predictions", str(predictions), "--details", str(details)])
    assert outcome.exit_code == 0, outcome.output
    rows = [json.loads(line) for line in details.read_text("utf-8").splitlines()]
    assert {(r["outcome"], r["type"]) for r in rows if r["field"] == "event"} == {
        ("dyad", "CONSULT"), ("dyad", "ACCUSE")}
    rows = [r for r in rows if r["field"] in ("date", "location")]
    assert [(r["field"], r["gold"], r["predicted"]) for r in rows] == [
        ("date", "2022-01-21", "2022-01-20"), ("location", "FRA", "CHE")]
    assert all(r["article"] == "a" and r["evidence"] == talks for r in rows)
