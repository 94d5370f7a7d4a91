"""Maximum bipartite matching (Kuhn's augmenting paths): small graphs, one
article at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

P = TypeVar("P")
G = TypeVar("G")


def max_matching(preds: Sequence[P], golds: Sequence[G],
                 can_pair: Callable[[P, G], bool]) -> list[tuple[int, int]]:
    """The largest set of (prediction index, gold index) pairs, each used once."""
    edges = [[j for j, gold in enumerate(golds) if can_pair(pred, gold)] for pred in preds]
    gold_of: dict[int, int] = {}  # gold index -> prediction index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in gold_of or augment(gold_of[j], seen):
                gold_of[j] = i
                return True
        return False

    for i in range(len(preds)):
        if edges[i]:
            augment(i, set())
    return sorted((i, j) for j, i in gold_of.items())
