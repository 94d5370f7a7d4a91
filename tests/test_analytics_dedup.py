"""Wire copies: an agency story reprinted with a new headline, dateline or a
trimmed ending is found; another outlet's own account of the event is not."""

from __future__ import annotations

import json

import pytest

from dyad.analytics.dedup import WireIndex, find_copies
from dyad.analytics.evidence import shingles
from dyad.analytics.minhash import signature, similarity
from dyad.model import Article, ArticleResult

WIRE = (
    "KYIV (Wire) - Russian artillery shelled the eastern town of Avdiivka on Thursday, killing two "
    "civilians and damaging a school and a water pumping station, regional governor Pavlo Kyrylenko "
    "said. Ukraine's foreign ministry called the attack a deliberate escalation and summoned the "
    "Russian charge d'affaires. Moscow denied targeting civilians and said its forces had returned "
    "fire at Ukrainian positions. Western governments have warned for weeks that Russia, which has "
    "massed more than 100,000 troops near the border, could launch a wider offensive. Talks between "
    "the two countries' negotiators are due to resume in Minsk next week, officials said."
)
COPIES = [
    "Two civilians killed as Russian shells hit Avdiivka\n\n" + WIRE,
    WIRE.replace("KYIV (Wire) - ", "Kyiv, Jan 20 (Wire): "),
    WIRE.rsplit(" Talks between", 1)[0],
]
OWN_ACCOUNT = (
    "Residents of Avdiivka spent Thursday night in basements after a barrage that the regional "
    "governor blamed on Russian gunners. Two people were killed, he said, and the town's only "
    "water pumping station was hit, leaving thousands without water. Ukraine protested to Moscow, "
    "which said it had only answered Ukrainian fire. The shelling comes as Russia keeps more than "
    "100,000 troops near the border and as diplomats prepare for new talks in Minsk."
)


@pytest.mark.parametrize("copy", COPIES)
def test_dedup_wire_copy_is_found(copy):
    assert find_copies({"orig": WIRE, "copy": copy}) == {"copy": "orig"}


def test_dedup_own_account_of_same_event_is_not_a_copy():
    assert find_copies({"orig": WIRE, "own": OWN_ACCOUNT}) == {}
    estimate = similarity(signature(shingles(WIRE)), signature(shingles(OWN_ACCOUNT)))
    assert estimate < 0.3


def test_dedup_copies_of_copies_point_at_the_original():
    copies = find_copies({"orig": WIRE, "c1": COPIES[0], "c2": COPIES[1]})
    assert copies == {"c1": "orig", "c2": "orig"}


def test_dedup_short_texts_are_never_copies():
    assert find_copies({"a": "Russia shelled Avdiivka.", "b": "Russia shelled Avdiivka."}) == {}


def test_dedup_index_round_trips_and_readding_is_stable():
    index = WireIndex()
    index.add("orig", WIRE)
    restored = WireIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    assert restored.add("copy", COPIES[0]) == "orig"
    assert restored.add("copy", "anything else") == "orig"


def test_dedup_rows_from_results_mark_wire_copies():
    from dyad.analytics.rows import rows_from_results
    from dyad.model import Event, Mention

    def result(article_id: str, text: str) -> ArticleResult:
        sentence = Mention(0, 10, text[:10])
        event = Event(id=f"{article_id}-v0", type="ASSAULT", mode=None, quad=4, score=-9.0, actor=[],
                      recipient=[], modality="asserted", trigger=sentence, sentence=sentence)
        return ArticleResult(article=Article(text=text, id=article_id), events=[event])

    rows = rows_from_results([result("orig", WIRE), result("copy", COPIES[2]),
                              result("own", OWN_ACCOUNT)])
    assert [(r.article_id, r.copy_of, r.report) for r in rows] == [
        ("orig", None, "orig"), ("copy", "orig", "orig"), ("own", None, "own")]

