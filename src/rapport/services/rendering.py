"""Rendering the core's messages in the user's language (the ``trust`` domain)."""

from __future__ import annotations

from typing import Any

from rapport.domain.messages import Message, Param
from rapport.domain.trust import BAND_MEANINGS, BAND_NAMES, band, readable_score
from rapport.domain.validation import check_language
from rapport.i18n import babel_locale, gettext

DOMAIN = "trust"


def language(code: str | None, default: str = "en") -> str:
    """The canonical language tag for ``code`` (InvalidInputError when unknown)."""
    return check_language(code or default)


def tr(text: str, lang: str) -> str:
    """``text`` (an English msgid of the trust domain) in ``lang``."""
    return gettext(DOMAIN, lang, text)


def _param(value: Param, lang: str) -> str:
    from babel.numbers import format_decimal

    if isinstance(value, str):
        return tr(value, lang)
    return format_decimal(value, locale=babel_locale(lang))


def render(message: Message, lang: str) -> str:
    """The message in ``lang``, numbers formatted for that language."""
    if lang == "en":
        return message.text
    return tr(message.key, lang).format(**{k: _param(v, lang) for k, v in message.params.items()})


def message_json(message: Message, lang: str) -> dict[str, object]:
    """``text`` in ``lang`` plus the English ``key`` and its ``params``."""
    return {"text": render(message, lang), "key": message.key, "params": dict(message.params)}


def score_json(value: float, lang: str) -> dict[str, Any]:
    """The equation's value on the readable scale: ``score`` 0..10, its ``band`` (key) and
    the band's word and meaning in ``lang`` (docs/trust.md, "The readable score")."""
    score = readable_score(value)
    found = band(score)
    return {
        "score": score,
        "scale": 10,
        "band": found.value,
        "band_name": tr(BAND_NAMES[found], lang),
        "band_meaning": tr(BAND_MEANINGS[found], lang),
    }
