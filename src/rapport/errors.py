"""Errors that carry their meaning.

Every error a user can cause is a :class:`RapportError`. The CLI turns it into one line on
stderr and a non-zero exit; the web layer turns it into a 4xx response. Anything else is a
bug: it stays a 500 and is logged, never disguised as a user error.
"""

from __future__ import annotations


class RapportError(Exception):
    """Base class for errors caused by the user's input or the state of their data."""

    status_code = 400
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(RapportError):
    """The thing asked for does not exist (404)."""

    status_code = 404


class ForbiddenError(RapportError):
    """The account may see this but not do this, e.g. a read-only user writing (403)."""

    status_code = 403


class InvalidInputError(RapportError):
    """Input was read but is not acceptable (422)."""

    status_code = 422


class ConflictError(RapportError):
    """The change would clash with existing data, e.g. a duplicate name (409)."""

    status_code = 409


class ImportProblem(RapportError):
    """One or more problems found in an import file; nothing was written."""

    status_code = 422

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))
