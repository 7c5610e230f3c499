"""Hashed character n-grams: the features of the utterance labeller.

One implementation serves training (``scripts/train_labeller.py``) and labelling, so the
shipped weights and the features always agree. Text is normalised (NFKC, lower case,
whitespace collapsed, padded with one space at each end); every character n-gram of
length 1 to 4 is hashed with a fixed polynomial hash (no per-process salt) into
``2**BITS`` buckets. Values are ``1 + log(count)``, then the vector is L2-normalised.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import numpy.typing as npt

BITS = 18
BUCKETS = 1 << BITS
NGRAMS = (1, 2, 3, 4)
_MULT = np.uint64(1_000_003)
_SEEDS = {n: np.uint64(0x9E3779B97F4A7C15 * n & 0xFFFFFFFFFFFFFFFF) for n in NGRAMS}
_MASK = np.uint64(BUCKETS - 1)
_SHIFT = np.uint64(33)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return " " + _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip() + " "


def hashed(text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Bucket indices (sorted, unique) and their weights for one utterance."""
    codes = np.frombuffer(normalise(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    parts: list[npt.NDArray[np.uint64]] = []
    size = len(codes)
    for n in NGRAMS:
        if size < n:
            break
        h = np.full(size - n + 1, _SEEDS[n], dtype=np.uint64)
        for k in range(n):
            h = h * _MULT + codes[k : size - n + 1 + k]
        h = (h ^ (h >> _SHIFT)) * _MIX
        parts.append((h ^ (h >> _SHIFT)) & _MASK)
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx, counts = np.unique(np.concatenate(parts).astype(np.int64), return_counts=True)
    values = (1.0 + np.log(counts)).astype(np.float32)
    values /= np.float32(np.sqrt(float(values @ values)))
    return idx, values
