"""The user's corrections of utterance labels, applied after the labeller: pure functions.

A correction says "utterance N of this meeting is personal" and remembers the utterance's
text. It is applied to the utterance at N when that utterance still has the same text
(compared after :func:`normalise`); when the utterances moved (a transcript read again,
with a line split or merged), it goes to the nearest utterance with the same text, and
when no utterance has that text it is left out. A corrected utterance gets the user's
label with confidence 1; the labeller's own label and confidence are kept beside it
(:class:`Placed`) so that resetting the correction gives the utterance back unchanged.

Corrections also teach the labeller of a workspace (:func:`taught`, :func:`learn`): in
another meeting, an utterance whose text is the same as a corrected one's (compared after
:func:`normalise`, nothing fuzzier) takes the user's label, marked ``learned``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from rapport.domain.conversation import Utterance

LABELS: tuple[str, ...] = ("business", "personal", "other")
"""The labels an utterance can have (and be corrected to)."""
RESET = "reset"
"""What the command line and the web form take for "back to the labeller's label"."""
CORRECTED_CONFIDENCE = 1.0
"""A label the user chose is certain."""


@dataclass(frozen=True, slots=True)
class Correction:
    number: int
    """The utterance's number in its meeting, from 1."""
    text: str
    """The utterance's text when it was corrected."""
    label: str


@dataclass(frozen=True, slots=True)
class Placed:
    """A correction applied to utterance ``number``, with what the labeller had said."""

    correction: Correction
    number: int
    model_label: str
    model_confidence: float


@dataclass(frozen=True, slots=True)
class Corrected:
    utterances: tuple[Utterance, ...]
    placed: tuple[Placed, ...]
    """The corrections that applied, in utterance order."""
    left_out: tuple[Correction, ...]
    """Corrections whose utterance is no longer in the meeting."""


def normalise(text: str) -> str:
    """The text as compared: NFKC, case-folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def apply(utterances: Sequence[Utterance], corrections: Iterable[Correction]) -> Corrected:
    """``utterances`` as labelled by the model, with the user's corrections on top.

    Corrections that still sit on an utterance with their text are placed first; the
    others go to the nearest free utterance with the same text (the earlier one on a tie).
    """
    wanted = sorted(corrections, key=lambda c: c.number)
    keys = [normalise(u.text) for u in utterances]
    taken: dict[int, Correction] = {}
    moved: list[Correction] = []
    for c in wanted:
        at = c.number - 1
        if 0 <= at < len(utterances) and at not in taken and keys[at] == normalise(c.text):
            taken[at] = c
        else:
            moved.append(c)
    left_out: list[Correction] = []
    for c in moved:
        key = normalise(c.text)
        free = [i for i, k in enumerate(keys) if k == key and i not in taken]
        if not free:
            left_out.append(c)
            continue
        taken[min(free, key=lambda i: (abs(i - (c.number - 1)), i))] = c
    out = list(utterances)
    placed: list[Placed] = []
    for at in sorted(taken):
        c, u = taken[at], utterances[at]
        placed.append(Placed(c, at + 1, u.label, u.confidence))
        out[at] = replace(u, label=c.label, confidence=CORRECTED_CONFIDENCE)
    return Corrected(tuple(out), tuple(placed), tuple(left_out))


def revert(utterances: Sequence[Utterance], placed: Iterable[Placed]) -> tuple[Utterance, ...]:
    """The utterances as the model labelled them: each placed correction undone."""
    out = list(utterances)
    for p in placed:
        at = p.number - 1
        out[at] = replace(out[at], label=p.model_label, confidence=p.model_confidence)
    return tuple(out)


def taught(corrections: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Normalised text -> label, from ``(text, label)`` corrections given oldest first: for
    a text corrected more than once, the latest correction wins."""
    out: dict[str, str] = {}
    for text, label in corrections:
        key = normalise(text)
        if key:
            out[key] = label
    return out


def learn(utterances: Sequence[Utterance], lessons: Mapping[str, str]) -> tuple[Utterance, ...]:
    """Each utterance whose normalised text is in ``lessons`` with that label, confidence 1
    and ``learned`` set; the others as they are."""
    out = list(utterances)
    for at, u in enumerate(utterances):
        label = lessons.get(normalise(u.text))
        if label is not None:
            out[at] = replace(u, label=label, confidence=CORRECTED_CONFIDENCE, learned=True)
    return tuple(out)
