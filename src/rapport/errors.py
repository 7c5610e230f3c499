"""Errors that carry their meaning.

Every error a user can cause is a :class:`RapportError`. The CLI turns it into one line on
stderr and a non-zero exit; the web layer turns it into a 4xx response. Anything else is a
bug: it stays a 500 and is logged, never disguised as a user error.

An error may be raised with an English *template* and its parameters,
``InvalidInputError(N_("not a date: {text} (use YYYY-MM-DD)"), text=repr(raw))``: its
:attr:`~RapportError.message` is the English text (what logs and the API's ``detail`` show),
and ``rapport.i18n.render(error.text, lang, domain)`` renders it in another language from
the template's translation (the ``cli`` translation domain). An error raised with a plain
string stays English everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapport.texts import N_, Text

NO_CLIENT_NAMED = N_("no client named {name}")
NO_CLIENT_NAMED_HINT = N_("no client named {name} (did you mean {suggestion}?)")
"""Shared by the workspace (``rapport clients show Nope``) and the importers."""
FIELD_ERROR = N_("{field}: {error}")
"""An error about one field, option or column: ``start: not a date ...``."""


class RapportError(Exception):
    """Base class for errors caused by the user's input or the state of their data."""

    status_code = 400
    exit_code = 1

    def __init__(self, message: str | Text, /, **params: object) -> None:
        self.text = message if isinstance(message, Text) else Text(message, params)
        self.message = self.text.english
        super().__init__(self.message)

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


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an import file: where (``FILE:LINE``) and what."""

    where: str
    what: Text

    @property
    def text(self) -> Text:
        """``FILE:LINE: what`` as one text (the place is never translated)."""
        return Text(PLACED, {"where": self.where, "what": self.what}) if self.where else self.what

    @property
    def english(self) -> str:
        return self.text.english


PLACED = "{where}: {what}"
"""A problem's place before its message (no msgid: it reads the same in every language)."""


class ImportProblem(RapportError):
    """One or more problems found in an import file; nothing was written."""

    status_code = 422

    def __init__(self, problems: Iterable[str | Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem("", Text(p)) for p in problems]
        self.problems = [p.english for p in self.details]
        super().__init__("\n".join(self.problems))


TEAM_EXTRA = N_("team mode needs `pip install rapport[team]` ({module} is not installed)")


class MissingExtra(RapportError):
    """A feature needs packages of an optional extra that this install lacks (PostgreSQL
    and the job queue come with ``rapport[team]``): one line saying what to install."""

    status_code = 500
    exit_code = 1


def require_team_extra(module: str) -> None:
    """Raise :class:`MissingExtra` unless ``module`` (``psycopg``, ``procrastinate``) can
    be imported; cheap (looks the module up without importing it)."""
    from importlib.util import find_spec

    if find_spec(module) is None:
        raise MissingExtra(TEAM_EXTRA, module=module)
