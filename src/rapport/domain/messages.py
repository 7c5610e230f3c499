"""Texts that reach users from the pure core: an English template plus its parameters.

The English template is the msgid of the ``trust`` translation domain; adapters render it
in the user's language with :func:`rapport.i18n.gettext` and ``str.format(**params)``.
``N_`` only marks a string for extraction (``python scripts/messages.py trust``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Mark ``message`` for extraction; return it unchanged."""
    return message


Param = int | float | str

PLURALS: dict[str, tuple[str, str, str]] = {}
"""Messages with a plural: key (the plural template) -> (singular, plural, count param)."""


def ngettext(singular: str, plural: str, count: str) -> str:
    """Mark a message with a singular and a plural form for extraction; the parameter named
    ``count`` chooses the form. Returns the plural template, the message's key."""
    PLURALS[plural] = (singular, plural, count)
    return plural


@dataclass(frozen=True, slots=True)
class Message:
    key: str
    """The English template (the translation msgid), with ``{name}`` placeholders."""
    params: dict[str, Param] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The English text (the singular form when the count is 1)."""
        if self.key in PLURALS:
            singular, plural, count = PLURALS[self.key]
            return (singular if self.params.get(count) == 1 else plural).format(**self.params)
        return self.key.format(**self.params)
