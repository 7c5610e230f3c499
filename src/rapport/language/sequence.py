"""Context: personal talk comes in stretches, so neighbouring utterances inform each label.

A two-state hidden Markov model over the *topic* of the talk (business or personal) runs
over a meeting's utterances in order. Each utterance's own label probabilities
``(p_business, p_personal, p_other)`` from the labeller are its evidence: an utterance
that is mostly "other" (a "yeah", a greeting, "can you see my screen?") says little about
the topic, so its evidence for topic ``k`` is ``p_other + p_k`` — near-equal for both
topics. The forward-backward pass gives each utterance the probability ``q_k`` that the
talk around it is on topic ``k``; its final probabilities are
``p_other`` for other and ``(1 - p_other) * q_k`` for each topic.

So a lone weak "personal" (one stray "I") inside business stays business, a "yeah" inside
business stays "other" and does not break the stretch, and a clear remark about the
children survives because its own evidence is strong. The two switch rates are fitted on
held-apart meetings by ``scripts/train_labeller.py`` and stored with the model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Row = tuple[float, float, float]
"""(p_business, p_personal, p_other) of one utterance."""
Topic = tuple[float, float]
"""The belief that the talk is on business or on personal matters."""


@dataclass(frozen=True, slots=True)
class Switching:
    to_personal: float = 0.1
    """Probability that the talk turns from business to personal between two utterances."""
    to_business: float = 0.3
    """Probability that it turns from personal back to business."""

    def matrix(self) -> tuple[Topic, Topic]:
        return (
            (1 - self.to_personal, self.to_personal),
            (self.to_business, 1 - self.to_business),
        )


def _normalised(a: float, b: float) -> Topic:
    total = a + b
    return (a / total, b / total)


def smooth(
    probs: Iterable[Sequence[float]],
    switching: Switching,
    start: Sequence[float] | None = None,
) -> tuple[list[Row], Topic]:
    """Smoothed ``(n, 3)`` probabilities (business, personal, other) of an ordered run,
    and the topic belief after its last utterance (``start`` for the next run, when a
    stream arrives in pieces). ``start`` is the topic belief before the first utterance
    (even odds when not given)."""
    p: list[Row] = [(float(r[0]), float(r[1]), float(r[2])) for r in probs]
    carry: Topic = (0.5, 0.5) if start is None else (float(start[0]), float(start[1]))
    n = len(p)
    if n == 0:
        return [], carry
    (t00, t01), (t10, t11) = switching.matrix()
    evidence = [(r[2] + r[0], r[2] + r[1]) for r in p]
    forward: list[Topic] = []
    belief = carry
    for i, (e0, e1) in enumerate(evidence):
        if i:
            belief = (belief[0] * t00 + belief[1] * t10, belief[0] * t01 + belief[1] * t11)
        belief = _normalised(belief[0] * e0, belief[1] * e1)
        forward.append(belief)
    backward: list[Topic] = [(1.0, 1.0)] * n
    for i in range(n - 2, -1, -1):
        e0, e1 = evidence[i + 1]
        b0, b1 = e0 * backward[i + 1][0], e1 * backward[i + 1][1]
        backward[i] = _normalised(t00 * b0 + t01 * b1, t10 * b0 + t11 * b1)
    out: list[Row] = []
    for (f0, f1), (b0, b1), row in zip(forward, backward, p, strict=True):
        q0, q1 = _normalised(f0 * b0, f1 * b1)
        rest = 1 - row[2]
        out.append((rest * q0, rest * q1, row[2]))
    last = forward[-1]
    return out, (last[0] * t00 + last[1] * t10, last[0] * t01 + last[1] * t11)


@dataclass(slots=True)
class SwitchCounter:
    """Switch rates for a stream whose order is not known to be a conversation.

    Counts how often the utterances' own most likely topic changes from one content
    utterance to the next ("other" utterances skipped), with ``weight`` pseudo-counts of
    the fitted rates. Lines of one meeting in order rarely switch, and keep the rates near
    the fitted ones; a list of unrelated sentences switches about as often as independent
    draws would, and then the rates approach the topics' shares, where the model passes no
    belief from one line to the next — so context does not hurt a shuffled list.
    """

    weight: float = 20.0
    last: int | None = None
    stay: list[float] = field(default_factory=lambda: [0.0, 0.0])
    switch: list[float] = field(default_factory=lambda: [0.0, 0.0])

    def add(self, probs: Iterable[Sequence[float]]) -> None:
        for row in probs:
            if row[2] >= max(row[0], row[1]):
                continue
            topic = int(row[1] > row[0])
            if self.last is not None:
                (self.switch if topic != self.last else self.stay)[self.last] += 1
            self.last = topic

    def rates(self, prior: Switching) -> Switching:
        def rate(k: int, fitted: float) -> float:
            seen = self.switch[k] + self.stay[k]
            return (self.switch[k] + self.weight * fitted) / (seen + self.weight)

        return Switching(rate(0, prior.to_personal), rate(1, prior.to_business))
