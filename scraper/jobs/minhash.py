"""MinHash signatures and an LSH index for near-duplicate bodies, on numpy alone.

datasketch did this before, but it pulls in scipy (143 MB of a 321 MB install) only to choose
the LSH bands by numerical integration; the whole method is a few array operations.

A signature holds, for each of `num_perm` hash functions, the smallest hash of the body's
shingles; the share of equal slots in two signatures estimates the Jaccard similarity of the
two shingle sets. Each shingle is hashed once to 64 bits (BLAKE2b), then each function is
`h -> high 32 bits of (a * h + b) mod 2**64` with an odd `a` (multiply-shift: a bijection
of the 64-bit hash, so no collisions are added, and its top bits are universal).

The LSH index cuts a signature into `bands` bands of `rows` slots; two bodies become
candidates when any band is equal. `bands` and `rows` are chosen, as datasketch does, to
minimise the chance of a false candidate below the threshold plus that of a missed one
above it, weighed equally (`band_shape`); candidates are then checked against the threshold
with the full signatures, so a false candidate costs a lookup, never a wrong mark.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

Signature = npt.NDArray[np.uint32]
SCHEME = b"mh64"
"""Stored signatures start with this tag; one without it (datasketch's, which the job used
before) is another hash family and is not comparable."""
_SEED = 1
_GRID = 1001  # points of the similarity axis the band shape is integrated over


class Signer:
    """Signatures of shingle sets; the hash functions are drawn once from a fixed seed, so
    every process and every run signs alike."""

    def __init__(self, num_perm: int) -> None:
        rng = np.random.default_rng(_SEED)
        high = np.iinfo(np.uint64).max
        self.num_perm = num_perm
        self._a = rng.integers(1, high, size=num_perm, dtype=np.uint64, endpoint=True) | 1
        self._b = rng.integers(0, high, size=num_perm, dtype=np.uint64, endpoint=True)

    def sign(self, shingles: Iterable[str]) -> Signature:
        hashes = np.fromiter((_hash64(s) for s in shingles), dtype=np.uint64).reshape(-1, 1)
        if not hashes.size:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        with np.errstate(over="ignore"):
            mixed = hashes * self._a + self._b  # wraps modulo 2**64, as meant
        smallest: npt.NDArray[np.uint64] = mixed.min(axis=0)
        signature: Signature = (smallest >> np.uint64(32)).astype(np.uint32)
        return signature


def _hash64(shingle: str) -> int:
    digest = hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def similarity(one: Signature, other: Signature) -> float:
    """The estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(one == other))


def dump(signature: Signature) -> bytes:
    return SCHEME + signature.astype("<u4").tobytes()


def load(stored: bytes) -> Signature | None:
    """The signature a `dump` wrote; None for one of another scheme."""
    if not stored.startswith(SCHEME):
        return None
    return np.frombuffer(stored, dtype="<u4", offset=len(SCHEME)).astype(np.uint32)


def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands * rows <= num_perm that minimise the chance of a candidate
    below `threshold` plus the chance of none above it (each integrated over similarity)."""
    best: tuple[float, int, int] | None = None
    below = np.linspace(0.0, threshold, _GRID)
    above = np.linspace(threshold, 1.0, _GRID)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_candidates = _integral(1 - (1 - below**rows) ** bands, below)
            missed = _integral((1 - above**rows) ** bands, above)
            error = false_candidates + missed
            if best is None or error < best[0]:
                best = (error, bands, rows)
    assert best is not None
    return best[1], best[2]


def _integral(values: npt.NDArray[np.float64], points: npt.NDArray[np.float64]) -> float:
    """The trapezoid rule (numpy's own changed its name in 2.0)."""
    return float(np.sum((values[1:] + values[:-1]) * np.diff(points)) / 2)


class LshIndex:
    """Keys by band: `query` gives every key sharing a band with a signature."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.bands, self.rows = band_shape(threshold, num_perm)
        self._tables: list[defaultdict[bytes, set[str]]] = [
            defaultdict(set) for _ in range(self.bands)
        ]
        self._keys: dict[str, list[bytes]] = {}

    def _cuts(self, signature: Signature) -> list[bytes]:
        return [
            signature[band * self.rows : (band + 1) * self.rows].tobytes()
            for band in range(self.bands)
        ]

    def __contains__(self, key: str) -> bool:
        return key in self._keys

    def insert(self, key: str, signature: Signature) -> None:
        cuts = self._cuts(signature)
        self._keys[key] = cuts
        for table, cut in zip(self._tables, cuts, strict=True):
            table[cut].add(key)

    def remove(self, key: str) -> None:
        for table, cut in zip(self._tables, self._keys.pop(key), strict=True):
            table[cut].discard(key)
            if not table[cut]:
                del table[cut]

    def query(self, signature: Signature) -> set[str]:
        found: set[str] = set()
        for table, cut in zip(self._tables, self._cuts(signature), strict=True):
            found.update(table.get(cut, ()))
        return found
