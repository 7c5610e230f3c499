"""Labelling lines of conversation, the service behind ``POST /api/classify`` (the same
labels, languages and confidences as ``rapport classify`` prints; see docs/conversation.md).

It reads and writes no workspace data, so every account may use it; the labeller is loaded
on first use and shared by the process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapport.errors import InvalidInputError

MAX_LINES = 1000
MAX_LINE_CHARS = 10_000


@dataclass(frozen=True, slots=True)
class Classified:
    text: str
    label: str
    """``business``, ``personal`` or ``other``."""
    language: str
    """The detected language (one of ours, or ``und`` when undetermined)."""
    confidence: float


def classify(lines: Sequence[str], *, context: bool = True) -> list[Classified]:
    """Label ``lines`` in order. With ``context`` they are read as one conversation (a line
    that follows up on the one before keeps its topic, as ``rapport classify`` does with a
    stream); without, each line is labelled on its own."""
    if len(lines) > MAX_LINES:
        raise InvalidInputError(f"too many lines: {len(lines)} (at most {MAX_LINES} a request)")
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise InvalidInputError(
                f"line {number}: too long ({len(line)} characters, at most {MAX_LINE_CHARS})"
            )
    from rapport.language.detect import UNDETERMINED, detect
    from rapport.language.labeller import StreamState, shared_labeller

    labeller = shared_labeller()
    if context:
        labels = labeller.label_stream(list(lines), StreamState())
    else:
        labels = labeller.label_many(list(lines))
    found: list[Classified] = []
    previous = UNDETERMINED
    for text, labelled in zip(lines, labels, strict=True):
        if text.strip():
            language = previous = detect(text, fallback=previous)
        else:
            language = UNDETERMINED
        found.append(Classified(text, labelled.label, language, labelled.confidence))
    return found
