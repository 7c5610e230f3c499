"""Errors that carry their meaning.

Every error a user can cause is a :class:`RapportError`. The CLI turns it into one line on
stderr and a non-zero exit; the web layer turns it into a 4xx response. Anything else is a
bug: it stays a 500 and is logged, never disguised as a user error.

An error may be raised with an English *template* and its parameters,
``InvalidInputError(N_("not a date: {text} (use YYYY-MM-DD)"), text=repr(raw))``: its
:attr:`~RapportError.message` is the English text (what logs and the API's ``detail`` show),
and :meth:`~RapportError.localized` renders it in another language from the template's
translation (the ``cli`` translation domain). An error raised with a plain string stays
English everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the ``cli`` domain; return it unchanged."""
    return message


NO_CLIENT_NAMED = N_("no client named {name}")
NO_CLIENT_NAMED_HINT = N_("no client named {name} (did you mean {suggestion}?)")
"""Shared by the workspace (``rapport clients show Nope``) and the importers."""
FIELD_ERROR = N_("{field}: {error}")
"""An error about one field, option or column: ``start: not a date ...``."""

Translate = Callable[[str], str]
"""Maps an English template (a msgid) to its translation, or returns it unchanged."""


@dataclass(frozen=True, slots=True)
class Text:
    """An English template with ``{name}`` placeholders and the values that fill them (a
    value that is itself a :class:`Text` is rendered in the same language)."""

    template: str
    params: dict[str, object] = field(default_factory=dict)

    @classmethod
    def joined(cls, texts: Iterable[Text], separator: str) -> Text:
        """One text made of ``texts`` one after another, each rendered in the same language."""
        parts = {f"part{n}": text for n, text in enumerate(texts)}
        return cls(separator.join("{" + key + "}" for key in parts), dict(parts))

    @property
    def english(self) -> str:
        return self.render(lambda msgid: msgid)

    def render(self, translate: Translate) -> str:
        """The text in the language ``translate`` translates to (English when unknown)."""
        if not self.params:
            return translate(self.template)
        params = {
            k: v.render(translate) if isinstance(v, Text) else v for k, v in self.params.items()
        }
        try:
            return translate(self.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**params)


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

    def localized(self, translate: Translate) -> str:
        """The message in the language of ``translate``."""
        return self.text.render(translate)


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

    def render(self, translate: Translate) -> str:
        text = self.what.render(translate)
        return f"{self.where}: {text}" if self.where else text

    @property
    def english(self) -> str:
        return self.render(lambda msgid: msgid)


class ImportProblem(RapportError):
    """One or more problems found in an import file; nothing was written."""

    status_code = 422

    def __init__(self, problems: Iterable[str | Problem]) -> None:
        self.details = [p if isinstance(p, Problem) else Problem("", Text(p)) for p in problems]
        self.problems = [p.english for p in self.details]
        super().__init__("\n".join(self.problems))

    def localized_problems(self, translate: Translate) -> list[str]:
        return [p.render(translate) for p in self.details]


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
