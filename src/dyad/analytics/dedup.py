"""Near-duplicate articles (wire copies): one agency story reprinted by many
outlets, lightly edited, is one report, not many.

Articles are compared as sets of word 3-grams by MinHash; LSH bands find the
candidates so each new article is checked against a few, not all. An article
whose estimated Jaccard similarity with an earlier one reaches ``threshold``
is a copy of that article's original.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dyad.analytics.evidence import shingles
from dyad.analytics.minhash import NUM_PERM, band_keys, signature, similarity

# 0.7: wire copies differ by a headline, a dateline, a trimmed last paragraph;
# two different articles on one event share far fewer 3-grams (under 0.3 in our tests).
THRESHOLD = 0.7
# 16 bands of 4 rows: a pair with Jaccard 0.7 shares a band with probability
# 1 - (1 - 0.7**4)**16 > 0.99; a pair at 0.3 with probability 0.12 (then rejected).
BANDS = 16
# Texts with fewer word 3-grams than this are too short to call copies (headlines, captions).
MIN_SHINGLES = 20


@dataclass
class WireIndex:
    """Articles seen so far, as MinHash signatures, with the original each copies."""

    threshold: float = THRESHOLD
    bands: int = BANDS
    num_perm: int = NUM_PERM
    signatures: dict[str, list[int]] = field(default_factory=dict)
    copy_of: dict[str, str] = field(default_factory=dict)
    _buckets: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list), repr=False)

    def add(self, article_id: str, text: str) -> str | None:
        """Index an article; return the id of the original it copies, or None.

        Adding an article id a second time returns the first answer.
        """
        if article_id in self.signatures:
            return self.copy_of.get(article_id)
        items = shingles(text)
        sig = signature(items, num_perm=self.num_perm) if len(items) >= MIN_SHINGLES else []
        self.signatures[article_id] = sig
        if not sig:
            return None
        original = self._best_match(sig)
        if original is not None:
            self.copy_of[article_id] = self.copy_of.get(original, original)
        for key in band_keys(sig, bands=self.bands):
            self._buckets[key].append(article_id)
        return self.copy_of.get(article_id)

    def _best_match(self, sig: list[int]) -> str | None:
        candidates = {other for key in band_keys(sig, bands=self.bands)
                      for other in self._buckets.get(key, ())}
        scored = [(similarity(sig, self.signatures[c]), c) for c in candidates]
        scored = [(s, c) for s, c in scored if s >= self.threshold]
        # The most similar wins; ties go to the smaller id so the answer does not depend on set order.
        return min(scored, key=lambda sc: (-sc[0], sc[1]))[1] if scored else None

    def to_dict(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "bands": self.bands, "num_perm": self.num_perm,
                "signatures": self.signatures, "copy_of": self.copy_of}

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> WireIndex:
        index = cls(threshold=record["threshold"], bands=record["bands"],
                    num_perm=record["num_perm"])
        for article_id, sig in record["signatures"].items():
            index.signatures[article_id] = list(sig)
            for key in band_keys(sig, bands=index.bands) if sig else ():
                index._buckets[key].append(article_id)
        index.copy_of.update(record["copy_of"])
        return index


def find_copies(articles: dict[str, str], *, threshold: float = THRESHOLD) -> dict[str, str]:
    """Map each wire copy's article id to its original's, for ``{id: text}`` in order."""
    index = WireIndex(threshold=threshold)
    for article_id, text in articles.items():
        index.add(article_id, text)
    return dict(index.copy_of)
