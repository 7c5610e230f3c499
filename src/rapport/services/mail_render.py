"""The digest and reminders as e-mail text: plain text and HTML from the Jinja2 templates in
``mail_templates/``, in the digest's language (the ``mail`` translation domain), dates and
times written for the user's time zone and locale."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from zoneinfo import ZoneInfo

from rapport.domain.digest import Digest, Reminder
from rapport.i18n import BABEL_LOCALES, translations
from rapport.texts import N_

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent / "mail_templates"
DOMAIN = "mail"

L_SUBJECT = N_("Rapport: your day, {date}")
L_PROMISE = N_("Promise due {when}: {text} ({client})")
L_MEETING = N_("Meeting at {when}: {client}")
L_REMINDER_SUBJECT = N_("Reminder: {title}")
L_PROMISE_SUBJECT = N_("Reminder: {text} ({client}), due {when}")
L_MEETING_SUBJECT = N_("Reminder: meeting with {client}, {when}")
L_TODAY_AT = N_("today at {time}")
L_YESTERDAY_AT = N_("yesterday at {time}")
L_TOMORROW_AT = N_("tomorrow at {time}")
L_DAY_AT = N_("{date} at {time}")
L_AGENDA = N_("Agenda")


def t(lang: str, message: str) -> str:
    return translations(DOMAIN, lang).gettext(message)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def long_date(day: Any, lang: str) -> str:
    """The digest's day as a letter writes it: Tuesday 8 December, 12月8日（火）, thứ Ba,
    ngày 08/12/2026, 12月8日（周二）, tirsdag 8. desember (the drafts' style)."""
    from rapport.drafts import date_text

    return date_text(day, lang, today=day)


def _medium_date(day: Any, lang: str, today: Any = None) -> str:
    from rapport.drafts import date_text

    return date_text(day, lang, today=today or day)


def short_time(moment: datetime, zone: ZoneInfo, lang: str) -> str:
    """The time of day, 24-hour in every language: 09:00, 9:00 (ja), 09.00 (nb: the
    messages around it say "kl.")."""
    from rapport.drafts import clock_text

    return clock_text(moment, lang, zone.key).removeprefix("kl. ")


def when_text(moment: datetime, zone: ZoneInfo, lang: str, *, today: Any = None) -> str:
    """A moment named by its day, never a bare time: "today at 14:00", "yesterday at
    09:00", "tomorrow at 10:00", otherwise "Sunday 6 December at 09:00" (each language's
    own wording)."""
    local = moment.astimezone(zone)
    if today is None:
        today = datetime.now(zone).date()
    clock = short_time(moment, zone, lang)
    days = (local.date() - today).days
    named = {0: L_TODAY_AT, -1: L_YESTERDAY_AT, 1: L_TOMORROW_AT}.get(days)
    if named is not None:
        return t(lang, named).format(time=clock)
    return t(lang, L_DAY_AT).format(date=_medium_date(local.date(), lang, today), time=clock)


def decimal_text(value: float, lang: str) -> str:
    """One decimal with the language's separator: 4.5, 4,5 (nb, vi)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.0", locale=BABEL_LOCALES[lang])


@cache
def _environment(lang: str, html: bool) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
    from jinja2.runtime import Context

    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=html,
    )
    lookup = translations(DOMAIN, lang).gettext

    @pass_context
    def gettext(_ctx: Context, message: str, **values: Any) -> str:
        text = lookup(message)
        if html:
            from markupsafe import Markup, escape

            marked = Markup(escape(text))  # the values are escaped by Markup's %
            return marked % values if values else marked
        return text % values if values else text

    env.globals["_"] = gettext
    env.globals["gettext"] = gettext
    return env


class DigestContext(TypedDict):
    """What the digest's e-mail templates are given: the digest, the reader's language and
    name, the day in words, the link to Today, and the formatters for times, dates, the
    "and N more" counts and trust scores in that language and zone."""

    d: Digest
    lang: str
    me: str
    day: str
    url: str
    at: Callable[[datetime], str]
    clock: Callable[[datetime], str]
    date: Callable[[datetime | None], str]
    more: Callable[[str, int], int]
    trust: Callable[[float], str]


def _context(digest: Digest, me: str, base_url: str) -> DigestContext:
    lang = digest.language
    zone = _zone(digest.time_zone)
    return {
        "d": digest,
        "lang": lang,
        "me": me.strip(),
        "day": long_date(digest.day, lang),
        "url": base_url.rstrip("/") + "/today",
        "at": lambda moment: when_text(moment, zone, lang, today=digest.day),
        "clock": lambda moment: ("kl. " if lang == "nb" else "") + short_time(moment, zone, lang),
        "date": lambda moment: (
            _medium_date(moment.astimezone(zone).date(), lang, digest.day) if moment else ""
        ),
        "more": lambda key, shown: max(0, int(digest.counts.get(key, 0)) - shown),
        "trust": lambda value: decimal_text(value, lang),
    }


def render_digest(digest: Digest, me: str, base_url: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of ``digest``."""
    context = _context(digest, me, base_url)
    lang = digest.language
    subject = t(lang, L_SUBJECT).format(date=context["day"])
    text = _environment(lang, False).get_template("digest.txt.jinja").render(context)
    html = _environment(lang, True).get_template("digest.html.jinja").render(context)
    return subject, text, html


def render_digest_body(digest: Digest, base_url: str) -> str:
    """The digest's sections as HTML (the e-mail's body, shown on the Digest page)."""
    return (
        _environment(digest.language, True)
        .get_template("digest_body.html.jinja")
        .render(_context(digest, "", base_url))
    )


def reminder_payload(
    reminder: Reminder, lang: str, zone: ZoneInfo, today: Any = None
) -> dict[str, str]:
    """What a reminder says, by e-mail and in the browser: ``title``, ``body``, ``url``,
    ``subject`` and ``text`` (the e-mail's). The due time names its day ("today at 11:00")
    as seen on ``today`` (default: the local day now)."""
    when = when_text(reminder.due_at, zone, lang, today=today)
    if reminder.kind == "promise":
        title = t(lang, L_PROMISE).format(when=when, text=reminder.text, client=reminder.client)
        subject = t(lang, L_PROMISE_SUBJECT).format(
            when=when, text=reminder.text, client=reminder.client
        )
        body = ""
    else:
        clock = short_time(reminder.due_at, zone, lang)
        title = t(lang, L_MEETING).format(when=clock, client=reminder.client)
        subject = t(lang, L_MEETING_SUBJECT).format(when=when, client=reminder.client)
        lines = [reminder.text] if reminder.text else []
        if reminder.agenda:
            lines.append(t(lang, L_AGENDA) + ":")
            minutes = t(lang, "%(minutes)s min")
            lines += [
                f"- {item.title} ({minutes % {'minutes': item.minutes}})"
                for item in reminder.agenda
            ]
        body = "\n".join(lines)
    url = "/today"
    text = "\n\n".join(part for part in (title, body) if part) + "\n"
    return {
        "title": title,
        "body": body,
        "url": url,
        "subject": subject,
        "text": text,
    }
