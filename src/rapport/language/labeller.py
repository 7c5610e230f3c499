"""Label an utterance business, personal or other, with a confidence.

The model is a linear classifier over hashed character n-grams (see ``features.py``),
trained by ``scripts/train_labeller.py`` and shipped as ``model/labeller.npz``. It is read
once, on first use, and shared.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rapport.language.features import hashed_batch

LABELS: tuple[str, ...] = ("business", "personal", "other")
MODEL_PATH = Path(__file__).with_name("model") / "labeller.npz"


@dataclass(frozen=True, slots=True)
class Labelled:
    label: str
    confidence: float
    """Probability the model gives the chosen label, 0..1."""


class Labeller:
    """The trained model: one weight row per label, one column per hash bucket."""

    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self._weights: npt.NDArray[np.float32] = np.ascontiguousarray(
                data["coef"].astype(np.float32).T
            )
            self._bias: npt.NDArray[np.float32] = data["intercept"].astype(np.float32)
            self.labels: tuple[str, ...] = tuple(str(x) for x in data["labels"])
            self.meta: dict[str, object] = json.loads(str(data["meta"]))

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One row of label probabilities per text."""
        rows, buckets, values = hashed_batch(texts)
        contributions = self._weights[buckets] * values[:, None]
        columns = [
            np.bincount(rows, weights=contributions[:, k], minlength=len(texts))
            for k in range(len(self.labels))
        ]
        scores = np.stack(columns, axis=1).astype(np.float64) + self._bias
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return (scores / scores.sum(axis=1, keepdims=True)).astype(np.float32)

    def label_many(self, texts: Sequence[str]) -> list[Labelled]:
        """Labels for a batch (much faster per text than one at a time)."""
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1)
        return [
            Labelled("other", 1.0)
            if not text.strip()
            else Labelled(self.labels[b], round(float(p[b]), 4))
            for text, b, p in zip(texts, best.tolist(), probs, strict=True)
        ]

    def label(self, text: str) -> Labelled:
        return self.label_many([text])[0]


_lock = threading.Lock()
_shared: Labeller | None = None


def shared_labeller() -> Labeller:
    """The shipped model, loaded on first call and reused."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = Labeller()
        return _shared


def label(text: str) -> Labelled:
    return shared_labeller().label(text)
