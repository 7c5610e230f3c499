"""Label an utterance business, personal or other, with a confidence.

The model (``model/labeller.npz``, rebuilt by ``scripts/train_labeller.py``) is a linear
classifier over the style-neutral text's hashed character n-grams and its topic concepts
(see ``features.py``, ``style.py``, ``topics.py``), with a softmax temperature fitted on
held-apart dialogues. ``label_sequence`` adds context: a meeting's utterances are
smoothed in order by a two-state topic model (``sequence.py``). The model is read once,
on first use, and shared.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from rapport.language.features import hashed_batch
from rapport.language.sequence import SwitchCounter, Switching, smooth

LABELS: tuple[str, ...] = ("business", "personal", "other")
MODEL_PATH = Path(__file__).with_name("model") / "labeller.npz"


@dataclass(frozen=True, slots=True)
class Labelled:
    label: str
    confidence: float
    """Probability the model gives the chosen label, 0..1."""


class Labeller:
    """The trained model: one weight row per feature column, one column per label."""

    def __init__(
        self,
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32],
        meta: dict[str, object],
    ) -> None:
        self._weights = np.ascontiguousarray(weights, dtype=np.float32)
        self._bias = np.asarray(bias, dtype=np.float32)
        self.labels: tuple[str, ...] = LABELS
        self.meta = meta
        self._words = bool(meta.get("words", False))
        self._concepts = bool(meta.get("concepts", False))
        temperature = meta.get("temperature", 1.0)
        self._temperature = float(temperature) if isinstance(temperature, (int, float)) else 1.0
        switching = meta.get("switching")
        self.switching = (
            Switching(float(switching["to_personal"]), float(switching["to_business"]))
            if isinstance(switching, dict)
            else Switching()
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Labeller:
        with np.load(path, allow_pickle=False) as data:
            labels = tuple(str(x) for x in data["labels"])
            if labels != LABELS:
                raise ValueError(f"{path}: labels {labels}, expected {LABELS}")
            return cls(data["coef"].T, data["intercept"], json.loads(str(data["meta"])))

    def probabilities(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """One row of label probabilities per text, each on its own (no context)."""
        rows, columns, values = hashed_batch(texts, words=self._words, concepts=self._concepts)
        contributions = self._weights[columns] * values[:, None]
        sums: npt.NDArray[np.float64] = np.stack(
            [
                np.bincount(rows, weights=contributions[:, k], minlength=len(texts))
                for k in range(len(LABELS))
            ],
            axis=1,
        ).astype(np.float64)
        scores = (sums + self._bias) / self._temperature
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs: npt.NDArray[np.float64] = scores / scores.sum(axis=1, keepdims=True)
        blank = [i for i, text in enumerate(texts) if not text.strip()]
        probs[blank] = (0.0, 0.0, 1.0)
        return probs

    def label_many(self, texts: Sequence[str]) -> list[Labelled]:
        """Each text on its own (a list of unrelated sentences)."""
        return _chosen(self.probabilities(texts))

    def label_sequence(
        self, texts: Sequence[str], start: npt.ArrayLike | None = None
    ) -> tuple[list[Labelled], npt.NDArray[np.float64]]:
        """The utterances of one conversation, in order, each label informed by its
        neighbours; also the topic belief to ``start`` the next piece of the same stream."""
        smoothed, carry = smooth(self.probabilities(texts), self.switching, start)
        return _chosen(smoothed), carry

    def label_stream(self, texts: Sequence[str], state: StreamState) -> list[Labelled]:
        """Lines of a stream that may or may not be one conversation (``rapport
        classify``): context as in ``label_sequence``, with switch rates that follow how
        often the stream's own topics change (``sequence.SwitchCounter``), so a list of
        unrelated sentences is labelled about as each line on its own would be."""
        probs = self.probabilities(texts)
        state.counter.add(probs)
        smoothed, state.topic = smooth(probs, state.counter.rates(self.switching), state.topic)
        return _chosen(smoothed)

    def label(self, text: str) -> Labelled:
        return self.label_many([text])[0]


@dataclass(slots=True)
class StreamState:
    """What ``Labeller.label_stream`` carries from one piece of a stream to the next."""

    counter: SwitchCounter = field(default_factory=SwitchCounter)
    topic: npt.NDArray[np.float64] | None = None


def _chosen(probs: npt.NDArray[np.float64]) -> list[Labelled]:
    best = probs.argmax(axis=1)
    return [
        Labelled(LABELS[b], round(float(p[b]), 4))
        for b, p in zip(best.tolist(), probs, strict=True)
    ]


_lock = threading.Lock()
_shared: Labeller | None = None


def shared_labeller() -> Labeller:
    """The shipped model, loaded on first call and reused."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = Labeller.load()
        return _shared


def label(text: str) -> Labelled:
    return shared_labeller().label(text)
