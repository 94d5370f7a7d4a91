"""A small MinHash in plain Python: signatures whose agreement estimates the
Jaccard similarity of two sets (Broder 1997), and LSH band keys for finding
candidate pairs without comparing every pair (Leskovec et al., *Mining of
Massive Datasets*, ch. 3).

Each of the ``num_perm`` hash functions is ``(a * h + b) mod P`` over a 61-bit
Mersenne prime, with ``a, b`` drawn from a seeded generator so signatures are
stable across runs and machines; ``h`` is the first 8 bytes of BLAKE2b of the item.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from functools import lru_cache

from dyad.errors import ConfigError

_PRIME = (1 << 61) - 1
_MAX = (1 << 61) - 1
SEED = 1
NUM_PERM = 64


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[tuple[int, int], ...]:
    generator = random.Random(seed)
    return tuple((generator.randrange(1, _PRIME), generator.randrange(0, _PRIME))
                 for _ in range(num_perm))


def _hash(item: str) -> int:
    return int.from_bytes(hashlib.blake2b(item.encode("utf-8"), digest_size=8).digest(), "big")


def signature(items: Iterable[str], *, num_perm: int = NUM_PERM, seed: int = SEED) -> list[int]:
    """The MinHash signature of a set of strings; all ``_MAX`` for an empty set."""
    hashes = [_hash(item) for item in set(items)]
    if not hashes:
        return [_MAX] * num_perm
    return [min((a * h + b) % _PRIME for h in hashes) for a, b in _permutations(num_perm, seed)]


def similarity(first: list[int], second: list[int]) -> float:
    """The estimated Jaccard similarity: the share of positions where signatures agree."""
    if len(first) != len(second):
        raise ConfigError(f"MinHash signatures of different lengths: {len(first)} and {len(second)}")
    if not first or first[0] == _MAX and second[0] == _MAX:
        return 0.0
    return sum(x == y for x, y in zip(first, second, strict=True)) / len(first)


def band_keys(sig: list[int], *, bands: int) -> list[str]:
    """One key per band of rows; two sets with a key in common are candidates."""
    if bands < 1 or len(sig) % bands:
        raise ConfigError(f"{len(sig)} MinHash values cannot be cut into {bands} equal bands")
    rows = len(sig) // bands
    return [f"{i}:" + hashlib.blake2b(repr(sig[i * rows:(i + 1) * rows]).encode(),
                                      digest_size=8).hexdigest()
            for i in range(bands)]
