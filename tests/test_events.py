"""The event coder on sentences written for these tests: triggers, dyads, modes."""

from __future__ import annotations

import pytest

from dyad.pipeline.lexicon import load_lexicon


def _facts(result, event_type):
    return [e for e in result.events if e.type == event_type and e.modality in ("asserted", "historical")]


def _codes(refs):
    return sorted(r.code for r in refs)


@pytest.mark.parametrize("text, event_type, mode", [
    ("Russia and China held talks in Beijing on Monday.", "CONSULT", None),
    ("The European Union imposed new sanctions on Belarus.", "SANCTION", None),
    ("Russia massed troops near the border with Ukraine.", "MOBILIZE", "troops"),
    ("France held a phone call with Germany on Tuesday.", "CONSULT", "phone"),
    ("Israel launched an air strike on Syria.", "ASSAULT", "aerial"),
    ("The United States carried out an airstrike in Syria.", "ASSAULT", "aerial"),
    ("Ukraine called on Russia to withdraw its forces.", "REQUEST", None),
    ("Thousands of students demonstrated in Serbia on Sunday.", "PROTEST", "demo"),
    ("Poland expelled three Russian diplomats.", "SANCTION", "expel"),
    ("Germany will send humanitarian aid to Ukraine.", "AGREE", None),
    ("Iran rejected the proposal by France.", "REJECT", None),
])
def test_events_type_and_mode(code_text, text, event_type, mode):
    events = _facts(code_text(text), event_type)
    assert events, f"no asserted {event_type} in {text!r}"
    assert events[0].mode == mode


@pytest.mark.parametrize("text", [
    "Russia condemned the attack on its embassy.",  # the attack is only what the reaction is about
    "After the attack, France recalled its ambassador from Mali.",  # a time phrase dates another act
])
def test_events_reaction_objects_and_time_phrases_are_not_assault(code_text, text):
    assert not _facts(code_text(text), "ASSAULT")


def test_events_passive_voice_by_phrase_is_actor(code_text):
    events = _facts(code_text("Ukraine was attacked by Russia on Thursday."), "ASSAULT")
    assert _codes(events[0].actor) == ["RUS"] and _codes(events[0].recipient) == ["UKR"]


def test_events_compound_actor_is_one_event(code_text):
    result = code_text("The United States and France accused Russia of aggression.")
    accusations = _facts(result, "ACCUSE")
    assert len(accusations) == 1
    assert _codes(accusations[0].actor) == ["FRA", "USA"] and _codes(accusations[0].recipient) == ["RUS"]


@pytest.mark.parametrize("text, participants", [
    ("Russia and China held talks in Beijing on Monday.", ["CHN", "RUS"]),
    ("France met with Germany in Paris.", ["DEU", "FRA"]),
    ("Talks between Armenia and Azerbaijan resumed in Moscow.", ["ARM", "AZE"]),
])
def test_events_reciprocal_meetings_have_only_actors(code_text, text, participants):
    meetings = _facts(code_text(text), "CONSULT")
    assert _codes(meetings[0].actor) == participants and meetings[0].recipient == []


def test_events_visit_has_visitor_actor_and_host_recipient(code_text):
    visits = _facts(code_text("Germany's foreign minister visited Kenya on Tuesday."), "CONSULT")
    assert visits[0].mode == "visit"
    assert _codes(visits[0].actor) == ["DEU"] and _codes(visits[0].recipient) == ["KEN"]


def test_events_speech_act_request_from_should(code_text):
    requests = _facts(code_text("The United States said Russia should withdraw its troops from the border."),
                      "REQUEST")
    assert _codes(requests[0].actor) == ["USA"] and _codes(requests[0].recipient) == ["RUS"]


def test_events_speech_act_promise_is_agree(code_text):
    agreements = _facts(code_text("The United States said it will send written responses to Russia."), "AGREE")
    assert _codes(agreements[0].actor) == ["USA"] and _codes(agreements[0].recipient) == ["RUS"]


def test_events_warning_about_another_party_is_accusation(code_text):
    result = code_text("The United States warned that Russia could invade Ukraine.")
    accusations = _facts(result, "ACCUSE")
    assert _codes(accusations[0].actor) == ["USA"] and _codes(accusations[0].recipient) == ["RUS"]
    assert not _facts(result, "ASSAULT")


def test_events_vowing_conflict_is_a_threat(code_text):
    result = code_text("Iran vowed revenge and promised attacks on Israel.")
    assert _facts(result, "THREATEN") and not _facts(result, "AGREE")


def test_events_keep_evidence_offsets(code_text):
    text = "Fighting continued. Russia shelled Kharkiv overnight, Ukraine said."
    result = code_text(text)
    event = _facts(result, "ASSAULT")[-1]
    assert text[event.trigger.start:event.trigger.end] == event.trigger.text == "shelled"
    assert text[event.sentence.start:event.sentence.end].startswith("Russia shelled")
    assert 0 < event.confidence <= 1


def test_events_contexts_from_cue_words(code_text):
    event = _facts(code_text("Russia imposed an embargo on Ukrainian grain exports."), "SANCTION")[0]
    assert "economic" in event.contexts


def test_events_lexicon_is_broad_and_valid():
    lexicon = load_lexicon()
    assert len(lexicon.verbs) >= 300 and len(lexicon.nouns) >= 150
    types = {e.type for entries in (*lexicon.verbs.values(), *lexicon.nouns.values()) for e in entries}
    assert len(types) == 16


def test_events_readout_carries_meeting_participants(code_text):
    result = code_text("Russia and France held talks on Monday. The leaders discussed the crisis. "
                       "It was agreed to continue the dialogue.")
    later = [e for e in result.events if e.sentence.start > 0 and e.modality == "asserted"]
    assert {e.type for e in later} >= {"CONSULT", "AGREE"}
    assert all(_codes(e.actor) == ["FRA", "RUS"] for e in later)


@pytest.mark.parametrize("text, event_type, actor, recipient", [
    ("China demanded that the United States cancel the arms sale.", "REQUEST", ["CHN"], ["USA"]),
    ("Libya offered to hand over the two suspects to Britain.", "AGREE", ["LBY"], ["GBR"]),
    ("Germany affirmed its support for Ukraine.", "SUPPORT", ["DEU"], ["UKR"]),
    ("Russia dispatched two divisions of troops to Belarus.", "MOBILIZE", ["RUS"], []),  # a destination
])
def test_events_recipient_of_carried_acts_and_destinations(code_text, text, event_type, actor, recipient):
    events = _facts(code_text(text), event_type)
    assert events and _codes(events[0].actor) == actor and _codes(events[0].recipient) == recipient


def test_events_lexicon_unknown_cue_list_names_the_valid_ones():
    from dyad.errors import ConfigError

    with pytest.raises(ConfigError, match="light_verbs"):
        load_lexicon().cue("no_such_list")


@pytest.mark.parametrize("text", [
    "France rejected Russia's demands.",
    "Russia demanded security guarantees. The United States and France rejected those demands.",
])
def test_events_reaction_is_aimed_at_whoever_did_the_act(code_text, text):
    rejections = _facts(code_text(text), "REJECT")
    assert rejections and _codes(rejections[0].recipient) == ["RUS"]


def test_events_later_mentions_of_an_attack_take_its_attacker(code_text):
    result = code_text("Russia attacked Ukraine on Monday. The explosions were very powerful.")
    later = [e for e in _facts(result, "ASSAULT") if e.sentence.start > 0]
    assert later and _codes(later[0].actor) == ["RUS"] and _codes(later[0].recipient) == ["UKR"]


@pytest.mark.parametrize("text, recipient", [
    ("Thousands of students demonstrated in Serbia on Sunday.", []),  # spread over a country: no addressee
    ("Thousands of students demonstrated outside the parliament of Serbia on Sunday.", ["SRB"]),
])
def test_events_protest_takes_its_place_as_actor_and_an_institution_as_target(code_text, text, recipient):
    protests = _facts(code_text(text), "PROTEST")
    assert _codes(protests[0].actor) == ["SRB"] and _codes(protests[0].recipient) == recipient


def test_events_named_protesters_address_their_own_state(code_text):
    protests = _facts(code_text("Serbian students protested on Sunday."), "PROTEST")
    assert _codes(protests[0].actor) == ["SRB"] and _codes(protests[0].recipient) == ["SRB"]


@pytest.mark.parametrize("text, event_type", [
    ("Every time I propose talks to Moscow, nothing happens.", "AGREE"),
    ("As president he has to appeal to all world leaders.", "REQUEST"),
    ("We constantly discuss this with France.", "CONSULT"),
])
def test_events_habits_and_duties_are_no_events(code_text, text, event_type):
    assert not _facts(code_text(text), event_type)


def test_events_a_past_obligation_still_happened(code_text):
    assert _facts(code_text("Russia had to withdraw its troops from Kherson."), "RETREAT")


@pytest.mark.parametrize("text, event_type", [
    ("We discussed imposing further sanctions on Russia.", "SANCTION"),
    ("The ministers debated sending troops to Mali.", "MOBILIZE"),
])
def test_events_what_is_discussed_is_not_done(code_text, text, event_type):
    assert not _facts(code_text(text), event_type)
