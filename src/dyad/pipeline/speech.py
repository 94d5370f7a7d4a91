"""Acts carried by what a clause says rather than by a trigger word:

- a request: "Blinken said Russia should deescalate" is a REQUEST by the speaker to Russia;
- a promise: "Blinken said the US will send written responses to Russia" is an AGREE
  by the speaker's side to Russia;
- a conditional threat: "if Russia invades, the US will respond" is a THREATEN by the
  US to Russia (the invasion itself is hypothetical: ``modality``); so is conflict the
  speaker's own side says it will carry out ("Russia said it would retaliate");
- a necessity: "it is necessary to meet and talk" is a REQUEST by the speaker (to the party
  a condition names: "if Russia has questions, ...");
- an onus: "it is for Russia to accept it", "it is up to Moscow" is a REQUEST to that party;
- an allegation: "the Pentagon said Iran attacked diplomats" is an ACCUSE of Iran.

And who makes a verbal act that names no actor: the text's own voice (a government
statement) or the speaker of the direct quote it stands in.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from dyad.model import ActorRef
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.arguments import phrase_refs, verb_arguments
from dyad.pipeline.candidates import Candidate
from dyad.pipeline.lexicon import Lexicon, lemma_of
from dyad.pipeline.modality import onus_bearer

_FIRST_PERSON = frozenset({"we", "i", "us"})  # never the addressee of a request
_READINESS = frozenset({"ready", "prepared", "willing", "open", "eager"})
_CONDITIONS = frozenset({"if", "unless", "should"})
_CONSEQUENCE_AUX = frozenset({"will", "would", "'ll", "'d", "shall", "may", "might", "could"})


@dataclass
class SpeechAct:
    type: str
    trigger: Token  # the modal, auxiliary or clause head that carries the act
    anchor: Token  # the head of the clause
    actor: list[ActorRef]
    recipient: list[ActorRef]
    confidence: float = 0.55


@dataclass(frozen=True)
class ClauseFacts:
    """What the event coder already knows about the sentence's words."""

    triggers: frozenset[int]  # token indices that report an event of their own
    conflicts: dict[int, list[ActorRef]]  # token index of a conflict event -> its actor
    recipients: dict[int, list[ActorRef]]  # token index of a conflict event -> its recipient


def clause_acts(clause: Token, actors: ActorLayer, lexicon: Lexicon, facts: ClauseFacts) -> list[SpeechAct]:
    """The acts a clause carries: a reported clause ("X said [...]") or a main clause."""
    if clause.pos_ not in ("VERB", "AUX"):
        return []
    if clause.dep_ == "ccomp" and clause.head.pos_ in ("VERB", "AUX"):  # "X said / concluded that ..."
        speaker = verb_arguments(clause.head, actors)[0]
        reported = lemma_of(clause.head) in lexicon.cue("speech_verbs")
    elif clause.dep_ in ("acl", "ccomp") and clause.head.pos_ == "NOUN":  # "a reminder to Iraq that it must ..."
        speaker = verb_arguments(clause.head.head, actors)[0] if clause.head.head.pos_ == "VERB" else []
        reported = True
    elif clause.dep_ == "ROOT":
        speaker, reported = [], False
    else:
        return []
    act = (_request(clause, speaker, actors, lexicon, reported=reported) or _onus(clause, speaker, actors)
           or _necessity(clause, speaker, actors, lexicon, facts)
           or (_promise(clause, speaker, actors, lexicon, facts) if reported else None))
    acts = [act] if act is not None else []
    threat = _threat(clause, speaker, actors, facts, reported=reported) or (
        _own_conflict(clause, speaker, actors, lexicon, facts) if reported else None)
    if threat is not None:
        acts.append(threat)
    elif act is None and (reported or (clause.dep_ == "ccomp" and lemma_of(clause.head) in lexicon.cue(
            "cognition_verbs"))):
        allegation = _allegation(clause, speaker, facts)
        acts += [allegation] if allegation is not None else []
    return acts


def _subject(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def _request(clause: Token, speaker: list[ActorRef], actors: ActorLayer, lexicon: Lexicon, *,
             reported: bool) -> SpeechAct | None:
    """What another party should or must do is asked of it."""
    modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in lexicon.cue("request_modals")), None)
    if modal is None and lemma_of(clause) in lexicon.cue("request_governors") and any(
            c.dep_ == "xcomp" for c in clause.children):
        modal = clause
    subject = _subject(clause)
    if modal is None or subject is None or subject.lower_ in _FIRST_PERSON:
        return None
    if any(c.dep_ == "neg" for c in clause.children) and not speaker:
        return None
    addressee = phrase_refs(subject, actors)
    if not addressee and (speaker or reported) and _named(subject):  # a party the actor layer could not code
        return SpeechAct("REQUEST", modal, clause, speaker, [])
    if not addressee or {r.code for r in addressee} <= {r.code for r in speaker}:
        return None
    return SpeechAct("REQUEST", modal, clause, speaker, addressee)


def _onus(clause: Token, speaker: list[ActorRef], actors: ActorLayer) -> SpeechAct | None:
    """"It is now for Russia to accept it": what the speaker lays on another party is asked of it."""
    bearer = onus_bearer(clause)
    addressee = phrase_refs(bearer, actors) if bearer is not None else []
    if not addressee or {r.code for r in addressee} <= {r.code for r in speaker}:
        return None
    return SpeechAct("REQUEST", clause, clause, speaker, addressee)


def _necessity(clause: Token, speaker: list[ActorRef], actors: ActorLayer, lexicon: Lexicon,
               facts: ClauseFacts) -> SpeechAct | None:
    """"It is necessary to meet and talk": an act the speaker asks for, of whom the clause may not say."""
    if lemma_of(clause) != "be":
        return None
    for adjective in (c for c in clause.children if c.dep_ == "acomp" and lemma_of(c) in lexicon.cue("request_adjectives")):
        acts = [c for c in (*adjective.children, *clause.children) if c.dep_ in ("xcomp", "ccomp")]
        if any(a.i in facts.triggers for a in acts):
            return SpeechAct("REQUEST", adjective, clause, speaker, _condition_party(clause, speaker, actors))
    return None


def _condition_party(clause: Token, speaker: list[ActorRef], actors: ActorLayer) -> list[ActorRef]:
    """"If Russia has questions, it is necessary to meet": the party a condition names is asked."""
    for child in clause.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITIONS for m in child.children):
            subject = _subject(child)
            refs = phrase_refs(subject, actors) if subject is not None else []
            return [r for r in refs if r.code not in {s.code for s in speaker}]
    return []


def _named(subject: Token) -> bool:
    """A pronoun or a proper name: a party, not a thing ("the weather should improve")."""
    return subject.pos_ in ("PRON", "PROPN") or any(t.pos_ == "PROPN" for t in subject.subtree)


def _promise(clause: Token, speaker: list[ActorRef], actors: ActorLayer, lexicon: Lexicon,
             facts: ClauseFacts) -> SpeechAct | None:
    """What the speaker's own side will do for another party is promised to it."""
    future = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in lexicon.cue("future_aux")), None)
    action = clause
    if future is None and lemma_of(clause) == "be":
        ready = next((c for c in clause.children if c.dep_ == "acomp" and c.lower_ in _READINESS), None)
        action = next((c for c in ready.children if c.dep_ == "xcomp"), None) if ready is not None else None
        future = ready
    if future is None or action is None or action.i in facts.triggers or clause.i in facts.triggers:
        return None
    subject = _subject(clause)
    if subject is None:
        return None
    own = phrase_refs(subject, actors)
    speaker_codes = {r.code for r in speaker}
    # "X said it will ...": a pronoun in a reported promise stands for the speaker's side
    if not (subject.pos_ == "PRON" or (own and {r.code for r in own} <= speaker_codes) or (own and not speaker)):
        return None
    doer = own or speaker
    recipient = verb_arguments(action, actors)[1]
    for thing in (c for c in action.children if c.dep_ == "dobj"):  # "send written responses to Russia"
        recipient += [r for p in thing.children if p.dep_ == "prep" and p.lower_ in ("to", "for")
                      for g in p.children if g.dep_ == "pobj" for r in phrase_refs(g, actors)]
    recipient = [r for r in recipient if r.code not in {d.code for d in doer}]
    if not doer or not recipient:
        return None
    return SpeechAct("AGREE", future, clause, doer, recipient)


def _threat(clause: Token, speaker: list[ActorRef], actors: ActorLayer, facts: ClauseFacts, *,
            reported: bool) -> SpeechAct | None:
    """A consequence promised for another party's act: "if Russia invades, we will respond",
    "a Russian invasion would produce suffering"."""
    if not any(c.dep_ == "aux" and c.lower_ in _CONSEQUENCE_AUX for c in clause.children):
        return None
    target: list[ActorRef] = []
    ultimatum = False  # "... unless X does Y": a threat even where X cannot be coded
    for child in clause.children:
        marks = {m.lower_ for m in child.children if m.dep_ == "mark"}
        if child.dep_ == "advcl" and marks & _CONDITIONS and (
                "unless" in marks or _about_conflict(clause, facts)):  # "if Ukraine signs, we would meet": no threat
            ultimatum = ultimatum or "unless" in marks
            subject = _subject(child)
            target = phrase_refs(subject, actors) if subject is not None else []
            target = target or next((facts.conflicts[t.i] for t in child.subtree if t.i in facts.conflicts), [])
        elif child.dep_ in ("nsubj", "nsubjpass") and child.i in facts.conflicts and reported:
            target = facts.conflicts[child.i]
        if target:
            break
    subject = _subject(clause)
    # "if X does Y, we will respond": the main clause's subject responds; "an invasion would
    # produce suffering": only the speaker threatens
    conditional = subject is not None and subject.i not in facts.conflicts
    threatener = speaker or (phrase_refs(subject, actors) if conditional else [])
    # A reported warning is the speaker's threat even where the actor layer cannot code the speaker.
    if {r.code for r in target} & {r.code for r in threatener} or not (target or ultimatum) or not (
            threatener or ultimatum or reported):
        return None
    return SpeechAct("THREATEN", clause, clause, threatener, target)


def _about_conflict(clause: Token, facts: ClauseFacts) -> bool:
    return any(t.i in facts.conflicts for t in clause.subtree)


def _own_conflict(clause: Token, speaker: list[ActorRef], actors: ActorLayer, lexicon: Lexicon,
                  facts: ClauseFacts) -> SpeechAct | None:
    """Conflict the speaker's own side says it will or would carry out: "Russia said it would retaliate"."""
    acts = [clause] + [c for c in clause.children if c.dep_ in ("dobj", "xcomp")]
    ready = next((c for c in clause.children if c.dep_ == "acomp" and c.lower_ in _READINESS), None)
    if ready is not None:  # "is prepared to impose martial law"
        acts += [c for c in ready.children if c.dep_ == "xcomp"]
    elif not any(c.dep_ == "aux" and c.lower_ in _CONSEQUENCE_AUX for c in clause.children):
        return None
    acts += [c for a in acts[1:] for c in a.children if c.dep_ == "dobj"]
    if not any(t.i in facts.conflicts for t in acts):
        return None
    subject = _subject(clause)
    if subject is None:
        return None
    own = phrase_refs(subject, actors)
    if speaker and own and not {r.code for r in own} <= {r.code for r in speaker}:
        return None
    if not (subject.pos_ == "PRON" or (speaker and own)):  # with no speaker, whose side is unknown
        return None
    doer = speaker or own
    recipient = next((facts.recipients[t.i] for t in acts if t.i in facts.recipients), [])
    return SpeechAct("THREATEN", clause, clause, doer, [r for r in recipient if r not in doer])


def _allegation(clause: Token, speaker: list[ActorRef], facts: ClauseFacts) -> SpeechAct | None:
    """Conflict a speaker says another party carries out is an accusation of that party: "the
    Pentagon said Soleimani was developing plans to attack", "nations recognize that Putin is
    attacking Ukraine" (ACCUSE; the reported act keeps its own modality). Media only report."""
    if not speaker or any(r.sector == "MED" or r.code in ("", "UNK") for r in speaker):
        return None
    if clause.dep_ != "ccomp":  # a that-clause, not "areas seized by separatists"
        return None
    acts = [clause] + [c for c in clause.children if c.dep_ in ("dobj", "xcomp")]
    acts += [c for a in acts[1:] for c in a.children if c.dep_ == "dobj"]
    own = {r.code for r in speaker}
    for act in acts:
        doer = facts.conflicts.get(act.i, [])
        if doer and not {r.code for r in doer} & own:
            # less sure than the act it reports, which stays the sentence's main event
            return SpeechAct("ACCUSE", clause, clause, speaker, list(doer), confidence=0.35)
    return None


def reporting_speaker(word: Token, actors: ActorLayer, lexicon: Lexicon) -> list[ActorRef]:
    """Who reports the clause a word stands in: the subject of the speech verb above it."""
    token = word
    for _ in range(6):
        head = token.head
        if head == token:
            return []
        if token.dep_ == "ccomp" and lemma_of(head) in lexicon.cue("speech_verbs"):
            return verb_arguments(head, actors)[0]
        if token.dep_ not in ("xcomp", "conj", "acomp", "attr", "prep", "pobj", "dobj", "advcl", "ccomp"):
            return []
        token = head
    return []


def voice_acts(candidates: list[Candidate], actors: ActorLayer, *, verbal: frozenset[str]) -> None:
    """Verbal acts with no actor are made by the text's own voice (a statement's own words, once
    readouts have named their parties) or by the speaker of the quote they stand in."""
    for candidate in candidates:
        if candidate.actor or candidate.type not in verbal:
            continue
        if _own_words(candidate.anchor, actors):
            candidate.actor = [actors.own_voice]
        elif _speaker_says(candidate.anchor, actors):  # "“Russia is to blame,” Blinken said"
            candidate.actor = [actors.speaker_at(candidate.anchor)]


def _own_words(anchor: Token, actors: ActorLayer) -> bool:
    """Whether the text of a government issuer makes this act itself: outside quotes,
    with no one else named as its subject ("A majority of nations condemn ...") and
    not a passive whose doer is left unsaid ("the Act was signed in 1997")."""
    if actors.own_voice is None or anchor.i in actors.quoted:
        return False
    subjects = [c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if any(s.dep_ == "nsubjpass" and s.lower_ != "it" for s in subjects):  # but "It was agreed"
        return False
    return all(actors.refs_of(s) or s.lower_ in ("it", "there") for s in subjects)  # "it is necessary"


def _speaker_says(anchor: Token, actors: ActorLayer) -> bool:
    """A verbal act a quote's speaker makes in the quote: no one else is its subject."""
    if anchor.i not in actors.quoted or actors.speaker_at(anchor) is None:
        return False
    subjects = [c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if any(s.dep_ == "nsubjpass" and s.lower_ != "it" for s in subjects):
        return False
    return all(actors.refs_of(s) or s.lower_ in ("it", "there") for s in subjects)
