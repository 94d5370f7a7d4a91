"""Event candidates before they become Events, and what is done to them across mentions:
one event per act, and a readout's meeting participants carried to later sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Token

from dyad.model import ActorRef
from dyad.pipeline.lexicon import Lexicon, lemma_of
from dyad.pipeline.targets import insurgents_target

COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
# Material conflict: what a conditional threat is about; what a "promise" of it threatens.
CONFLICT = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "PROTEST"})
# Verbal acts aimed at the other party of a call or meeting told in the same sentence.
VERBAL_TO_PARTNER = frozenset({"REQUEST", "AGREE", "SUPPORT", "REJECT", "CONCEDE"})
# How far (in tokens) a meeting's participants carry to later cooperation that names no party.
PARTICIPANT_WINDOW = 200
# How far (in tokens) back a definite repeat mention ("the strikes") finds what it points to.
ANTECEDENT_WINDOW = 60


@dataclass
class Candidate:
    """An event before it becomes an Event: its words and its parts."""

    type: str
    mode: str | None
    trigger: Token
    anchor: Token  # the verb whose clause and arguments the event takes
    actor: list[ActorRef] = field(default_factory=list)
    recipient: list[ActorRef] = field(default_factory=list)
    modality: str = "asserted"
    confidence: float = 0.5
    speech_act: bool = False  # carried by what a clause says: asserted though its content is not


def inherit_participants(candidates: list[Candidate], lexicon: Lexicon) -> None:
    """Readouts name the parties once ("Putin and Macron spoke by phone. The leaders exchanged
    views ... It was agreed to continue ..."): later cooperation whose subject is missing or
    only "the leaders", "both sides" takes the participants of the meeting just reported."""
    meeting: Candidate | None = None
    for candidate in sorted(candidates, key=lambda c: c.trigger.i):
        if candidate.type == "CONSULT" and len({r.code for r in candidate.actor}) >= 2:
            meeting = candidate
        elif (meeting is not None and candidate.type in COOPERATION | {"AGREE"}
              and not (candidate.actor or candidate.recipient)
              and candidate.trigger.i - meeting.trigger.i < PARTICIPANT_WINDOW
              and _generic_subject(candidate.anchor, lexicon)):
            candidate.actor = list(meeting.actor)
    meet_again(candidates, lexicon)
    address_call_partner(candidates)


def meet_again(candidates: list[Candidate], lexicon: Lexicon) -> None:
    """A meeting again with one side named ("we plan to meet again", "will talk again next
    week") is with whom that side last met in the article: the other participants of its
    latest meeting."""
    met: list[list[ActorRef]] = []  # the parties of each meeting so far, in text order
    for candidate in sorted(candidates, key=lambda c: c.trigger.i):
        codes = {r.code for r in candidate.actor}
        if candidate.type == "CONSULT" and len(codes) >= 2:
            met.append(candidate.actor)
        elif (len(codes) == 1 and not candidate.recipient and candidate.type in ("CONSULT", "AGREE")
              and _meeting_word(candidate.trigger, lexicon) and any(
                  c.dep_ == "advmod" and c.lower_ in lexicon.cue("repeat_adverbs") for c in candidate.trigger.children)):
            partners = next((m for m in reversed(met) if codes <= {r.code for r in m}), [])
            others = [r for r in partners if r.code not in codes]
            if candidate.type == "CONSULT":
                candidate.actor = candidate.actor + others
            else:
                candidate.recipient = others


def address_call_partner(candidates: list[Candidate]) -> None:
    """What one party says in a call or meeting told in the same sentence is said to the other
    ("Niinisto, who called Putin, emphasized the necessity of upholding peace": to RUS)."""
    for candidate in candidates:
        if candidate.type not in VERBAL_TO_PARTNER or not candidate.actor or candidate.recipient:
            continue
        own = {r.code for r in candidate.actor}
        for meeting in candidates:
            parties = meeting.actor + meeting.recipient
            if (meeting.type == "CONSULT" and meeting.trigger.sent.start == candidate.trigger.sent.start
                    and own < {r.code for r in parties}):
                candidate.recipient = [r for r in parties if r.code not in own]
                break


def _meeting_word(trigger: Token, lexicon: Lexicon) -> bool:
    """A word that tells a meeting ("meet", "talks"), whatever type its modality made it."""
    entries = (lexicon.verbs if trigger.pos_ in ("VERB", "AUX") else lexicon.nouns).get(lemma_of(trigger), ())
    return any(e.type == "CONSULT" for e in entries)


def _generic_subject(anchor: Token, lexicon: Lexicon) -> bool:
    subjects = [c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if anchor.pos_ not in ("VERB", "AUX"):
        return not any(c.dep_ == "poss" for c in anchor.children)
    if any(c.dep_ == "nsubjpass" or c.dep_ == "expl" or c.lower_ == "it" for c in subjects) or not subjects:
        return not any(c.dep_ == "agent" for c in anchor.children)  # "was discussed", "It was agreed"
    return all(lemma_of(c) in lexicon.cue("participant_nouns") for c in subjects)


def merge_mentions(candidates: list[Candidate]) -> list[Candidate]:
    """One event per act: same-type triggers of a sentence that are linked in the parse ("the
    attack killed"), or conflict triggers of which one names no party ("a bombing killed five,
    another attack ascribed to the Taliban"): one violent incident told in several words."""
    kept: list[Candidate] = []
    by_sentence: dict[tuple[int, str], list[Candidate]] = {}  # only a sentence's own candidates are compared
    for candidate in sorted(candidates, key=lambda c: (c.trigger.pos_ != "VERB", c.trigger.i)):
        same = by_sentence.setdefault((candidate.trigger.sent.start, candidate.type), [])
        twin = next((k for k in same if _linked(k, candidate) or _compatible(k, candidate)), None)
        if twin is None:
            kept.append(candidate)
            same.append(candidate)
            continue
        twin.actor = twin.actor or candidate.actor
        twin.recipient = twin.recipient or [r for r in candidate.recipient if r not in twin.actor]
    return kept


def _compatible(a: Candidate, b: Candidate) -> bool:
    if (a.modality == "asserted") != (b.modality == "asserted"):
        return False
    return a.type in CONFLICT and (not (a.actor or a.recipient) or not (b.actor or b.recipient))


def _linked(a: Candidate, b: Candidate) -> bool:
    ta, tb = a.trigger, b.trigger
    if _separate_parties(a, b):
        return False  # "Russia-US talks in Geneva and a NATO-Russia meeting in Brussels": two meetings
    if ta.head.i == tb.head.i and "advcl" in (ta.dep_, tb.dep_) and ta.dep_ != tb.dep_:
        return True  # "continuing a buildup, sending troops": the participle tells the same act
    return (ta.i == tb.i or a.anchor.i == b.anchor.i or tb.head.i == ta.i or ta.head.i == tb.i
            or tb.head.i == a.anchor.i or ta.head.i == b.anchor.i or (tb.head.head.i == ta.i and tb.head.pos_ == "ADP"))


def _separate_parties(a: Candidate, b: Candidate) -> bool:
    """Coordinated nouns that each name their own, different parties report two acts."""
    if "conj" not in (a.trigger.dep_, b.trigger.dep_) or not (a.actor and b.actor):
        return False
    return {r.code for r in a.actor} != {r.code for r in b.actor}


def resolve_reaction_targets(candidates: list[Candidate], reacted_to: dict[int, tuple[str, list[ActorRef]]]) -> None:
    """The target of a reaction is who did what it reacts to: "rejected Russia's demands" is aimed
    at Russia; "rejected those demands" at whoever made the demands just reported.
    ``reacted_to`` maps a reaction's token index to the type and actor of the act it names."""
    latest: dict[str, list[ActorRef]] = {}  # type -> actor of its latest mention with one
    for candidate in sorted(candidates, key=lambda c: c.trigger.i):
        if candidate.trigger.i in reacted_to and not candidate.recipient:
            act_type, act_actor = reacted_to[candidate.trigger.i]
            target = act_actor or latest.get(act_type, [])
            candidate.recipient = [r for r in target if r not in candidate.actor]
        if candidate.actor:
            latest[candidate.type] = candidate.actor


def inherit_attackers(candidates: list[Candidate]) -> None:
    """An article tells one attack in several sentences ("Dozens died in the attack, conducted by
    the Taliban. The explosion was very powerful."): a later violent act that names no attacker
    takes the attacker, and where it names no target the target, of the one just reported; a
    first report that names no one ("A car bomb was rammed into a base.") takes the parties of a
    repeat mention just after it ("Dozens died in the attack, conducted by the Taliban"); an
    attacker's act that names no target ("The US carried out the airstrike") has the target of
    its latest attack told before ("US forces killed Soleimani")."""
    attacks = [c for c in sorted(candidates, key=lambda c: c.trigger.i)
               if c.type == "ASSAULT" and c.modality in ("asserted", "historical")]
    for n, candidate in enumerate(attacks):
        if candidate.actor and not candidate.recipient:
            candidate.recipient = (_earlier_target(candidate, attacks[:n]) or _antecedent_target(candidate, attacks[:n])
                                   or insurgents_target(candidate.actor))
    last: Candidate | None = None
    for candidate in attacks:
        if candidate.actor:
            last = candidate
        elif last is not None and candidate.trigger.i - last.trigger.i < PARTICIPANT_WINDOW and not any(
                _same_party(r, a) for r in candidate.recipient for a in last.actor):
            candidate.actor = list(last.actor)
            candidate.recipient = candidate.recipient or list(last.recipient)
    for earlier, claim in pairwise(attacks):  # "A bomb exploded ... Boko Haram claimed responsibility"
        if _claims_responsibility(claim.trigger) and claim.trigger.i - earlier.trigger.i < PARTICIPANT_WINDOW:
            earlier.actor = earlier.actor or list(claim.actor)
            claim.recipient = claim.recipient or [r for r in earlier.recipient if r not in claim.actor]
    for first, repeat in pairwise(attacks):
        if not (first.actor or first.recipient) and repeat.actor and _repeat_mention(repeat.trigger) and (
                repeat.trigger.sent.start - first.trigger.sent.end <= 1):
            first.actor, first.recipient = list(repeat.actor), list(repeat.recipient)


def _earlier_target(candidate: Candidate, earlier: list[Candidate]) -> list[ActorRef]:
    codes = {r.code for r in candidate.actor}
    for other in reversed(earlier):
        if candidate.trigger.i - other.trigger.i >= PARTICIPANT_WINDOW:
            break
        if other.recipient and {r.code for r in other.actor} == codes:
            return list(other.recipient)
    return []


def _antecedent_target(candidate: Candidate, earlier: list[Candidate]) -> list[ActorRef]:
    """"rocket attacks on the US Embassy ...; the rocket strikes were carried out by X": a
    definite repeat mention has the target of the attack it points back to, told just before."""
    if not _repeat_mention(candidate.trigger) or not earlier:
        return []
    antecedent = earlier[-1]
    codes = {a.code for a in candidate.actor}
    if candidate.trigger.i - antecedent.trigger.i > ANTECEDENT_WINDOW or {r.code for r in antecedent.recipient} & codes:
        return []
    return list(antecedent.recipient)


def _claims_responsibility(trigger: Token) -> bool:
    return any(c.dep_ == "dobj" and lemma_of(c) == "responsibility" for c in trigger.children)


def _same_party(a: ActorRef, b: ActorRef) -> bool:
    """One side: the same state, unless one of them is its insurgents (the Taliban, AFG REB,
    attack AFG SPY); a state's soldiers do not attack its embassy."""
    return a.code == b.code and "REB" not in (a.sector, b.sector)


def _repeat_mention(trigger: Token) -> bool:
    """A noun that points back to an act already told: "the attack", "this explosion"."""
    return trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                          for c in trigger.children)
