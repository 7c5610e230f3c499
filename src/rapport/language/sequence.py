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

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

Probs = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Switching:
    to_personal: float = 0.1
    """Probability that the talk turns from business to personal between two utterances."""
    to_business: float = 0.3
    """Probability that it turns from personal back to business."""

    def matrix(self) -> Probs:
        return np.array(
            [[1 - self.to_personal, self.to_personal], [self.to_business, 1 - self.to_business]]
        )


def smooth(
    probs: npt.ArrayLike,
    switching: Switching,
    start: npt.ArrayLike | None = None,
) -> tuple[Probs, Probs]:
    """Smoothed ``(n, 3)`` probabilities (business, personal, other) of an ordered run,
    and the topic belief after its last utterance (``start`` for the next run, when a
    stream arrives in pieces). ``start`` is the topic belief before the first utterance
    (even odds when not given)."""
    p = np.asarray(probs, dtype=np.float64)
    n = len(p)
    carry = np.array([0.5, 0.5]) if start is None else np.asarray(start, dtype=np.float64)
    if n == 0:
        return p.reshape(0, 3), carry
    transition = switching.matrix()
    evidence = p[:, 2:3] + p[:, :2]
    forward = np.empty((n, 2))
    belief = carry
    for i in range(n):
        belief = (belief if i == 0 else belief @ transition) * evidence[i]
        belief = belief / belief.sum()
        forward[i] = belief
    backward = np.ones((n, 2))
    for i in range(n - 2, -1, -1):
        b = transition @ (evidence[i + 1] * backward[i + 1])
        backward[i] = b / b.sum()
    topic = forward * backward
    topic /= topic.sum(axis=1, keepdims=True)
    out = np.empty_like(p)
    out[:, :2] = (1 - p[:, 2:3]) * topic
    out[:, 2] = p[:, 2]
    return out, forward[-1] @ transition


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

    def add(self, probs: npt.ArrayLike) -> None:
        for row in np.asarray(probs, dtype=np.float64):
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
