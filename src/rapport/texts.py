"""Translatable texts: an English template (the msgid) with the values that fill it.

Every text that reaches a user in their language is a :class:`Text`: an error's message, a
trust explanation, an agenda title, an import problem. The template is English, with
``{name}`` placeholders, and is the msgid of a translation domain; ``params`` fill the
placeholders, and a value that is itself a :class:`Text` is rendered in the same language.
:attr:`Text.english` is the text in English; :func:`rapport.i18n.render` renders it in any
language (the one renderer).

:func:`N_` marks a string for extraction (``python scripts/messages.py DOMAIN``, where the
mapping ``babel/DOMAIN.cfg`` says which files belong to the domain) and returns it
unchanged; :func:`ngettext` marks a message with a singular and a plural form. Every module
imports both from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for extraction; return it unchanged (it is translated where it is
    shown)."""
    return message


@dataclass(frozen=True, slots=True)
class Plural:
    """The other form of a message with a plural: its English ``singular`` form and the
    parameter (``count``) whose number chooses the form."""

    singular: str
    count: str


_PLURALS: dict[str, Plural] = {}
"""Messages with a plural, by their plural template (the message's template)."""


def ngettext(singular: str, plural: str, count: str) -> str:
    """Mark a message with a singular and a plural form for extraction; the parameter named
    ``count`` chooses the form. Returns the plural template: a :class:`Text` made with it
    knows its singular form."""
    _PLURALS[plural] = Plural(singular, count)
    return plural


Param = int | float | str
"""A value the core's messages carry (a number or a msgid), as their JSON shows it."""


@dataclass(frozen=True, slots=True)
class Text:
    """An English template with ``{name}`` placeholders and the values that fill them (a
    value that is itself a :class:`Text` is rendered in the same language); a template
    marked with :func:`ngettext` carries its singular form in ``plural``."""

    template: str
    """The English template: the msgid (of a plural message, the plural form)."""
    params: dict[str, Any] = field(default_factory=dict)
    """The values of the placeholders: numbers, strings, or texts rendered in turn."""
    plural: Plural | None = None
    """The singular form and the count parameter; found from :func:`ngettext` when not
    given."""

    def __post_init__(self) -> None:
        if self.plural is None and self.template in _PLURALS:
            object.__setattr__(self, "plural", _PLURALS[self.template])

    @classmethod
    def joined(cls, texts: Iterable[Text], separator: str) -> Text:
        """One text made of ``texts`` one after another, each rendered in the same language."""
        parts = {f"part{n}": text for n, text in enumerate(texts)}
        return cls(separator.join("{" + key + "}" for key in parts), dict(parts))

    @property
    def form(self) -> str:
        """The English template to fill: the singular form when the count is 1."""
        if self.plural is not None and self.params.get(self.plural.count) == 1:
            return self.plural.singular
        return self.template

    @property
    def english(self) -> str:
        """The text in English, its values as they are."""
        if not self.params:
            return self.form
        values = {k: v.english if isinstance(v, Text) else v for k, v in self.params.items()}
        return self.form.format(**values)
