"""Rendering the core's messages in the user's language (the ``trust`` domain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rapport.domain import trust as _trust  # noqa: F401  (marks its plural messages)
from rapport.domain.trust import BAND_MEANINGS, BAND_NAMES, band, readable_score
from rapport.domain.validation import check_language
from rapport.i18n import babel_locale, gettext, template
from rapport.i18n import render as render_text
from rapport.texts import Text

DOMAIN = "trust"


def language(code: str | None, default: str = "en") -> str:
    """The canonical language tag for ``code`` (InvalidInputError when unknown)."""
    return check_language(code or default)


def tr(text: str, lang: str) -> str:
    """``text`` (an English msgid of the trust domain) in ``lang``."""
    return gettext(DOMAIN, lang, text)


def render(message: Text, lang: str) -> str:
    """The core's message in ``lang``, numbers formatted for that language."""
    return render_text(message, lang, DOMAIN, localize_values=True)


def message_json(message: Text, lang: str) -> dict[str, object]:
    """``text`` in ``lang`` plus the English ``key`` (the template) and its ``params``."""
    return {"text": render(message, lang), "key": message.template, "params": dict(message.params)}


TERMS = "terms"
"""The catalog of display names for identifiers (``rapport.domain.labels``)."""


def label(group: str, value: object, lang: str) -> str:
    """The display name of the identifier ``value`` (an enum, a string, a boolean) of
    ``group`` in ``lang``; text that is no identifier of the group is shown as it is."""
    from rapport.domain.labels import english

    return gettext(TERMS, lang, english(group, value))


def plural(message: str, n: int, lang: str) -> str:
    """A message of the ``terms`` catalog with a plural (``ngettext``, counted by
    ``{count}``) for ``n``, its count written as a number of ``lang`` (in English too)."""
    text = Text(message, {"count": n})
    form = text.form if lang == "en" else template(text, lang, TERMS)
    return form.format(count=number(n, lang))


def number(value: float | int, lang: str, digits: int | None = None) -> str:
    """``value`` written the way ``lang`` writes numbers (decimal comma in nb and vi),
    with ``digits`` decimals when given."""
    from babel.numbers import format_decimal

    if digits is None:
        return format_decimal(value, locale=babel_locale(lang))
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=babel_locale(lang))


def signed(value: float | int, lang: str, digits: int = 0) -> str:
    """``number`` with an explicit sign (``+0.50``, ``−1,2``)."""
    text = number(abs(value), lang, digits)
    return ("+" if value >= 0 else "\u2212") + text


def due_phrase(due: datetime, at: datetime, zone: str, lang: str) -> str:
    """When ``due`` is, seen at ``at`` in the time zone ``zone``, in whole calendar days:
    "due today", "due tomorrow", "due in 3 days", "due earlier today", "1 day overdue"."""
    from zoneinfo import ZoneInfo

    from rapport.domain import labels

    tz = ZoneInfo(zone)
    days = (due.astimezone(tz).date() - at.astimezone(tz).date()).days
    if days == 0:
        return gettext(TERMS, lang, labels.DUE_EARLIER_TODAY if due < at else labels.DUE_TODAY)
    if days == 1:
        return gettext(TERMS, lang, labels.DUE_TOMORROW)
    if days > 1:
        return plural(labels.DUE_IN_DAYS, days, lang)
    return plural(labels.DAYS_OVERDUE, -days, lang)


@dataclass(frozen=True, slots=True)
class ReadableScore:
    """The equation's value on the readable scale: ``score`` 0..10 of ``scale``, its
    ``band`` (key) and the band's word and meaning in one language."""

    score: float
    scale: int
    band: str
    band_name: str
    band_meaning: str


def readable(value: float, lang: str) -> ReadableScore:
    """The equation's value on the readable scale in ``lang`` (docs/trust.md, "The
    readable score")."""
    score = readable_score(value)
    found = band(score)
    return ReadableScore(
        score=score,
        scale=10,
        band=found.value,
        band_name=tr(BAND_NAMES[found], lang),
        band_meaning=tr(BAND_MEANINGS[found], lang),
    )
