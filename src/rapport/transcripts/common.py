"""What the transcript formats share: errors with file and line, speaker prefixes."""

from __future__ import annotations

import re

from rapport.errors import ImportProblem, Problem, Text

SPEAKER_PREFIX = re.compile(
    r"^\s*(?P<name>[^\W\d_][^:：\n]{0,39}?)\s*[:：]\s*(?P<text>\S.*)$", re.DOTALL
)
"""``Name: text`` (also with a full-width colon, as Japanese and Chinese exports write it).
A name is at most 40 characters, starts with a letter and holds no sentence punctuation."""
_NOT_A_NAME = re.compile(r"[.!?。！？,，\[\]()]|https?|\d{1,2}$")


def problem(name: str, line: int, message: str, **params: object) -> ImportProblem:
    """The problem ``message`` (an English template marked with ``N_``) at ``name:line``."""
    return problem_at(f"{name}:{line}", message, **params)


def problem_at(where: str, message: str, **params: object) -> ImportProblem:
    return ImportProblem([Problem(where, Text(message, params))])


def split_speaker(text: str) -> tuple[str | None, str]:
    """``("Anna", "Hello")`` for ``"Anna: Hello"``; ``(None, text)`` when there is no name."""
    m = SPEAKER_PREFIX.match(text)
    if m is None or _NOT_A_NAME.search(m["name"]) or len(m["name"].split()) > 4:
        return None, text.strip()
    return m["name"].strip(), m["text"].strip()


def join_lines(text: str) -> str:
    """A multi-line cue as one line of text."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
