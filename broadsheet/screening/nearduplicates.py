"""Near-duplicate keys: one spam wave, many variants ("one word changed, a currency sign dropped").

:func:`near_duplicate_key` returns :data:`BANDS` band keys joined by spaces, for
example ``"0a1b2c3d4 1e5f60718 ..."``. Two texts belong to one wave when they share
**any** band key. Each band is a MinHash of the text's word pairs (``r`` =
:data:`ROWS` hash functions), so the chance that two texts share a band grows
steeply with their overlap: with 20 words, one word changed keeps about 80% of the
pairs and the two texts share a band 99% of the time; unrelated texts almost never do.

The words are those of the normalised text (case, punctuation, disguises and
diacritics folded, as for ``duplicate_key``) with every number written ``0`` and
currency signs ignored, so "Earn $500 a day" and "earn 700 a day!" are one text.

Invariants: deterministic across processes and machines (CRC-32 and fixed
integers, never ``hash()``); "" for a text of fewer than :data:`MIN_WORDS` words;
otherwise exactly :data:`BANDS` keys, band ``i`` starting with the digit ``i``.
A stored key stays valid only while :data:`VERSION` is unchanged: the hash functions
are part of the key.

The hash functions are multiply-shift (``(a x + b) mod 2**64``, top 32 bits, ``a`` odd),
computed for all shingles at once with numpy: about 15 µs a text instead of the 300 of
18 modular multiplications per shingle in Python.

Storage: keep the bands in a side table (comment id, band) with an index on band,
or in :data:`BANDS` indexed columns; a new comment is a variant of a recent one
when one of its bands is found among the last hour's.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from broadsheet.screening.normalize import Normalized, normalize

BANDS = 6
ROWS = 3
MIN_WORDS = 6
#: Bumped whenever the keys of the same text change (stored keys must then be recomputed).
VERSION = 2
_MASK = (1 << 64) - 1
# Fixed coefficients of the BANDS * ROWS hash functions, one row each: a (odd) and b.
_A = np.array(
    [(0x9E3779B97F4A7C15 * (2 * i + 1)) & _MASK | 1 for i in range(BANDS * ROWS)], dtype=np.uint64
)
_B = np.array(
    [(0xC2B2AE3D27D4EB4F * (i + 7)) & _MASK for i in range(BANDS * ROWS)], dtype=np.uint64
)
_NUMBER = re.compile(r"\d+")


def _words(norm: Normalized) -> list[str]:
    words = norm.word_list
    if _NUMBER.search(norm.text) is None:
        return list(words)
    # Words hold no spaces: one substitution over the joined words, not one per word.
    return _NUMBER.sub("0", " ".join(words)).split(" ")


def _shingles(words: Sequence[str]) -> set[int]:
    return {zlib.crc32(f"{a} {b}".encode()) for a, b in pairwise(words)}


def _hashed(shingles: np.ndarray) -> np.ndarray:
    """The ``BANDS * ROWS`` hash functions of every shingle: one row per function."""
    # uint64 arithmetic wraps modulo 2**64, which is what multiply-shift wants.
    return (_A[:, None] * shingles[None, :] + _B[:, None]) >> np.uint64(32)


def _band_keys(mins: Sequence[int]) -> str:
    """The key from the ``BANDS * ROWS`` minima of one text, band by band."""
    crc = zlib.crc32
    keys = []
    for band in range(BANDS):
        a, b, c = mins[band * ROWS : band * ROWS + ROWS]
        keys.append(f"{band}{crc(f'{a},{b},{c}'.encode()):08x}")
    return " ".join(keys)


def key_of_words(words: Sequence[str]) -> str:
    """The key of an already normalised word sequence (see the module docstring)."""
    if len(words) < MIN_WORDS:
        return ""
    hashed = _hashed(np.fromiter(_shingles(words), dtype=np.uint64))
    return _band_keys(hashed.min(axis=1).tolist())


def keys_of_many(docs: Sequence[Sequence[str]]) -> list[str]:
    """:func:`key_of_words` of each word sequence, in order: the same keys, with one
    numpy pass over all their shingles instead of one per text."""
    out = [""] * len(docs)
    todo: list[int] = []
    flat: list[int] = []
    starts: list[int] = []
    for i, words in enumerate(docs):
        if len(words) >= MIN_WORDS:
            todo.append(i)
            starts.append(len(flat))
            flat.extend(_shingles(words))
    if not todo:
        return out
    hashed = _hashed(np.array(flat, dtype=np.uint64))
    # Every text listed has at least MIN_WORDS - 1 pairs, so no segment is empty.
    mins = np.minimum.reduceat(hashed, np.asarray(starts), axis=1).T.tolist()
    for i, row in zip(todo, mins, strict=True):
        out[i] = _band_keys(row)
    return out


def near_duplicate_key(text: str) -> str:
    """Band keys of ``text`` joined by spaces; "" for a short text."""
    return key_of_words(_words(normalize(text)))


def input_near_duplicate_key(norm: Normalized) -> str:
    """:func:`near_duplicate_key` from a normalisation already made (the checks' own)."""
    return key_of_words(_words(norm))


def input_keys_many(norms: Sequence[Normalized]) -> list[str]:
    """:func:`input_near_duplicate_key` of each normalisation (:func:`keys_of_many`)."""
    return keys_of_many([_words(n) for n in norms])


def shares_band(first: str, second: str) -> bool:
    """Whether two keys put their texts in one wave."""
    return bool(first and second) and not set(first.split()).isdisjoint(second.split())
