"""Modality: negation, conditionals, futures, history, and PLOVER's retyping of non-facts."""

from __future__ import annotations

import pytest


def _of_type(result, event_type):
    return [e for e in result.events if e.type == event_type]


@pytest.mark.parametrize("text, event_type, modality", [
    ("Russia denies it plans an invasion of Ukraine.", "ASSAULT", "negated"),
    ("Russia did not attack Ukraine on Friday.", "ASSAULT", "negated"),
    ("The Kremlin signaled its reluctance to endorse the US proposal.", "SUPPORT", "negated"),
    ("Hungary is unwilling to support new sanctions on Russia.", "SUPPORT", "negated"),
    ("Russia could attack Ukraine within weeks.", "ASSAULT", "hypothetical"),
    ("If Russia invades Ukraine, the United States will impose sanctions on Russia.", "ASSAULT", "hypothetical"),
    ("If Russia invades Ukraine, the United States will impose sanctions on Russia.", "SANCTION", "hypothetical"),
    ("Ukraine demanded that Russia withdraw its troops.", "RETREAT", "hypothetical"),
    ("Russia threatened sanctions against Lithuania.", "SANCTION", "hypothetical"),
    ("Russia seized Crimea from Ukraine in 2014.", "COERCE", "historical"),
    ("Russia seized a tanker from Ukraine on Monday.", "COERCE", "asserted"),
])
def test_modality_of_event(code_text, text, event_type, modality):
    events = _of_type(code_text(text), event_type)
    assert events, f"no {event_type} in {text!r}"
    assert events[0].modality == modality


@pytest.mark.parametrize("text", [
    "Russia denies it plans an invasion of Ukraine.",
    "Russia could attack Ukraine within weeks.",
    "If Russia invades Ukraine, the United States will impose sanctions on Russia.",
])
def test_modality_non_facts_never_pose_as_asserted(code_text, text):
    assert not [e for e in code_text(text).events
                if e.type in ("ASSAULT", "SANCTION") and e.modality == "asserted"]


def test_modality_conditional_threat_is_asserted(code_text):
    threats = _of_type(code_text("If Russia invades Ukraine, the United States will impose sanctions on Russia."),
                       "THREATEN")
    assert threats and threats[0].modality == "asserted"
    assert [r.code for r in threats[0].actor] == ["USA"] and [r.code for r in threats[0].recipient] == ["RUS"]


@pytest.mark.parametrize("text, event_type", [
    ("Russia will meet Ukraine in Istanbul next week.", "AGREE"),  # future cooperation
    ("Russia plans to hold talks with Ukraine.", "AGREE"),
    ("Russia will withdraw its troops from Belarus next month.", "CONCEDE"),  # future withdrawal
    ("Serbia refused to accept the agreement with Kosovo.", "REJECT"),  # a refused agreement
    ("Serbia did not accept the proposal by Kosovo.", "REJECT"),
    ("Germany said any attack on Lithuania will be met with a united response.", "THREATEN"),  # made now
])
def test_modality_retypes_future_and_refused_acts(code_text, text, event_type):
    events = _of_type(code_text(text), event_type)
    assert events and events[0].modality == "asserted"


def test_modality_reported_clause_keeps_its_own_modality(code_text):
    attacks = _of_type(code_text("Ukraine said Russia attacked Kharkiv on Monday."), "ASSAULT")
    assert attacks[0].modality == "asserted"


@pytest.mark.parametrize("text, event_type, modality", [
    ("Russia massed troops on the border to attack Ukraine.", "ASSAULT", "hypothetical"),  # purpose
    ("Russia could invade Ukraine after massing troops near the border.", "MOBILIZE", "asserted"),
    ("France would like Germany to join the negotiation process.", "CONSULT", "hypothetical"),
    ("Ukraine reported an alleged attack on its embassy.", "ASSAULT", "hypothetical"),
])
def test_modality_purpose_time_requests_and_allegations(code_text, text, event_type, modality):
    events = _of_type(code_text(text), event_type)
    assert events and events[0].modality == modality


def test_modality_polite_would_like_is_not_hypothetical(code_text):
    events = _of_type(code_text("France would like to congratulate Germany on its victory."), "SUPPORT")
    assert events and events[0].modality == "asserted"


def test_modality_necessity_is_a_request_of_a_hypothetical_act(code_text):
    result = code_text("Ukraine said it is necessary to meet and talk with Russia.")
    assert [e for e in result.events if e.type == "REQUEST" and e.modality == "asserted"]
    assert all(e.modality != "asserted" for e in _of_type(result, "CONSULT"))


def test_modality_unagreed_thing_is_no_refusal(code_text):
    result = code_text("France will impose sanctions on Russia if the ceasefire is not agreed by Friday.")
    assert not _of_type(result, "REJECT")


def test_modality_habits_are_not_events(code_text):
    assert not code_text("France and Germany regularly discuss trade.").events


@pytest.mark.parametrize("text, offered", [
    ("Ukraine said it could meet Russia in Istanbul.", True),
    ("Zelensky said that President Biden could help Ukraine.", False),  # a hope about another party
])
def test_modality_only_a_party_offers_its_own_cooperation(code_text, text, offered):
    offers = [e for e in code_text(text).events if e.type == "AGREE" and e.modality == "asserted"]
    assert bool(offers) == offered


@pytest.mark.parametrize("text, modality", [
    ("Lavrov said he cannot say whether talks with NATO are on the table.", "hypothetical"),
    ("Talks with NATO are useful, Lavrov said.", "asserted"),
])
def test_modality_a_copula_clause_opened_by_whether_is_open(code_text, text, modality):
    talks = [e for e in code_text(text).events if e.type == "CONSULT"]
    assert talks and talks[0].modality == modality
