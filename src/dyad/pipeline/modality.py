"""Modality: whether an event happened (asserted), is planned (future), is only
possible (hypothetical), did not happen (negated) or lies in the past (historical)."""

from __future__ import annotations

from spacy.tokens import Token

_HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should"}
_FUTURE_AUX = {"will", "shall"}


def modality_of(trigger: Token) -> str:
    """The modality of the clause a trigger heads, from its auxiliaries and negation."""
    head = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    children = list(head.children)
    if any(child.dep_ == "neg" for child in children):
        return "negated"
    aux = {child.lower_ for child in children if child.dep_ == "aux"}
    if aux & _HYPOTHETICAL_AUX:
        return "hypothetical"
    if aux & _FUTURE_AUX:
        return "future"
    return "asserted"
