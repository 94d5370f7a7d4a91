"""The text of a Doc, computed once: spaCy's ``Doc.text`` joins every token anew
on each call, which made stages that read it per sentence cost O(n^2)."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "dyad.text"


def doc_text(doc: Doc) -> str:
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
