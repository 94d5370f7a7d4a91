"""The scorer on small hand-made gold and prediction pairs, and the ``dyad eval`` command."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dyad.cli import cli
from dyad.eval.details import article_details
from dyad.eval.gold import gold_article, locate, read_gold_dir
from dyad.eval.gsr import main_event, read_gsr, score_gsr
from dyad.eval.matching import max_matching
from dyad.eval.scoring import score_article, words_overlap
from dyad.model import ActorRef, Article, ArticleResult, Event, Mention, Quote

TEXT = ("Russia and France held talks in Paris. Russia could invade Ukraine. "
        "The US accused Russia of lying. Lavrov said: \"We are not planning any attack.\"")


def _sentence(fragment: str) -> Mention:
    start = TEXT.index(fragment)
    return Mention(start, start + len(fragment), fragment)


def _event(type_: str, fragment: str, actor=(), recipient=(), modality="asserted", date=None) -> Event:
    refs = [ActorRef(c, c, "GOV") for c in actor]
    return Event(id=f"e-{type_}", type=type_, mode=None, quad=1, score=0.0, actor=refs,
                 recipient=[ActorRef(c, c, "GOV") for c in recipient], modality=modality,
                 trigger=_sentence(fragment), sentence=_sentence(fragment), date=date)


def _gold(events, quotes=()):
    raw = {"id": "a", "events": [
        {"evidence": ev, "type": t, "actor": [{"code": c} for c in a], "recipient": [{"code": c} for c in r],
         "modality": m, "date": d} for ev, t, a, r, m, d in events],
        "quotes": [{"speaker": {"code": c}, "text": q, "kind": "direct"} for c, q in quotes]}
    return gold_article(raw, TEXT)


GOLD = _gold([
    ("Russia and France held talks in Paris.", "CONSULT", ["RUS", "FRA"], [], "asserted", "2022-01-01"),
    ("Russia could invade Ukraine.", "ASSAULT", ["RUS"], ["UKR"], "hypothetical", None),
    ("The US accused Russia of lying.", "ACCUSE", ["USA"], ["RUS"], "asserted", None),
])


def test_eval_type_and_dyad_scores_with_union_rule_for_consult():
    predictions = [
        _event("CONSULT", "Russia and France held talks in Paris.", ["RUS"], ["FRA"], date="2022-01-01"),
        _event("ACCUSE", "The US accused Russia of lying.", ["USA"], []),
    ]
    score = score_article(GOLD, predictions, [])
    assert (score.type.tp, score.type.pred, score.type.gold) == (2, 2, 2)
    assert score.dyad.tp == 1  # the meeting matches by union; the accusation lacks its recipient
    assert (score.date.hits, score.date.total) == (1, 1)


def test_eval_non_facts_count_neither_way_unless_asserted():
    marked = [_event("ASSAULT", "Russia could invade Ukraine.", ["RUS"], ["UKR"], modality="hypothetical")]
    score = score_article(GOLD, marked, [])
    assert score.type.pred == 0 and score.false_facts.hits == 0 and score.non_facts_found.hits == 1
    asserted = [_event("ASSAULT", "Russia could invade Ukraine.", ["RUS"], ["UKR"])]
    score = score_article(GOLD, asserted, [])
    assert score.type.tp == 0 and score.type.pred == 1
    assert (score.false_facts.hits, score.false_facts.total) == (1, 1)


def test_eval_each_gold_event_pairs_once():
    twice = [_event("ACCUSE", "The US accused Russia of lying.", ["USA"], ["RUS"]) for _ in range(2)]
    score = score_article(GOLD, twice, [])
    assert score.type.tp == 1 and score.type.precision == 0.5
    assert score.per_type["ACCUSE"].tp == 1 and score.per_type["CONSULT"].recall == 0.0


def test_eval_max_matching_finds_the_larger_pairing():
    # pred 0 may pair with gold 0 or 1, pred 1 only with gold 0: a greedy choice would pair one.
    pairs = max_matching([0, 1], [0, 1], lambda p, g: (p, g) in {(0, 0), (0, 1), (1, 0)})
    assert len(pairs) == 2


def test_eval_quotes_need_half_the_words_and_the_speaker():
    gold = _gold([], quotes=[("RUS", "We are not planning any attack.")])
    def quote(text, code):
        return Quote(id="q", kind="direct", text=text, start=0, end=1, speaker=ActorRef(code, code, "GOV"))
    assert score_article(gold, [], [quote("We are not planning any attack", "RUS")]).quotes.tp == 1
    assert score_article(gold, [], [quote("We are not planning any attack", "USA")]).quotes.tp == 0
    assert score_article(gold, [], [quote("not planning", "RUS")]).quotes.tp == 0
    assert words_overlap("a b c d", "a b x y") == 0.5


def test_eval_gold_evidence_is_located_despite_whitespace():
    assert locate("held   talks\nin Paris", TEXT) == (TEXT.index("held talks"), TEXT.index(" Paris") + 6)
    missing = gold_article({"events": [{"evidence": "never said", "type": "AGREE"}]}, TEXT)
    assert not missing.events and missing.warnings


def test_eval_gsr_modernises_types_and_maps_codes(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([
        {"id": "doc", "event": "DOCUMENT"},
        {"id": "r1", "event": "DEMAND", "text": "Japan urged the UN to act.",
         "source": [{"code": "JAP"}], "target": [{"code": "IGO"}]},
    ]), "utf-8")
    records = read_gsr(path)
    assert [(r.type, sorted(r.actor), sorted(r.recipient)) for r in records] == [("REQUEST", ["JPN"], ["IGO"])]
    predicted = [_event("REQUEST", "The US accused Russia of lying.", ["JPN"], ["UN"], modality="asserted")]
    score = score_gsr(records, [predicted])
    assert score.type_accuracy.value == 1.0 and score.recipient_accuracy.value == 1.0
    assert score.dyad_accuracy.value == 1.0


def test_eval_gsr_dyad_uses_the_union_rule_for_meetings(tmp_path):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([{"id": "r1", "event": "CONSULT", "text": "France met Germany.",
                                 "source": [{"code": "FRA"}, {"code": "DEU"}], "target": []}]), "utf-8")
    directed = _event("CONSULT", "Russia could invade Ukraine.", ["FRA"], ["DEU"])
    score = score_gsr(read_gsr(path), [[directed]])
    assert score.actor_accuracy.value == 0.0 and score.dyad_accuracy.value == 1.0


def test_eval_gsr_main_event_prefers_facts_then_confidence():
    hypothetical = _event("ASSAULT", "Russia could invade Ukraine.", modality="hypothetical")
    hypothetical.confidence = 0.9
    low, high = _event("AGREE", "Russia could invade Ukraine."), _event("REQUEST", "Russia could invade Ukraine.")
    low.confidence, high.confidence = 0.5, 0.7
    assert main_event([hypothetical, low, high]) is high


def test_eval_cli_scores_saved_predictions(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a.json").write_text(json.dumps({"id": "a", "events": [
        {"evidence": "The US accused Russia of lying.", "type": "ACCUSE", "actor": [{"code": "USA"}],
         "recipient": [{"code": "RUS"}], "modality": "asserted"}]}), "utf-8")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": TEXT}) + "\n", "utf-8")
    result = ArticleResult(article=Article(text=TEXT, id="a"),
                           events=[_event("ACCUSE", "The US accused Russia of lying.", ["USA"], ["RUS"])])
    predictions = tmp_path / "predictions.jsonl"
    predictions.write_text(json.dumps(result.to_dict()) + "\n", "utf-8")
    args = ["eval", str(gold_dir), "--articles", str(articles), "--predictions", str(predictions)]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0 and "dyad" in table.output
    report = json.loads(CliRunner().invoke(cli, [*args, "--json"]).output)
    assert report["gold"]["dyad"]["f1"] == 1.0


def test_eval_details_say_each_gold_events_outcome():
    predictions = [
        _event("CONSULT", "Russia and France held talks in Paris.", ["RUS"], ["FRA"]),  # union rule: a match
        _event("ACCUSE", "The US accused Russia of lying.", ["USA"], []),  # recipient missing
        _event("SANCTION", "The US accused Russia of lying.", ["USA"], ["RUS"]),  # no gold of its type
    ]
    result = ArticleResult(article=Article(text=TEXT, id="a"), events=predictions)
    details = {(d.outcome, d.type): d for d in article_details(GOLD, result)}
    assert set(details) == {("dyad", "CONSULT"), ("type-only", "ACCUSE"), ("spurious", "SANCTION")}
    accusation = details[("type-only", "ACCUSE")]
    assert accusation.gold_recipient == ["RUS"] and accusation.recipient == []
    assert details[("spurious", "SANCTION")].gold_actor is None


def test_eval_details_list_missed_facts_only():
    details = article_details(GOLD, ArticleResult(article=Article(text=TEXT, id="a"), events=[]))
    assert sorted(d.type for d in details) == ["ACCUSE", "CONSULT"]  # the hypothetical invasion is no fact
    assert all(d.outcome == "missed" for d in details)


def test_eval_cli_needs_gold_or_gsr():
    assert CliRunner().invoke(cli, ["eval"]).exit_code != 0


def test_eval_dev_gold_evidence_all_found(shared_dir, corpus_articles):
    golds = read_gold_dir(shared_dir / "gold" / "dev", {k: v["text"] for k, v in corpus_articles.items()})
    assert golds and not [w for g in golds for w in g.warnings]


def test_eval_scores_the_coder_end_to_end(code_text):
    result = code_text(TEXT)
    score = score_article(GOLD, result.events, result.quotes)
    assert score.type.tp >= 1 and score.false_facts.hits == 0
