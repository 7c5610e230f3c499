"""Jinja2 templates in five languages: one Environment per language, built once.

Each environment has the ``web`` Babel catalog installed (``jinja2.ext.i18n``, new-style
gettext) and filters that format dates, numbers and money with Babel in that language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from rapport import __version__
from rapport.clock import now
from rapport.domain import trust
from rapport.domain.conversation import UNKNOWN_SPEAKER
from rapport.domain.model import LANGUAGES
from rapport.i18n import LANGUAGE_NAMES, babel_locale, gettext, translations
from rapport.services.rendering import tr
from rapport.texts import N_
from rapport.web.pages import language as language_choice
from rapport.web.pages.plotly_styles import bundled_style_ids

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
DOMAIN = "web"


NAV_ITEMS: list[tuple[str, str, str]] = [
    ("today", "/today", N_("Today")),
    ("clients", "/clients", N_("Clients")),
    ("triage", "/meetings/triage", N_("Meeting request")),
    ("agenda", "/meetings/agenda", N_("Agenda")),
    ("transcripts", "/transcripts", N_("Transcripts")),
    ("portfolio", "/portfolio", N_("Portfolio")),
    ("assessment", "/assessment", N_("Self-assessment")),
]
"""The main navigation: (section key, address, label)."""


def ui_text(lang: str) -> Callable[[str], str]:
    """The gettext of the web catalog in ``lang`` (bind it to ``_`` to mark messages)."""
    return translations(DOMAIN, lang).gettext


def _zone(ctx: Context) -> ZoneInfo:
    return ZoneInfo(str(ctx.get("tz") or "UTC"))


def _format_date(
    lang: str, ctx: Context, value: date | datetime | None, fmt: str = "medium"
) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(_zone(ctx)).date()
    return babel_dates.format_date(value, format=fmt, locale=babel_locale(lang))


def _format_datetime(lang: str, ctx: Context, value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    locale = babel_locale(lang)
    moment = value.astimezone(_zone(ctx))
    day = babel_dates.format_date(moment.date(), format=fmt, locale=locale)
    clock = babel_dates.format_time(moment.time(), format="short", locale=locale)
    return f"{day} {clock}"


def _due(lang: str, ctx: Context, value: datetime | None) -> str:
    """When a promise is due, in whole calendar days of the page's time zone: "due today",
    "due in 3 days", "2 days overdue" (see ``rendering.due_phrase``)."""
    from rapport.services.rendering import due_phrase

    if value is None:
        return ""
    return due_phrase(value, now(), str(ctx.get("tz") or "UTC"), lang)


def _ago(lang: str, value: datetime | None) -> str:
    if value is None:
        return ""
    return babel_dates.format_timedelta(
        value - now(), add_direction=True, threshold=1.0, locale=babel_locale(lang)
    )


@cache
def _pattern(text: str) -> Any:
    """A parsed number pattern (Babel parses the text again on every call otherwise)."""
    return babel_numbers.parse_pattern(text)


def _number(lang: str, value: float | int | Decimal | None, digits: int = 0) -> str:
    if value is None:
        return ""
    if not digits and isinstance(value, int) and -1000 < value < 1000:
        return str(value)  # no grouping, and all five languages write Latin digits
    pattern = _pattern("#,##0" + ("." + "0" * digits if digits else ""))
    return str(pattern.apply(value, babel_locale(lang)))


def _percent(lang: str, value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    pattern = _pattern("#,##0" + ("." + "0" * digits if digits else "") + "%")
    return str(pattern.apply(value, babel_locale(lang)))


def _money(lang: str, value: Decimal | float | None, currency: str = "EUR") -> str:
    if value is None:
        return ""
    return babel_numbers.format_currency(
        value, currency, locale=babel_locale(lang), format_type="standard"
    )


def _join_list(lang: str, values: Any) -> str:
    """A list in the language's own way ("a, b and c", "a、b、c")."""
    return babel_lists.format_list([str(v) for v in values], locale=babel_locale(lang))


def _label(lang: str, value: Any, mapping: Mapping[Any, str]) -> str:
    """The translated display name of ``value`` in ``mapping`` (see pages/labels.py)."""
    return ui_text(lang)(mapping[value])


def _term(lang: str, group: str, value: Any) -> str:
    """The display name of an identifier in ``lang`` (the ``terms`` catalog)."""
    from rapport.services.rendering import label

    return label(group, value, lang)


UNKNOWN_SPEAKER_NAME = N_("Unknown speaker")


def speaker_name(lang: str, value: str | None) -> str:
    """A transcript speaker for display: a cue without a speaker (``None`` in the
    utterances, ``(unknown)`` in per-speaker figures) is "Unknown speaker" in ``lang``."""
    if value is None or value == UNKNOWN_SPEAKER:
        return ui_text(lang)(UNKNOWN_SPEAKER_NAME)
    return value


def separators(lang: str) -> str:
    """Decimal mark and group separator, as plotly's ``layout.separators`` wants them."""
    locale = babel_locale(lang)
    return babel_numbers.get_decimal_symbol(locale) + babel_numbers.get_group_symbol(locale)


@cache
def environment(lang: str) -> Environment:
    """The template environment for one language (built on first use, then reused)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(DOMAIN, lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = pass_context(partial(_format_date, lang))
    env.filters["datetime"] = pass_context(partial(_format_datetime, lang))
    env.filters["ago"] = partial(_ago, lang)
    env.filters["due"] = pass_context(partial(_due, lang))
    env.filters["number"] = partial(_number, lang)
    env.filters["percent"] = partial(_percent, lang)
    env.filters["money"] = partial(_money, lang)
    env.filters["join_list"] = partial(_join_list, lang)
    env.filters["label"] = partial(_label, lang)
    env.filters["speaker"] = partial(speaker_name, lang)
    env.filters["trust_score"] = trust.readable_score  # the equation's value on 0..10
    env.filters["trust_band"] = partial(_trust_band, lang)  # its band's word, translated
    env.globals.update(
        lang=lang,
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        version=__version__,
        nav_items=NAV_ITEMS,
        separators=separators(lang),
        language_name=LANGUAGE_NAMES.get,
        auth_text=partial(gettext, "auth", lang),  # login/logout texts (rapport.web.auth)
        sync_text=partial(gettext, "sync", lang),  # calendar sync (rapport.web.integrations)
        mail_text=partial(gettext, "mail", lang),  # mail and the digest (rapport.web.pages.mail)
        plotly_style_ids=bundled_style_ids,  # pages with charts (macros.html)
        term=partial(_term, lang),  # display names of identifiers (rapport.domain.labels)
    )
    return env


def _trust_band(lang: str, value: float) -> str:
    """The band word of the equation's value ``value`` ("fair"), in ``lang``."""
    return tr(trust.BAND_NAMES[trust.band(trust.readable_score(value))], lang)


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    lang: str | None = None,
) -> HTMLResponse:
    """Render a page in the request's language. A valid ``?lang=`` is also saved in the
    language cookie, so the choice sticks."""
    chosen = lang or current_language(request)
    settings = request.app.state.container.settings
    values = {
        "request": request,
        "tz": settings.timezone,
        # the first visit leads to the settings page until the name is set (docs/settings.md)
        "name_missing": not settings.me.strip(),
        **(context or {}),
    }
    html = environment(chosen).get_template(template).render(values)
    response = HTMLResponse(html, status_code=status_code)
    asked = language_choice.requested(request)
    if asked and request.cookies.get(language_choice.COOKIE) != asked:
        response.set_cookie(language_choice.COOKIE, asked, max_age=365 * 24 * 3600, samesite="lax")
    return response


def current_language(request: Request) -> str:
    settings = request.app.state.container.settings
    return language_choice.page_language(request, default=settings.language)
