"""Drafted messages: Jinja2 templates translated with the ``drafts`` Babel catalogs.

Every template starts with its subject line, then a blank line, then the body. Texts are
marked with ``_()`` (new-style gettext, ``%(name)s`` placeholders) and come from the catalog
of the language asked for; dates, times and durations are formatted with Babel in that
language and in the client's time zone. :func:`render` returns a :class:`Draft`;
:func:`to_eml` turns it into an RFC 5322 message with UTF-8 headers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rapport.domain.model import LANGUAGES
from rapport.i18n import BABEL_LOCALES, translations

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"

KINDS: tuple[str, ...] = (
    "shorten",
    "call",
    "email",
    "delegate",
    "boundary_reset",
    "redirect",
    "wrap_up",
    "deviation",
    "early_notice",
    "check_in",
    "feedback",
    "reschedule",
)
"""Every kind of draft (``reschedule`` serves meeting triage)."""

SPOKEN: frozenset[str] = frozenset({"boundary_reset", "redirect", "wrap_up"})
"""Kinds that are phrases to say in a meeting, not letters (no greeting or sign-off)."""


@dataclass(frozen=True, slots=True)
class Promise:
    text: str
    due_at: datetime


@dataclass(slots=True)
class DraftInput:
    """What a draft is filled with; the service gathers it from the workspace."""

    client_name: str
    contact_name: str | None = None
    to_email: str | None = None
    me: str = "Me"
    timezone: str = "UTC"
    start: datetime | None = None
    minutes: int | None = None
    new_date: datetime | None = None
    promise: Promise | None = None
    colleague: str | None = None
    reason: str | None = None
    topic: str | None = None
    group: bool = False
    reply_by: date | None = None


@dataclass(slots=True)
class Draft:
    kind: str
    language: str
    subject: str
    body: str
    to: str | None = None
    to_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """Copy-friendly text: the subject, a blank line, the body."""
        return f"{self.subject}\n\n{self.body}"


@dataclass(frozen=True, slots=True)
class BriefingInput:
    client_name: str
    tier: str
    revenue_share: float
    client_language: str
    timezone: str
    contact_name: str | None
    start: datetime | None
    minutes: int | None
    purpose: str
    agenda: list[tuple[str, int]]
    promises: list[Promise]
    answers: str
    answer_by: date


class DraftError(ValueError):
    """A draft cannot be filled: a value it needs is missing."""


def _new_environment() -> Environment:
    """Jinja2 (imported on first use: drafting is not needed by every command)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


@cache
def _environment(lang: str) -> Environment:
    env = _new_environment()
    env.install_gettext_translations(translations("drafts", lang), newstyle=True)  # type: ignore[attr-defined]
    return env


@cache
def _strict_environment(lang: str, gettext: Callable[[str], str]) -> Environment:
    env = _new_environment()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, lambda s, p, n: gettext(s if n == 1 else p), newstyle=True
    )
    return env


def duration_text(minutes: int, lang: str, *, hours: bool = True) -> str:
    """45 minutes / 45 分 / 1 hour / 2 timer ... (whole hours as hours unless ``hours`` is
    false, else minutes)."""
    from babel.dates import format_timedelta

    locale = BABEL_LOCALES[lang]
    if hours and minutes >= 60 and minutes % 60 == 0:
        text = format_timedelta(
            timedelta(hours=minutes // 60), granularity="hour", format="long", locale=locale
        )
    else:
        text = format_timedelta(
            timedelta(minutes=minutes),
            threshold=10_000,
            granularity="minute",
            format="long",
            locale=locale,
        )
    if lang in ("ja", "zh-Hans"):
        text = text.replace(" ", "")  # CLDR writes "30 分"; "30分" reads naturally
    return text


def datetime_text(moment: datetime, lang: str, zone: str) -> str:
    """A date and time in the language and the time zone given (zone named)."""
    from babel.dates import format_date
    from babel.dates import format_datetime as babel_datetime

    local = moment.astimezone(ZoneInfo(zone))
    locale = BABEL_LOCALES[lang]
    day = format_date(local.date(), "full", locale=locale)
    clock = babel_datetime(local, "HH:mm zzzz", locale=locale)
    return f"{day} {clock}"


def date_text(day: date | datetime, lang: str, zone: str | None = None) -> str:
    from babel.dates import format_date

    if isinstance(day, datetime):
        day = day.astimezone(ZoneInfo(zone)).date() if zone else day.date()
    return format_date(day, "long", locale=BABEL_LOCALES[lang])


def _values(kind: str, data: DraftInput, lang: str) -> dict[str, Any]:
    zone = data.timezone
    values: dict[str, Any] = {
        "contact": data.contact_name or data.client_name,
        "company": data.client_name if data.contact_name else "",
        "lang": lang,
        "client": data.client_name,
        "me": data.me,
        "when": datetime_text(data.start, lang, zone) if data.start else "",
        "group": data.group,
        "topic": data.topic or "",
        "next_date": date_text(data.new_date, lang, zone) if data.new_date else "",
        "new_date": date_text(data.new_date, lang, zone) if data.new_date else "",
        "reason": data.reason or "",
        "colleague": data.colleague or "",
        "reply_by": date_text(data.reply_by, lang) if data.reply_by else "",
        "length": duration_text(data.minutes, lang) if data.minutes else "",
    }
    needs = {
        "boundary_reset": ("minutes",),
        "early_notice": ("promise", "new_date"),
        "email": ("reply_by",),
    }
    flags = {
        "minutes": "--minutes",
        "colleague": "--colleague",
        "reason": "--reason",
        "promise": "--commitment",
        "new_date": "--new-date",
        "reply_by": "--reply-by",
    }
    for name in needs.get(kind, ()):
        if getattr(data, name) in (None, ""):
            raise DraftError(f"a {kind} draft needs {flags[name]}")
    if data.promise is not None:
        values["item"] = data.promise.text
        values["due"] = date_text(data.promise.due_at, lang, zone)
    return values


def render(
    kind: str,
    lang: str,
    data: DraftInput,
    *,
    gettext: Callable[[str], str] | None = None,
) -> Draft:
    """Fill the ``kind`` template in ``lang``. ``gettext`` replaces the catalog (tests use a
    strict one that fails on a missing translation)."""
    if kind not in KINDS:
        raise DraftError(f"unknown draft kind {kind!r}: use one of {', '.join(KINDS)}")
    if lang not in LANGUAGES:
        raise DraftError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    env = _environment(lang) if gettext is None else _strict_environment(lang, gettext)
    text = env.get_template(f"{kind}.jinja").render(**_values(kind, data, lang))
    subject, body = _split(text)
    return Draft(
        kind=kind,
        language=lang,
        subject=subject,
        body=body,
        to=data.to_email,
        to_name=data.contact_name or data.client_name,
    )


def render_template(name: str, lang: str, **values: Any) -> str:
    """Render one of the templates with the ``drafts`` catalog of ``lang``."""
    return _tidy(_environment(lang).get_template(name).render(lang=lang, **values))


def render_briefing(
    lang: str, data: BriefingInput, *, gettext: Callable[[str], str] | None = None
) -> str:
    """The colleague's briefing for a meeting they attend in your place."""
    env = _environment(lang) if gettext is None else _strict_environment(lang, gettext)
    from rapport.i18n import LANGUAGE_NAMES

    text = env.get_template("delegate_briefing.jinja").render(
        client=data.client_name,
        tier=data.tier,
        share=f"{round(data.revenue_share * 100)}%",
        language=LANGUAGE_NAMES.get(data.client_language, data.client_language),
        timezone=data.timezone,
        contact=data.contact_name or "",
        when=datetime_text(data.start, lang, data.timezone) if data.start else "",
        length=duration_text(data.minutes, lang) if data.minutes else "",
        purpose=data.purpose,
        agenda=[{"item": item, "length": duration_text(m, lang)} for item, m in data.agenda],
        promises=[
            {"text": p.text, "due": date_text(p.due_at, lang, data.timezone)} for p in data.promises
        ],
        answers=data.answers,
        answer_by=date_text(data.answer_by, lang),
    )
    return _tidy(text)


def _split(text: str) -> tuple[str, str]:
    subject, _, body = text.strip().partition("\n")
    return subject.strip(), _tidy(body)


def _tidy(text: str) -> str:
    """Trim lines, keep single blank lines between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def to_eml(
    draft: Draft,
    *,
    sender_name: str,
    sender_email: str | None = None,
    when: datetime | None = None,
) -> bytes:
    """The draft as an .eml file: UTF-8 body, RFC 2047-encoded headers where needed."""
    message = EmailMessage(policy=SMTP)
    message["Subject"] = draft.subject
    if sender_email:  # without one, the mail program fills From when the draft is opened
        message["From"] = Address(sender_name, addr_spec=sender_email)
    if draft.to:
        message["To"] = Address(draft.to_name or "", addr_spec=draft.to)
    message["Date"] = format_datetime(when or datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain="rapport.invalid")
    message["Content-Language"] = draft.language
    message["X-Unsent"] = "1"
    message.set_content(draft.body, charset="utf-8", cte="8bit")
    return message.as_bytes()
