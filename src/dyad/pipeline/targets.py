"""Parties an act implies where its clause names none outright:

- a show of force towards a border is aimed at the state across it ("massed troops near its
  border", "sent armor to within miles of the Ukrainian border");
- protesters are read from where they protest ("students protesting in Belgium"); a protest
  at an institution ("outside the parliament") is addressed to that state's authorities,
  a protest spread over a country or city is not addressed to anyone in particular;
- who goes somewhere "for talks" takes part in them; who "died in" an attack was its target;
- rebels fight the state they rise in: an insurgents' attack that names no target is aimed
  at that state;
- a diplomatic mission that suspends or closes acts against the state it sits in ("the US
  Embassy in Iraq suspended operations": SANCTION to IRQ);
- a state polices its own people: "protesters who were arrested", with no one named as
  arresting them, were arrested by their state.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.model import ActorRef
from dyad.pipeline.actors import ActorLayer, state_names
from dyad.pipeline.arguments import add_ref, phrase_refs, verb_arguments
from dyad.pipeline.lexicon import Lexicon, lemma_of

# Sectors of a state's own population, whom its police arrest or its censors silence.
_POPULATION = frozenset({"CVL", "OPP", "MED", "PTY", "REL", "REF", "BUS"})
# Coercion only a state's authorities carry out.
_STATE_COERCION = frozenset({"arrest", "censor", "restrict", "curfew", "martial-law"})
# Where a protest happens names who protests.
_PROTEST_PLACE_PREPS = frozenset({"in", "at", "across", "throughout", "outside", "around"})
# Modifiers of "border" that name whose border it is: "its border", "the Ukrainian border".
_OWNER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})


def border_target(trigger: Token, actors: ActorLayer, lexicon: Lexicon) -> list[ActorRef]:
    """The state whose border forces are moved to: the owner of a border noun reached from the
    trigger through a preposition of place ("near its border", "to within a few miles of the
    Ukrainian border")."""
    for token in trigger.subtree:
        if lemma_of(token) not in lexicon.cue("border_nouns") or not _under_place_prep(token, trigger, lexicon):
            continue
        owners = [r for c in token.children if c.dep_ in _OWNER_DEPS for r in actors.refs_of(c)]
        owners += [r for p in token.children if p.dep_ == "prep" and p.lower_ in ("of", "with")
                   for g in p.children if g.dep_ == "pobj" for r in phrase_refs(g, actors)]
        if owners:
            refs: list[ActorRef] = []
            for ref in owners:
                add_ref(refs, ref)
            return refs
    return []


def _under_place_prep(token: Token, trigger: Token, lexicon: Lexicon) -> bool:
    """Whether the path from ``token`` up to ``trigger`` passes a preposition of place."""
    node = token
    while node != trigger and node.head != node:  # Tokens: compare by value, not identity
        # "sent tanks to the border": the parser makes that "to" a dative
        if node.dep_ in ("prep", "advmod", "dative") and node.lower_ in lexicon.cue("border_preps"):
            return True
        if node.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return False  # "the border guards fired": the border is not where forces go
        node = node.head
    return False


def protest_parties(trigger: Token, actors: ActorLayer, lexicon: Lexicon, *,
                    actor: list[ActorRef]) -> tuple[list[ActorRef], bool]:
    """Who protests (``actor`` where the clause names them, else the place of the protest) and
    whether the protest is addressed to the protesters' own state (named protesters, or a
    protest at an institution; not a protest spread over a country or city)."""
    if actor:
        return actor, True
    for word in (trigger, trigger.head):
        for prep in word.children:
            if prep.dep_ != "prep" or prep.lower_ not in _PROTEST_PLACE_PREPS:
                continue
            refs: list[ActorRef] = []
            for pobj in prep.children:
                for ref in phrase_refs(pobj, actors) if pobj.dep_ == "pobj" else []:
                    add_ref(refs, ref)
            if refs:
                return refs, prep.lower_ in lexicon.cue("protest_target_preps")
    return [], False


def own_state(parties: list[ActorRef]) -> list[ActorRef]:
    """The government of each party's state: whom domestic dissent or insurgency addresses."""
    states: list[ActorRef] = []
    for ref in parties:
        if ref.code not in ("", "UNK") and not any(s.code == ref.code for s in states):
            states.append(ActorRef(ref.name, ref.code, "GOV"))
    return states


def insurgents_target(actor: list[ActorRef]) -> list[ActorRef]:
    """The state an attack by rebels (sector REB) is aimed at when it names no target; none for
    transnational groups (IMG), which rise in no one state."""
    states = set(state_names().values())
    if not actor or any(a.sector != "REB" or a.code not in states for a in actor):
        return []
    return own_state(actor)


def repressing_state(mode: str | None, recipient: list[ActorRef]) -> list[ActorRef]:
    """Who arrests, censors or restricts people when no one is named: their own state."""
    if mode not in _STATE_COERCION or not recipient or any(r.sector not in _POPULATION for r in recipient):
        return []
    sector = "COP" if mode == "arrest" else "GOV"
    return [ActorRef("the authorities", s.code, sector) for s in own_state(recipient)]


def host_state(verb: Token, actors: ActorLayer, lexicon: Lexicon) -> list[ActorRef]:
    """The state a subject that is a diplomatic mission sits in: "the Embassy *in Iraq*"."""
    refs: list[ActorRef] = []
    for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        if lemma_of(subject) not in lexicon.cue("mission_nouns"):
            continue
        for prep in subject.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    for ref in actors.refs_of(pobj):
                        add_ref(refs, ref)
    return refs


def travellers_for(noun: Token, actors: ActorLayer) -> list[ActorRef]:
    """Who goes somewhere "for talks": the subject of the verb the purpose phrase hangs on."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.pos_ != "VERB":
        return []
    return verb_arguments(prep.head, actors)[0]


def victims(noun: Token, actors: ActorLayer, lexicon: Lexicon) -> list[ActorRef]:
    """Who "died in", "died as a result of" the violence a noun tells."""
    token = noun
    for _ in range(4):
        if token.dep_ not in ("pobj", "prep"):
            return []
        token = token.head
        if token.pos_ == "VERB":
            break
    if lemma_of(token) not in lexicon.cue("victim_verbs"):
        return []
    return [r for s in token.children if s.dep_ == "nsubj" for r in phrase_refs(s, actors)]
