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
the buckets, 1.0 when the utterance names that concept.

Plain Python (no numpy): each n-gram's bucket is remembered (``_BUCKETS``, bounded), and
talk repeats its n-grams so much that most lookups hit — a meeting of 1,000 utterances is
hashed in well under a second. ``scripts/train_labeller.py`` turns the lists into a
sparse matrix.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence

from rapport.language.style import neutralise
from rapport.language.topics import CONCEPTS, shared_lexicon

BITS = 18
BUCKETS = 1 << BITS
MAX_N = 4
CONCEPT_VALUE = 1.0
"""The value of a concept column when the utterance names the concept."""
_MULT = 1_000_003
_SEED = 0x9E3779B97F4A7C15
_MIX = 0xFF51AFD7ED558CCD
_SHIFT = 33
_M64 = (1 << 64) - 1
_MASK = BUCKETS - 1
_WORD = re.compile(r"[^\W_]+")
_SPACED_SCRIPT_END = 0x2E80
"""Words whose first character is below this code point (before the CJK blocks) count."""
_CACHE_LIMIT = 500_000
_BUCKETS: dict[str, int] = {}


def normalise(text: str) -> str:
    return " " + neutralise(text) + " "


def columns(concepts: bool) -> int:
    """How many feature columns there are."""
    return BUCKETS + (len(CONCEPTS) if concepts else 0)


Batch = tuple[list[int], list[int], list[float]]
"""(row of each feature, its column, its value)."""


def ngram_bucket(gram: str) -> int:
    """The bucket of one character n-gram: a polynomial hash over its code points
    (64-bit, wrapping), finished with a xor-shift-multiply mix."""
    h = (ord(gram[0]) + _SEED) & _M64
    for ch in gram[1:]:
        h = (h * _MULT + ord(ch)) & _M64
    mixed = ((h ^ (h >> _SHIFT)) * _MIX) & _M64
    return (mixed ^ (mixed >> _SHIFT)) & _MASK


def _grams(text: str) -> Counter[int]:
    cache = _BUCKETS
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    length = len(text)
    grams = [text[i : i + n] for n in range(1, MAX_N + 1) for i in range(length - n + 1)]
    for gram in grams:
        if gram not in cache:
            cache[gram] = ngram_bucket(gram)
    return Counter([cache[gram] for gram in grams])


def _word_buckets(text: str) -> list[int]:
    keys: list[int] = []
    previous = "^"
    for word in _WORD.findall(text):
        if ord(word[0]) >= _SPACED_SCRIPT_END:
            continue
        keys.append(zlib.crc32(("w " + word).encode()) & _MASK)
        keys.append(zlib.crc32(("b " + previous + " " + word).encode()) & _MASK)
        previous = word
    return keys


def hashed(text: str, words: bool = False, concepts: bool = False) -> tuple[list[int], list[float]]:
    """Column indices (sorted, unique) and their weights for one utterance."""
    normalised = normalise(text)
    counts = _grams(normalised)
    if words:
        counts.update(_word_buckets(normalised))
    buckets = sorted(counts)
    values = [1.0 + math.log(counts[b]) for b in buckets]
    norm = math.sqrt(sum(v * v for v in values))
    if norm:
        values = [v / norm for v in values]
    if concepts:
        for concept in sorted(shared_lexicon().concepts(normalised)):
            buckets.append(BUCKETS + concept)
            values.append(CONCEPT_VALUE)
    return buckets, values


def hashed_batch(texts: Sequence[str], words: bool = False, concepts: bool = False) -> Batch:
    """For a batch: (row of each feature, its column, its value), sorted by row then column.

    N-grams never cross from one utterance into the next.
    """
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, text in enumerate(texts):
        buckets, weights = hashed(text, words, concepts)
        rows.extend([row] * len(buckets))
        cols.extend(buckets)
        values.extend(weights)
    return rows, cols, values
