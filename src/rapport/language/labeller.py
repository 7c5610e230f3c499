"""Label an utterance business, personal or other, with a confidence.

The model (``model/labeller.json`` with ``model/labeller.weights.gz``, rebuilt by
``scripts/train_labeller.py``) is a linear
classifier over the style-neutral text's hashed character n-grams and its topic concepts
(see ``features.py``, ``style.py``, ``topics.py``), with a softmax temperature fitted on
held-apart dialogues. ``label_sequence`` adds context: a meeting's utterances are
smoothed in order by a two-state topic model (``sequence.py``). The model is read once,
on first use, and shared.

The weights file is one gzip stream of little-endian half-precision floats, one row per
label (in ``LABELS`` order) of ``columns`` weights each; the JSON holds the labels, the
bias per label, the column count and the training metadata (features used, softmax
temperature, switch rates). Plain Python reads and applies it (``struct``, no numpy).
"""

from __future__ import annotations

import gzip
import json
import math
import struct
import threading
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapport.language.features import hashed
from rapport.language.sequence import Row, SwitchCounter, Switching, Topic, smooth

LABELS: tuple[str, ...] = ("business", "personal", "other")
MODEL_DIR = Path(__file__).with_name("model")
MODEL_PATH = MODEL_DIR / "labeller.json"
WEIGHTS_NAME = "labeller.weights.gz"


@dataclass(frozen=True, slots=True)
class Labelled:
    label: str
    confidence: float
    """Probability the model gives the chosen label, 0..1."""


class Labeller:
    """The trained model: one row of weights per label, one weight per feature column."""

    def __init__(
        self,
        weights: Sequence[Sequence[float]],
        bias: Sequence[float],
        meta: dict[str, object],
    ) -> None:
        if len(weights) != len(LABELS) or len(bias) != len(LABELS):
            raise ValueError(f"a labeller needs one weight row and one bias per label {LABELS}")
        self._rows = tuple(array("d", row) for row in weights)
        self._bias = tuple(float(b) for b in bias)
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

    @property
    def weights(self) -> tuple[array[float], ...]:
        """One row of weights per label, in ``LABELS`` order."""
        return self._rows

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Labeller:
        spec = json.loads(path.read_text(encoding="utf-8"))
        labels = tuple(spec["labels"])
        if labels != LABELS:
            raise ValueError(f"{path}: labels {labels}, expected {LABELS}")
        width = int(spec["columns"])
        raw = gzip.decompress(path.with_name(spec.get("weights", WEIGHTS_NAME)).read_bytes())
        if len(raw) != 2 * width * len(LABELS):
            raise ValueError(f"{path}: the weights file does not hold {len(LABELS)} x {width}")
        flat = struct.unpack(f"<{width * len(LABELS)}e", raw)
        rows = [flat[k * width : (k + 1) * width] for k in range(len(LABELS))]
        return cls(rows, spec["intercept"], spec["meta"])

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the model as ``load`` reads it (weights rounded to half precision)."""
        width = len(self._rows[0])
        flat = [w for row in self._rows for w in row]
        weights = path.with_name(WEIGHTS_NAME)
        weights.write_bytes(gzip.compress(struct.pack(f"<{len(flat)}e", *flat), mtime=0))
        spec = {
            "labels": list(LABELS),
            "intercept": list(self._bias),
            "columns": width,
            "weights": weights.name,
            "meta": self.meta,
        }
        path.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def probabilities(self, texts: Sequence[str]) -> list[Row]:
        """One row of label probabilities per text, each on its own (no context)."""
        w0, w1, w2 = self._rows
        b0, b1, b2 = self._bias
        t = self._temperature
        out: list[Row] = []
        for text in texts:
            if not text.strip():
                out.append((0.0, 0.0, 1.0))
                continue
            cols, values = hashed(text, words=self._words, concepts=self._concepts)
            s0, s1, s2 = b0, b1, b2
            for c, v in zip(cols, values, strict=True):
                s0 += w0[c] * v
                s1 += w1[c] * v
                s2 += w2[c] * v
            top = max(s0, s1, s2)
            e0, e1, e2 = (math.exp((s - top) / t) for s in (s0, s1, s2))
            total = e0 + e1 + e2
            out.append((e0 / total, e1 / total, e2 / total))
        return out

    def label_many(self, texts: Sequence[str]) -> list[Labelled]:
        """Each text on its own (a list of unrelated sentences)."""
        return _chosen(self.probabilities(texts))

    def label_sequence(
        self, texts: Sequence[str], start: Sequence[float] | None = None
    ) -> tuple[list[Labelled], Topic]:
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
    topic: Topic | None = None


def _chosen(probs: Sequence[Sequence[float]]) -> list[Labelled]:
    chosen = []
    for p in probs:
        best = max(range(len(LABELS)), key=p.__getitem__)
        chosen.append(Labelled(LABELS[best], round(float(p[best]), 4)))
    return chosen


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
