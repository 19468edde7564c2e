"""A Bloom filter over the gazetteer's lookup keys: most capitalised spans of news are
not place names, and asking the filter costs about a microsecond against tens for a
SQLite query that finds nothing.

A key the index holds is always "maybe in"; one it does not hold is "maybe in" with a
chance of about 0.3 % (for the 640,000 name keys in 2**23 bits), and then the query
answers. The positions come from a BLAKE2b digest of the key (stable across processes,
unlike ``hash``), split into two 32-bit halves for double hashing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

BITS = 1 << 23  # 1 MiB of bits
PROBES = 6


def _halves(key: str) -> tuple[int, int]:
    digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")
    return digest & 0xFFFFFFFF, (digest >> 32) | 1


class KeyFilter:
    """Read-only membership test built from a set of keys (see the module docstring)."""

    def __init__(self, bits: bytes):
        self.bits = bits

    @classmethod
    def build(cls, keys: Iterable[str]) -> "KeyFilter":
        halves = np.array([_halves(key) for key in keys], dtype=np.uint64).reshape(-1, 2)
        probes = np.arange(PROBES, dtype=np.uint64)
        positions = (halves[:, :1] + probes * halves[:, 1:]) & np.uint64(BITS - 1)
        marked = np.zeros(BITS, dtype=bool)
        marked[positions.ravel()] = True
        return cls(np.packbits(marked, bitorder="little").tobytes())

    def __contains__(self, key: str) -> bool:
        first, step = _halves(key)
        bits = self.bits
        for probe in range(PROBES):
            position = (first + probe * step) & (BITS - 1)
            if not bits[position >> 3] >> (position & 7) & 1:
                return False
        return True
