"""Events: PLOVER events from a trigger lexicon and the dependency parse.

For every sentence: which events it reports (verb triggers, nominal triggers
carried by light verbs such as "held talks", speech acts), who the actor and
recipient are (``arguments``), and whether the event happened (``modality``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyad.model import ActorRef, Article, Event, Mention
from dyad.ontology import Ontology, load_ontology
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.arguments import (
    add_ref,
    complement_recipients,
    document_parties,
    noun_arguments,
    phrase_refs,
    verb_arguments,
)
from dyad.pipeline.candidates import (
    CONFLICT,
    COOPERATION,
    Candidate,
    inherit_attackers,
    inherit_participants,
    merge_mentions,
    resolve_reaction_targets,
)
from dyad.pipeline.contexts import contexts_of
from dyad.pipeline.lexicon import (
    Lexicon,
    TriggerEntry,
    lemma_of,
    load_lexicon,
    match_trigger,
)
from dyad.pipeline.modality import habitual, modality_of
from dyad.pipeline.speech import ClauseFacts, clause_acts, reporting_speaker, voice_acts
from dyad.pipeline.targets import (
    border_target,
    host_state,
    own_state,
    protest_parties,
    repressing_state,
    travellers_for,
    victims,
)

# Future cooperation is an AGREE asserted now; a future withdrawal is a CONCEDE (PLOVER).
_FUTURE_RETYPE = {**{t: "AGREE" for t in COOPERATION}, "RETREAT": "CONCEDE"}
# Verbal acts whose actor, where the clause names none, is who reports them ("X said Russia is responsible").
_VERBAL = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
# Acts that carry another act, whose target is that act's target where they name none themselves.
_CARRIERS = _VERBAL | {"AID", "COOPERATE", "SANCTION"}
# Meetings with no clear host: every participant is an actor (PLOVER, gold DECISIONS 7).
_RECIPROCAL_MODES = frozenset({None, "multilateral", "third-party"})
_NOUN_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
# Parties the actor layer found but could not code are not named in a dyad.
_UNCODED = frozenset({"", "UNK"})
# Reactions: what they react to is not coded again ("condemned the attack", gold DECISIONS 1).
_REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "CONCEDE"})
_REACTION_PREPS = frozenset({"against", "over", "at", "of", "for"})  # "protested against the attack"


def find_events(doc: Doc, article: Article, actors: ActorLayer) -> list[Event]:
    """Every event the article reports, facts and non-facts alike, in text order."""
    lexicon = load_lexicon()
    published_year = int(article.published[:4]) if article.published else None
    matches = {}
    for token in doc:
        match = match_trigger(token, lexicon)
        if match is not None:
            matches[token.i] = match
    consumed = {obj.i for _, obj in matches.values() if obj is not None}
    candidates = []
    for i, (entry, _) in matches.items():
        if i not in consumed:
            candidate = _candidate(doc[i], entry, matches, actors, lexicon)
            if candidate is not None:
                candidates.append(candidate)
    resolve_reaction_targets(candidates, _reacted_to(candidates, matches, actors))
    conflicts = [c for c in candidates if c.type in CONFLICT]
    facts = ClauseFacts(frozenset(matches), {c.anchor.i: c.actor for c in conflicts},
                        {c.anchor.i: c.recipient for c in conflicts})
    for token in doc:
        for act in clause_acts(token, actors, lexicon, facts):
            candidates.append(Candidate(act.type, None, act.trigger, act.anchor, act.actor, act.recipient,
                                        confidence=act.confidence, speech_act=True))
    for candidate in candidates:
        _settle(candidate, lexicon, published_year, actors)
    inherit_participants(candidates, lexicon)
    voice_acts(candidates, actors, verbal=_VERBAL)
    kept = merge_mentions([c for c in candidates if not _covered_by_agreement(c, matches)])
    inherit_attackers(kept)
    kept = [c for c in kept if _reportable(c)]
    kept.sort(key=lambda c: c.trigger.i)
    ontology = load_ontology()
    contexts: dict[int, list[str]] = {}  # sentence start -> contexts, computed once per sentence
    for candidate in kept:
        sentence = candidate.trigger.sent
        if sentence.start not in contexts:
            contexts[sentence.start] = contexts_of(sentence, lexicon)
    return [_event(c, n, article, ontology, contexts[c.trigger.sent.start]) for n, c in enumerate(kept)]


def _candidate(token: Token, entry: TriggerEntry, matches: dict, actors: ActorLayer,
               lexicon: Lexicon) -> Candidate | None:
    if habitual(token, lexicon):
        return None  # "we constantly discuss this": habits are not events (gold DECISIONS 10)
    if entry.pos == "VERB":
        candidate = _verb_candidate(token, entry, matches, actors, lexicon)
    else:
        candidate = _noun_candidate(token, entry, matches, actors, lexicon)
    if candidate is not None and entry.other_subject and _other_subject(token, candidate.actor, actors):
        candidate.type, candidate.mode = entry.other_subject
        candidate.recipient = _clause_subject_refs(token, actors) or candidate.recipient
    return candidate


def _reacted_to(candidates: list[Candidate], matches: dict,
                actors: ActorLayer) -> dict[int, tuple[str, list[ActorRef]]]:
    """For each reaction ("rejected the demands"), the type and actor of the act it names."""
    reacted = {}
    for candidate in candidates:
        if candidate.type not in _REACTION_TYPES or candidate.trigger.pos_ != "VERB":
            continue
        things = [c for c in candidate.trigger.children if c.dep_ == "dobj"]
        things += [g for p in candidate.trigger.children if p.dep_ == "prep" and p.lower_ in _REACTION_PREPS
                   for g in p.children if g.dep_ == "pobj"]  # "spoke out against the attack"
        for thing in things:
            if thing.i in matches and matches[thing.i][0].pos == "NOUN":
                reacted[candidate.trigger.i] = (matches[thing.i][0].type, noun_arguments(thing, actors)[0])
    return reacted


def _verb_candidate(verb: Token, entry: TriggerEntry, matches: dict, actors: ActorLayer,
                    lexicon: Lexicon) -> Candidate:
    places = lexicon.place_preps.get(entry.type, frozenset())
    actor, recipient = verb_arguments(verb, actors, places=places,
                                      topic_object=lemma_of(verb) in entry.topic_objects)
    if lemma_of(verb) in entry.subject_is_recipient_for:  # "Russia is responsible for ..."
        actor, recipient = [], actor + recipient
    elif not actor and entry.type in COOPERATION | {"AGREE"}:  # "the NATO-Russia Act was signed"
        parties = document_parties(verb, actors)
        actor, recipient = (parties, [r for r in recipient if r not in parties]) if parties else (actor, recipient)
    event_type = "THREATEN" if entry.type == "AGREE" and _promises_conflict(verb, matches) else entry.type
    if not recipient and event_type in _CARRIERS:  # "demanded that the US cancel", "support for Ukraine"
        recipient = complement_recipients(verb, actors, places=places)
    if not recipient and event_type == "SANCTION":  # "the US Embassy in Iraq suspended operations"
        recipient = [r for r in host_state(verb, actors, lexicon) if r not in actor]
    if not recipient and entry.mode == "visit":  # "arrived in Amman on a visit": the host
        recipient = [r for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "to")
                     for g in p.children if g.dep_ == "pobj" for r in phrase_refs(g, actors)]
    consumed = matches[verb.i][1]
    mode = entry.mode
    if mode is None and consumed is not None and consumed.i in matches:  # "launched an air strike"
        object_entry = matches[consumed.i][0]
        mode = object_entry.mode if object_entry.type == event_type else None
    return Candidate(event_type, mode, verb, verb, actor, [r for r in recipient if r not in actor], confidence=0.6)


def _noun_candidate(noun: Token, entry: TriggerEntry, matches: dict, actors: ActorLayer,
                    lexicon: Lexicon) -> Candidate | None:
    if noun.ent_type_ in lexicon.cue("named_entity_labels") or _time_phrase(noun, lexicon):
        return None  # "the Treaty of Cooperation"; "after the attack" dates another act
    places = lexicon.place_preps.get(entry.type, frozenset())
    actor, recipient = noun_arguments(noun, actors, places=places)
    if noun.dep_ == "compound":  # "a mediation mission between A and B": the phrase's arguments
        head_actor, head_recipient = noun_arguments(noun.head, actors, places=places)
        actor, recipient = actor or head_actor, recipient or head_recipient
    governor = _governor(noun)
    anchor = noun
    if governor is not None and governor.i in matches:
        if matches[governor.i][0].type in _REACTION_TYPES:
            return None
    elif governor is not None and governor.pos_ != "NOUN" and lemma_of(governor) in lexicon.cue("light_verbs"):
        anchor = governor
        verb_actor, verb_recipient = verb_arguments(governor, actors, places=places)
        if lemma_of(governor) in lexicon.cue("passive_light_verbs"):  # "Russia faces sanctions"
            verb_actor, verb_recipient = verb_recipient, verb_actor
        if entry.type == "CONSULT":  # "the emir launched a mediation effort between A and B": all take part
            actor = actor + [r for r in verb_actor if r not in actor]
        actor = actor or verb_actor
        for ref in verb_recipient:
            add_ref(recipient, ref)
    if entry.type == "CONSULT" and not actor:  # "negotiators return to Geneva for talks": they talk
        actor = travellers_for(noun, actors)
    if entry.type == "ASSAULT" and not recipient:  # "two soldiers died in the attack": its victims
        recipient = victims(noun, actors, lexicon)
    owned = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "by") for c in noun.children)
    if not (actor or recipient or owned) and anchor is noun and entry.type not in lexicon.cue("argless_noun_types"):
        return None  # "the deal", "cooperation" with nobody named are topics, not acts; "its demands" is one
    return Candidate(entry.type, entry.mode, noun, anchor, actor,
                     [r for r in recipient if r not in actor], confidence=0.55)


def _time_phrase(noun: Token, lexicon: Lexicon) -> bool:
    """A noun that only dates something else: "after the attack", "at the start of the talks"."""
    if noun.dep_ != "pobj":
        return False
    prep = noun.head
    if prep.lower_ in lexicon.cue("time_preps"):
        return True
    return prep.lower_ == "of" and lemma_of(prep.head) in lexicon.cue("time_nouns") and prep.head.dep_ == "pobj"


def _promises_conflict(verb: Token, matches: dict) -> bool:
    """A promise or vow of conflict is a threat: "vowed revenge", "promised protests"."""
    return any(c.dep_ in ("dobj", "xcomp") and c.i in matches and matches[c.i][0].type in CONFLICT | {"THREATEN"}
               for c in verb.children)


def _governor(noun: Token) -> Token | None:
    """The verb a noun is the object of, directly or through a preposition ("engaged in talks")."""
    if noun.dep_ == "compound":  # "undertook a mediation mission"
        return _governor(noun.head)
    if noun.dep_ in _NOUN_OBJECT_DEPS and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.head.pos_ in ("VERB", "AUX", "NOUN"):  # "outrage at the assault"
        return noun.head.head
    if noun.dep_ == "conj":
        return _governor(noun.head)
    return None


def _other_subject(verb: Token, speaker: list[ActorRef], actors: ActorLayer) -> bool:
    """A warning about what another party may do ("warned Russia could invade")."""
    others = _clause_subject_refs(verb, actors)
    return bool(others) and not {r.code for r in others} <= {r.code for r in speaker}


def _clause_subject_refs(word: Token, actors: ActorLayer) -> list[ActorRef]:
    for clause in word.children:
        if clause.dep_ in ("ccomp", "acl"):
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return phrase_refs(subject, actors)
    return []


def _settle(candidate: Candidate, lexicon: Lexicon, published_year: int | None, actors: ActorLayer) -> None:
    """Modality, the retyping it implies, missing actors, reciprocal meetings and confidence."""
    anchor = candidate.anchor if candidate.anchor is not candidate.trigger else None
    if candidate.speech_act:
        candidate.modality = "asserted"  # the act of speaking happened, whatever its content
    else:
        candidate.modality = modality_of(candidate.trigger, lexicon, anchor=anchor, published_year=published_year)
    _retype(candidate, lexicon, actors)
    if not candidate.actor and candidate.type in _VERBAL:
        candidate.actor = reporting_speaker(candidate.anchor, actors, lexicon)
    if candidate.type == "MOBILIZE":
        _own_forces(candidate)
        if not candidate.recipient:  # "massed troops near its border"
            candidate.recipient = [r for r in border_target(candidate.trigger, actors, lexicon)
                                   if r.code not in {a.code for a in candidate.actor}]
    if candidate.type == "COERCE" and not candidate.actor:  # "protesters who were arrested"
        candidate.actor = repressing_state(candidate.mode, candidate.recipient)
    if candidate.type == "PROTEST":
        candidate.actor, addressed = protest_parties(candidate.trigger, actors, lexicon, actor=candidate.actor)
        candidate.recipient = [r for r in candidate.recipient if r not in candidate.actor]
        if addressed and not candidate.recipient:  # dissent is addressed to authority: the protesters' state
            candidate.recipient = own_state(candidate.actor)
    if candidate.type == "CONSULT" and (candidate.mode in _RECIPROCAL_MODES or (
            candidate.mode == "phone" and candidate.trigger.pos_ != "VERB")):  # "a call with X"; "A called B"
        for ref in candidate.recipient:
            add_ref(candidate.actor, ref)
        candidate.recipient = []
    confidence = candidate.confidence + 0.15 * bool(candidate.actor) + 0.1 * bool(candidate.recipient)
    confidence += 0.1 * _main_clause(candidate.anchor, lexicon)
    candidate.confidence = round(min(confidence, 0.95), 2)


def _own_forces(candidate: Candidate) -> None:
    """"Russia massed 100,000 troops": the forces moved are the mover's own, not a target;
    where no mover is named ("after having massed troops"), they say who moves."""
    forces = [r for r in candidate.recipient if r.sector == "MIL"]
    if not candidate.actor:
        candidate.actor = forces
    own = {a.code for a in candidate.actor}
    candidate.recipient = [r for r in candidate.recipient if not (r.sector == "MIL" and r.code in own)]


def _reportable(candidate: Candidate) -> bool:
    """A noun that, after the parties carried from earlier mentions, still has no coded actor
    or recipient ("a strike", "the protests" in an aside) names an act, it does not report
    one: PLOVER events are someone doing something (to someone). A verb reports an act even
    where its doer is unnamed ("thousands marched"). Concern or criticism aimed at no coded
    party ("his grave concern over the situation") is not coded (gold DECISIONS 10)."""
    if candidate.type == "ACCUSE" and candidate.trigger.pos_ == "NOUN" and not any(
            r.code not in _UNCODED for r in candidate.recipient):
        return False
    return candidate.trigger.pos_ != "NOUN" or any(
        r.code not in _UNCODED for r in (*candidate.actor, *candidate.recipient))


def _retype(candidate: Candidate, lexicon: Lexicon, actors: ActorLayer) -> None:
    """PLOVER's rules for acts that are not (yet) done: future or offered cooperation is an
    AGREE, a future withdrawal a CONCEDE, a refused agreement or concession a REJECT; a threat
    of what will be ("will be met with a response") is made now."""
    if candidate.modality == "future" and candidate.type in _FUTURE_RETYPE:
        candidate.type, candidate.mode, candidate.modality = _FUTURE_RETYPE[candidate.type], None, "asserted"
    elif candidate.modality == "future" and candidate.type == "THREATEN":  # a threat is made now, of what will be
        candidate.modality = "asserted"
    elif candidate.modality == "hypothetical" and candidate.type in COOPERATION and _offered(candidate, lexicon, actors):
        candidate.type, candidate.mode, candidate.modality = "AGREE", None, "asserted"
    elif candidate.modality == "negated" and candidate.type in ("AGREE", "CONCEDE") and _refuser(candidate.trigger):
        candidate.type, candidate.mode, candidate.modality = "REJECT", None, "asserted"


def _refuser(verb: Token) -> bool:
    """Someone who does not agree: an active verb with a subject ("Serbia did not accept"), not
    "such a ceasefire is not agreed"."""
    clause = verb.head if verb.dep_ in ("xcomp", "conj") else verb  # "failed to reach an agreement"
    return verb.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in (*verb.children, *clause.children))


def _offered(candidate: Candidate, lexicon: Lexicon, actors: ActorLayer) -> bool:
    """Cooperation its actor says it could or would do ("we could meet", "the dialogue can begin")."""
    anchor = candidate.anchor
    if anchor.pos_ not in ("VERB", "AUX"):  # only "the dialogue can begin", not "the talks would allow ..."
        if anchor.dep_ != "nsubj" or lemma_of(anchor.head) not in lexicon.cue("aspect_verbs"):
            return False
        anchor = anchor.head
    children = list(anchor.children)
    if _someone_else_says(anchor, candidate.actor, actors):
        return False  # "I believe that President Biden can help us": a hope of another party, no offer
    modal = any(c.dep_ == "aux" and c.lower_ in lexicon.cue("hypothetical_aux") - lexicon.cue("request_modals")
                for c in children)
    conditional = any(c.dep_ == "mark" and c.lower_ in lexicon.cue("conditional_marks") for c in children)
    return modal and not conditional and anchor.dep_ in ("ROOT", "ccomp", "conj")


def _someone_else_says(clause: Token, actor: list[ActorRef], actors: ActorLayer) -> bool:
    """A reported clause whose reporter is not (of the side of) the clause's actor."""
    if clause.dep_ != "ccomp":
        return False
    reporter = [r for s in clause.head.children if s.dep_ == "nsubj" for r in phrase_refs(s, actors)]
    return bool(reporter and actor) and not {r.code for r in reporter} & {r.code for r in actor}


def _main_clause(anchor: Token, lexicon: Lexicon) -> bool:
    """The sentence's main clause, or the clause its speech verb reports."""
    if anchor.dep_ == "ROOT":
        return True
    return anchor.dep_ == "ccomp" and anchor.head.dep_ == "ROOT" and lemma_of(anchor.head) in lexicon.cue("speech_verbs")


def _covered_by_agreement(candidate: Candidate, matches: dict) -> bool:
    """Cooperation agreed to ("agreed to hold talks") is the AGREE itself, not a second event."""
    head = candidate.anchor.head
    if candidate.anchor.dep_ != "xcomp" or head.i not in matches:
        return False
    return matches[head.i][0].type == "AGREE" and candidate.type in COOPERATION | {"AGREE"}


def _event(candidate: Candidate, number: int, article: Article, ontology: Ontology,
           contexts: list[str]) -> Event:
    sentence: Span = candidate.trigger.sent
    trigger = candidate.trigger
    event_type = ontology.event_type(candidate.type)
    return Event(
        id=f"{article.id}-v{number}",
        type=candidate.type,
        mode=candidate.mode,
        quad=event_type.quad,
        score=ontology.score(candidate.type, candidate.mode),
        actor=[r for r in candidate.actor if r.code not in _UNCODED],
        recipient=[r for r in candidate.recipient if r.code not in _UNCODED],
        modality=candidate.modality,
        trigger=Mention(trigger.idx, trigger.idx + len(trigger.text), trigger.text),
        sentence=Mention(sentence.start_char, sentence.end_char, sentence.text),
        contexts=list(contexts),
        confidence=candidate.confidence,
    )
