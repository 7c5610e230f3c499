"""Hashed character n-grams: the features of the utterance labeller.

One implementation serves training (``scripts/train_labeller.py``) and labelling, so the
shipped weights and the features always agree. Text is normalised (NFKC, lower case,
whitespace collapsed, padded with one space at each end); every character n-gram of
length 1 to 4 is hashed with a fixed polynomial hash (no per-process salt) into
``2**BITS`` buckets. Values are ``1 + log(count)``, then each utterance's vector is
L2-normalised. A whole batch of utterances is hashed in a few numpy operations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

BITS = 18
BUCKETS = 1 << BITS
MAX_N = 4
_MULT = np.uint64(1_000_003)
_SEED = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_SHIFT = np.uint64(33)
_MASK = np.uint64(BUCKETS - 1)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return " " + _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip() + " "


Batch = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]


def hashed_batch(texts: Sequence[str]) -> Batch:
    """For a batch: (row of each feature, its bucket, its value), sorted by row then bucket.

    N-grams never cross from one utterance into the next.
    """
    normalised = [normalise(t) for t in texts]
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
    unique, counts = np.unique(np.concatenate(keys), return_counts=True)
    rows = unique >> BITS
    buckets = unique & (BUCKETS - 1)
    values = (1.0 + np.log(counts)).astype(np.float32)
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(normalised)))
    values /= norms[rows].astype(np.float32)
    return rows, buckets, values


def hashed(text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Bucket indices (sorted, unique) and their weights for one utterance."""
    _, buckets, values = hashed_batch([text])
    return buckets, values
