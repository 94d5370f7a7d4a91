"""Dyads from syntax: who acts and on whom, for verb and noun triggers.

Reads only ``ActorLayer.refs_of(token)``: the coded actors a token stands for.
Compound arguments ("the US and France") become lists; the passive "by" phrase
is the actor and the passive subject the recipient.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.model import ActorRef
from dyad.pipeline.actors import ActorLayer
from dyad.pipeline.lexicon import lemma_of, load_lexicon

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
VERB_RECIPIENT_PREPS = frozenset({"to", "with", "against", "on", "toward", "towards", "at", "into", "upon"})
NOUN_RECIPIENT_PREPS = frozenset({"of", "on", "against", "into", "to", "toward", "towards", "with", "in", "at",
                                  "upon", "over", "for"})
# Modifiers of a noun phrase that may name who it belongs to: "Russian troops", "Biden's aide".
_NP_MODIFIERS = ("compound", "amod", "poss", "nmod", "appos", "nummod")
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})
_MAX_DEPTH = 3
_PAIR_DASHES = frozenset({"-", "–", "—"})


def phrase_refs(head: Token, actors: ActorLayer) -> list[ActorRef]:
    """The coded actors a noun phrase names, with its conjuncts: "the US and France"."""
    refs: list[ActorRef] = []
    for member in conjuncts(head):
        for ref in _member_refs(member, actors, 0):
            add_ref(refs, ref)
    return refs


def conjuncts(head: Token) -> list[Token]:
    members = [head]
    for member in members:
        members.extend(c for c in member.children
                       if (c.dep_ == "conj" or _coordinated_modifier(c)) and c not in members)
    return members


def _coordinated_modifier(token: Token) -> bool:
    """"Putin and Finnish President Sauli Niinisto": the parser may hang the
    first name of a pair below the second as a modifier, keeping its "and"."""
    if token.dep_ not in ("nmod", "compound") or token.pos_ != "PROPN":
        return False
    return any(c.dep_ == "cc" and c.lower_ == "and" for c in token.children) or _hyphen_pair(token)


def _hyphen_pair(token: Token) -> bool:
    """"NATO-Russia", "Russia-US": two parties joined by a hyphen or dash name a pair."""
    doc = token.doc
    return (token.i + 2 == token.head.i and doc[token.i + 1].text in _PAIR_DASHES
            and not doc[token.i + 1].whitespace_ and not token.whitespace_)


def _member_refs(token: Token, actors: ActorLayer, depth: int) -> list[ActorRef]:
    refs = _whose(token, actors) or actors.refs_of(token)
    if refs or depth >= _MAX_DEPTH:
        return refs
    if token.lower_ in _RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return _member_refs(token.head.head, actors, depth + 1)
    # "Russian troops", "Biden's aide"; then "the President of Russia", "leaders from the US and China"
    modifiers = [c for c in token.children if c.dep_ in _NP_MODIFIERS]
    modifiers += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                  for g in c.children if g.dep_ == "pobj"]
    refs = []
    for modifier in modifiers:  # "U.K., German and French allies": every adjective names a party
        for member in conjuncts(modifier):
            for ref in _member_refs(member, actors, depth + 1):
                add_ref(refs, ref)
        if refs and modifier.dep_ in ("poss", "appos", "pobj"):
            break  # "Biden's aide", "Putin, the Russian president": one owner
    return refs


def _whose(token: Token, actors: ActorLayer) -> list[ActorRef]:
    """"the leaders of the Normandy four countries": a plural word for a meeting's participants
    that says whose it is with "of" stands for those it names, whatever an earlier "the
    leaders" stood for ("residents of Donetsk" stay residents)."""
    if token.tag_ != "NNS" or not actors.refs_of(token) or lemma_of(token) not in load_lexicon().cue(
            "participant_nouns"):
        return []
    refs: list[ActorRef] = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                for member in conjuncts(pobj):
                    for ref in actors.refs_of(member):
                        add_ref(refs, ref)
    return refs


def add_ref(refs: list[ActorRef], ref: ActorRef) -> None:
    if not any(r.code == ref.code and r.entity == ref.entity for r in refs):
        refs.append(ref)


def verb_arguments(verb: Token, actors: ActorLayer, *, places: frozenset[str] = frozenset(),
                   topic_object: bool = False) -> tuple[list[ActorRef], list[ActorRef]]:
    """Actor and recipient of a verb: subject (or passive agent) and objects or prepositional targets;
    ``places`` are prepositions that say where the act happens ("troops sent to Belarus"), not to whom;
    with ``topic_object`` the object is what the act is about ("discussed China's role"), not a party."""
    actor = _refs_of(_subjects(verb), actors)
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if topic_object:  # "discussed the crisis with Seoul": the parser may hang "with" on the topic
        objects = [g for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "with"
                   for g in p.children if g.dep_ == "pobj"]
    recipient = _refs_of(objects, actors)
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if passive or agents:
        actor = _refs_of(agents, actors)
        recipient = _refs_of(passive, actors) + recipient
    elif verb.dep_ in ("acl",) and verb.tag_ == "VBN":  # "the attack conducted by the Taliban"
        actor = _refs_of(agents, actors)
    for prep in verb.children:
        if prep.dep_ in ("prep", "dative") and prep.lower_ in VERB_RECIPIENT_PREPS - places:
            recipient += _refs_of([g for g in prep.children if g.dep_ == "pobj"], actors)
    for small_clause in verb.children:  # "holds Belarus accountable"
        if small_clause.dep_ in ("ccomp", "xcomp", "oprd") and small_clause.pos_ == "ADJ":
            recipient += _refs_of([c for c in small_clause.children if c.dep_ == "nsubj"], actors)
    return actor, _without(recipient, actor)


def _subjects(verb: Token) -> list[Token]:
    """The subject of a verb, inherited through xcomp, conj and relative clauses."""
    token = verb
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects
        if token.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in token.children):
            return []  # "hundreds of Taliban killed": a bare participle's subject is its patient
        if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [token.head]
        if token.dep_ == "csubj" and lemma_of(token.head) == "be":  # "Taking part in the meeting were X"
            return [c for c in token.head.children if c.dep_ in ("attr", "nsubj")]
        inverted = [g for c in token.children if c.dep_ == "aux" and lemma_of(c) == "be"
                    for g in c.children if g.dep_ in ("attr", "nsubj")]  # the same, parsed otherwise
        if inverted:
            return inverted
        if any(c.dep_ == "nsubjpass" for c in token.children) or token.dep_ not in (
                "xcomp", "conj", "advcl", "acl", "pcomp", "acomp"):  # "Spain is committed to"
            return []
        if token.dep_ == "acl" and token.tag_ == "VBN":
            return []
        owner = _owner_of_intent(token)
        if owner is not None:  # "Russia's refusal to withdraw", "its reluctance to endorse"
            return [owner]
        if token.dep_ == "pcomp":  # "accused Russia of massing troops": Russia masses
            governor = token.head.head
            objects = [c for c in governor.children if c.dep_ == "dobj"]
            if objects:
                return objects
            token = governor
            continue
        token = token.head
    return []


def _owner_of_intent(verb: Token) -> Token | None:
    """The owner of a noun an infinitive completes: "*Russia*'s decision to invade"."""
    if verb.dep_ != "acl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "poss"), None)


def noun_arguments(noun: Token, actors: ActorLayer, *,
                   places: frozenset[str] = frozenset()) -> tuple[list[ActorRef], list[ActorRef]]:
    """Actor and recipient of a nominal trigger: "Russia's invasion of Ukraine", "talks between A and B"."""
    actor: list[ActorRef] = []
    recipient: list[ActorRef] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            for token in _modifier_tokens(child):  # "Russia-US talks", "the US and Russian leaders' talks"
                for ref in actors.refs_of(token):
                    add_ref(actor, ref)
    for clause in [*noun.children, *_trailing_participles(noun)]:  # "the attack, conducted by the Taliban"
        if clause.dep_ in ("acl", "advcl") and clause.tag_ == "VBN":
            actor += _refs_of([g for c in clause.children if c.dep_ == "agent" for g in c.children], actors)
    for prep in noun.children:
        if prep.dep_ not in ("prep", "agent"):
            continue
        objects = [g for g in prep.children if g.dep_ == "pobj"]
        if prep.lower_ == "by":
            actor += _refs_of(objects, actors)
        elif prep.lower_ == "between" or (prep.lower_ == "among"):
            actor += _refs_of(objects, actors)
        elif prep.lower_ in NOUN_RECIPIENT_PREPS - places:
            recipient += _refs_of(objects, actors)
    return actor, _without(recipient, actor)


def _trailing_participles(noun: Token) -> list[Token]:
    """"Dozens died in the attack, reportedly conducted by the Taliban": the parser may
    hang the participle on the clause; it still describes the noun just before it."""
    if noun.dep_ != "pobj":
        return []
    governor = noun.head.head
    return [c for c in governor.children if c.dep_ == "advcl" and c.tag_ == "VBN" and c.i > noun.i
            and c.i - noun.right_edge.i <= 3 and not any(g.dep_.startswith("nsubj") for g in c.children)]


def _modifier_tokens(modifier: Token) -> list[Token]:
    """A noun's modifier and the words of its own modifiers and conjuncts, no clauses or phrases."""
    tokens = [modifier]
    for token in tokens:
        tokens.extend(c for c in token.children
                      if c.dep_ in ("compound", "amod", "nmod", "poss", "conj", "cc", "punct", "npadvmod", "appos"))
    return tokens


def document_parties(verb: Token, actors: ActorLayer) -> list[ActorRef]:
    """"The NATO-Russia Founding Act was signed": a passive whose subject is a document or
    deal named after two or more parties, with no doer said, was done by those parties."""
    if any(c.dep_ == "agent" for c in verb.children):
        return []
    for subject in (c for c in verb.children if c.dep_ == "nsubjpass"):
        if actors.refs_of(subject):
            return []  # the subject is itself a party: "Russia was praised"
        refs = phrase_refs(subject, actors)
        if len({r.code for r in refs}) >= 2:
            return refs
    return []


def complement_recipients(verb: Token, actors: ActorLayer, *,
                          places: frozenset[str] = frozenset()) -> list[ActorRef]:
    """Whom the act a verb carries is aimed at: "offered to hand over two suspects to Britain",
    "demanded that the US cancel the sale", "promised to continue military aid to Mozambique",
    "called for Russia to agree to a ceasefire"."""
    refs: list[ActorRef] = []
    for child in verb.children:
        found: list[ActorRef] = []
        if child.dep_ == "ccomp" or (child.dep_ == "advcl" and _for_to_clause(child)):
            # "demanded that the US cancel", "called for Russia to reciprocate"
            found = _refs_of([c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")], actors)
        elif child.dep_ == "xcomp":
            found = verb_arguments(child, actors, places=places)[1]
            found += [r for o in child.children if o.dep_ == "dobj"
                      for r in noun_arguments(o, actors, places=places)[1]]
        elif child.dep_ == "dobj":
            found = noun_arguments(child, actors, places=places)[1]
        for ref in found:
            add_ref(refs, ref)
    return refs


def _for_to_clause(clause: Token) -> bool:
    """"for Russia to reciprocate": an infinitive with its own subject, opened by "for"."""
    return (any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children))


def _refs_of(heads: list[Token], actors: ActorLayer) -> list[ActorRef]:
    refs: list[ActorRef] = []
    for head in heads:
        for ref in phrase_refs(head, actors):
            add_ref(refs, ref)
    return refs


def _without(recipient: list[ActorRef], actor: list[ActorRef]) -> list[ActorRef]:
    refs: list[ActorRef] = []
    for ref in recipient:
        if not any(a.code == ref.code and a.entity == ref.entity for a in actor):
            add_ref(refs, ref)
    return refs
