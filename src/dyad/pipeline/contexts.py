"""PLOVER contexts (topic tags) of an event, from cue words of its sentence (``data/events/contexts.jsonl``)."""

from __future__ import annotations

from spacy.tokens import Span

from dyad.pipeline.lexicon import Lexicon


def contexts_of(sentence: Span, lexicon: Lexicon) -> list[str]:
    """Contexts whose cue lemmas (or two-word phrases) occur in the sentence, in order of first cue."""
    words = [t.lemma_.lower() for t in sentence]
    found: list[str] = []
    for cue in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
        for context in lexicon.contexts.get(cue, ()):
            if context not in found:
                found.append(context)
    return found
