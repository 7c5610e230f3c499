"""Hashed character n-grams and topic concepts: the features of the utterance labeller.

One implementation serves training (``scripts/train_labeller.py``) and labelling, so the
shipped weights and the features always agree. Text is first made style-neutral
(``style.neutralise``: NFKC, lower case, pronouns, fillers and punctuation replaced by one
mark, whitespace collapsed) and padded with one space at each end; every character n-gram of
length 1 to 4 is hashed with a fixed polynomial hash (no per-process salt) into
``2**BITS`` buckets. With ``words=True``, the words of scripts written with spaces
(Latin, Vietnamese; not Han, kana or Hangul, whose "words" would be whole clauses) and
each pair of neighbouring words are hashed into the same buckets too (CRC-32 of a tagged
string). Values are ``1 + log(count)``, then each utterance's vector is L2-normalised.
With ``concepts=True``, one more column per topic concept (``topics.CONCEPTS``) follows
the buckets, 1.0 when the utterance names that concept. A whole batch of utterances is
hashed in a few numpy operations plus short loops over words.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from rapport.language.style import neutralise
from rapport.language.topics import CONCEPTS, shared_lexicon

BITS = 18
BUCKETS = 1 << BITS
MAX_N = 4
CONCEPT_VALUE = 1.0
"""The value of a concept column when the utterance names the concept."""
_MULT = np.uint64(1_000_003)
_SEED = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_SHIFT = np.uint64(33)
_MASK = np.uint64(BUCKETS - 1)
_WORD = re.compile(r"[^\W_]+")
_SPACED_SCRIPT_END = 0x2E80
"""Words whose first character is below this code point (before the CJK blocks) count."""


def normalise(text: str) -> str:
    return " " + neutralise(text) + " "


def columns(concepts: bool) -> int:
    """How many feature columns there are."""
    return BUCKETS + (len(CONCEPTS) if concepts else 0)


Batch = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]


def _word_keys(normalised: list[str]) -> npt.NDArray[np.int64]:
    keys: list[int] = []
    mask = BUCKETS - 1
    for row, text in enumerate(normalised):
        words = [w for w in _WORD.findall(text) if ord(w[0]) < _SPACED_SCRIPT_END]
        base = row << BITS
        previous = "^"
        for word in words:
            keys.append(base | (zlib.crc32(("w " + word).encode()) & mask))
            keys.append(base | (zlib.crc32(("b " + previous + " " + word).encode()) & mask))
            previous = word
    return np.array(keys, dtype=np.int64)


def hashed_batch(texts: Sequence[str], words: bool = False, concepts: bool = False) -> Batch:
    """For a batch: (row of each feature, its column, its value), sorted by row then column.

    N-grams never cross from one utterance into the next.
    """
    normalised = [normalise(t) for t in texts]
    rows, buckets, values = _ngrams(normalised, words)
    if not concepts:
        return rows, buckets, values
    lexicon = shared_lexicon()
    extra_rows: list[int] = []
    extra_cols: list[int] = []
    for row, text in enumerate(normalised):
        for concept in sorted(lexicon.concepts(text)):
            extra_rows.append(row)
            extra_cols.append(BUCKETS + concept)
    if not extra_rows:
        return rows, buckets, values
    all_rows = np.concatenate([rows, np.array(extra_rows, dtype=np.int64)])
    all_cols = np.concatenate([buckets, np.array(extra_cols, dtype=np.int64)])
    all_values = np.concatenate([values, np.full(len(extra_rows), CONCEPT_VALUE, dtype=np.float32)])
    order = np.lexsort((all_cols, all_rows))
    return all_rows[order], all_cols[order], all_values[order]


def _ngrams(normalised: list[str], words: bool) -> Batch:
    lengths = np.fromiter((len(t) for t in normalised), dtype=np.int64, count=len(normalised))
    if not normalised:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    codes = np.frombuffer("".join(normalised).encode("utf-32-le"), dtype=np.uint32).astype(
        np.uint64
    )
    owner = np.repeat(np.arange(len(normalised), dtype=np.int64), lengths)
    keys: list[npt.NDArray[np.int64]] = []
    h = codes + _SEED
    for n in range(1, MAX_N + 1):
        if n > 1:
            h = h[:-1] * _MULT + codes[n - 1 :]
        valid = owner[: len(h)] == owner[n - 1 :]
        mixed = (h ^ (h >> _SHIFT)) * _MIX
        bucket = ((mixed ^ (mixed >> _SHIFT)) & _MASK).astype(np.int64)
        keys.append((owner[: len(h)][valid] << BITS) | bucket[valid])
    if words:
        keys.append(_word_keys(normalised))
    unique, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows = unique >> BITS
    buckets = unique & (BUCKETS - 1)
    values = (1.0 + np.log(counts)).astype(np.float32)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(normalised)))
    values /= norms[rows].astype(np.float32)
    return rows, buckets, values


def hashed(
    text: str, words: bool = False, concepts: bool = False
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Column indices (sorted, unique) and their weights for one utterance."""
    _, buckets, values = hashed_batch([text], words, concepts)
    return buckets, values
