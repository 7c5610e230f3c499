"""What the transcript formats share: errors with file and line, joined cue lines."""

from __future__ import annotations

from rapport.errors import ImportProblem, Problem
from rapport.texts import Text


def problem(name: str, line: int, message: str, **params: object) -> ImportProblem:
    """The problem ``message`` (an English template marked with ``N_``) at ``name:line``."""
    return problem_at(f"{name}:{line}", message, **params)


def problem_at(where: str, message: str, **params: object) -> ImportProblem:
    return ImportProblem([Problem(where, Text(message, params))])


def join_lines(text: str) -> str:
    """A multi-line cue as one line of text."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
