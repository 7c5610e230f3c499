"""Label an utterance business, personal or other, with a confidence.

The model is a linear classifier over hashed character n-grams (see ``features.py``),
trained by ``scripts/train_labeller.py`` and shipped as ``model/labeller.npz``. It is read
once, on first use, and shared.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rapport.language.features import hashed

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

    def probabilities(self, text: str) -> npt.NDArray[np.float32]:
        idx, values = hashed(text)
        scores = values @ self._weights[idx] + self._bias
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def label(self, text: str) -> Labelled:
        if not text.strip():
            return Labelled("other", 1.0)
        probs = self.probabilities(text)
        best = int(probs.argmax())
        return Labelled(self.labels[best], round(float(probs[best]), 4))


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
