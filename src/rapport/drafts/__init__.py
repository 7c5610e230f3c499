"""Drafted messages: Jinja2 templates translated with the ``drafts`` Babel catalogs.

Every template starts with its subject line, then a blank line, then the body. Texts are
marked with ``_()`` (``%(name)s`` placeholders) and come from the catalog of the language
asked for; the greeting, opening, closing and signature come from
:mod:`rapport.drafts.letters` (the form of address of the person written to and your
profile). Dates, times and durations are formatted with Babel in that language, in the
client's time zone, with the patterns of docs/drafts.md. :func:`render` returns a :class:`Draft`;
:func:`to_eml` turns it into an RFC 5322 message with UTF-8 headers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rapport.domain import addressing
from rapport.domain import draft_kinds as registry
from rapport.domain.addressing import AddressChoice
from rapport.domain.model import LANGUAGES
from rapport.drafts import letters
from rapport.drafts.letters import Writer
from rapport.i18n import BABEL_LOCALES, translations

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).parent / "templates"
"""The built-in kinds' templates (``<kind>.jinja``); a registered kind may bring its own."""

KINDS: tuple[str, ...] = registry.names()
"""The built-in kinds of draft (:data:`rapport.domain.draft_kinds.BUILT_IN`);
:func:`rapport.domain.draft_kinds.names` also lists kinds added later."""

SPOKEN: frozenset[str] = registry.spoken()
"""Built-in kinds that are phrases to say in a meeting, not letters (no greeting or
sign-off); :func:`rapport.domain.draft_kinds.spoken` also knows kinds added later."""


@dataclass(frozen=True, slots=True)
class Promise:
    text: str
    due_at: datetime


@dataclass(slots=True)
class DraftInput:
    """What a draft is filled with; the service gathers it from the workspace and the
    profile (``rapport settings``)."""

    client_name: str
    contact_name: str | None = None
    to_email: str | None = None
    me: str = ""
    """Your name (setting ``name``); empty: the draft is signed without a name."""
    timezone: str = "UTC"
    """The client's time zone: dates are written in it."""
    start: datetime | None = None
    minutes: int | None = None
    new_date: datetime | None = None
    promise: Promise | None = None
    colleague: str | None = None
    reason: str | None = None
    topic: str | None = None
    group: bool = False
    reply_by: date | None = None
    company: bool = True
    """The client is a company (else a private person)."""
    address: AddressChoice | None = None
    """How to address the contact (or the private client); None: derived."""
    writer: Writer = field(default_factory=Writer)
    writer_timezone: str | None = None
    """Your time zone: dates name the client's zone only when it differs."""
    region: str | None = None
    """"US" for a client written to in US English (month-first dates, 12-hour clock)."""
    now: datetime | None = None
    """The moment of writing (tests pin it); a promise due before it is overdue."""
    agenda: list[tuple[str, int]] = field(default_factory=list)
    """The agenda sent for the meeting, if any: drafts mention an agenda only then."""
    slots: list[datetime] = field(default_factory=list)
    """Alternative times a reschedule offers (else it asks for the client's)."""
    next_date: datetime | None = None
    """The next meeting (wrap_up); ignored unless it lies after ``start``."""


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
    writer_timezone: str | None = None
    colleague: str | None = None
    """Who reads the briefing (greeted by name)."""
    contact_address: str | None = None
    """How the colleague should address the main contact (张经理, 田中様, chị Minh Anh)."""
    writer_language: str | None = None
    """The briefing's reader's language: the client's language and zone are named only
    when they differ from it and from the writer's zone."""


class DraftError(ValueError):
    """A draft cannot be filled: a value it needs is missing."""


ADDRESS_FIELDS = ("you", "You", "peer", "Peer")
"""Placeholders every drafts message may use in a translation although its English msgid
does not: the Vietnamese pronoun of the person written to (docs/drafts-style/vi.md) and how
a colleague is named after the first mention (vi: "chị Hà"; other languages: the name)."""


def _new_environment() -> Environment:
    """Jinja2 (imported on first use: drafting is not needed by every command); templates
    from the built-in folder and those of kinds registered with their own."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader([str(f) for f in (TEMPLATES, *registry.template_folders())]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def _install(env: Environment, lookup: Callable[[str], str]) -> Environment:
    """``_()`` in the templates: the translation of a message, its ``%(name)s`` filled
    from the keyword arguments and the pronouns of the person written to."""
    from jinja2 import pass_context
    from jinja2.runtime import Context

    @pass_context
    def gettext(ctx: Context, message: str, **values: Any) -> str:
        text = lookup(message)
        filled = {name: ctx.get(name, "") for name in ADDRESS_FIELDS}
        filled.update(values)
        return text % filled

    env.globals["_"] = gettext
    env.globals["gettext"] = gettext
    env.filters["paragraphs"] = paragraphs
    return env


def paragraphs(text: str, lang: str) -> str:
    """A letter's body in paragraphs, as people write mail: the sentences of one paragraph
    (lines between blank lines) run on in one line (with a space, none in Japanese and
    Chinese); list items ("- ...") stay on their own lines."""
    joiner = "" if lang in ("ja", "zh-Hans") else " "
    out: list[str] = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        merged: list[str] = []
        for line in lines:
            if merged and not line.startswith("- ") and not merged[-1].startswith("- "):
                merged[-1] = f"{merged[-1]}{joiner}{line}"
            else:
                merged.append(line)
        if merged:
            out.append("\n".join(merged))
    return "\n\n".join(out) + "\n"


def _environment(lang: str) -> Environment:
    return _cached_environment(lang, registry.template_folders())


@cache
def _cached_environment(lang: str, _folders: tuple[Path, ...]) -> Environment:
    return _install(_new_environment(), translations("drafts", lang).gettext)


def _strict_environment(lang: str, gettext: Callable[[str], str]) -> Environment:
    return _cached_strict_environment(lang, gettext, registry.template_folders())


@cache
def _cached_strict_environment(
    lang: str, gettext: Callable[[str], str], _folders: tuple[Path, ...]
) -> Environment:
    return _install(_new_environment(), gettext)


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


VI_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _day_pattern(lang: str, with_year: bool, region: str | None) -> str:
    if lang == "ja":
        return "y年M月d日（E）" if with_year else "M月d日（E）"
    if lang == "zh-Hans":
        return "y年M月d日（E）" if with_year else "M月d日（E）"
    if lang == "nb":
        return "EEEE d. MMMM y" if with_year else "EEEE d. MMMM"
    if region == "US":
        return "EEEE, MMMM d, y" if with_year else "EEEE, MMMM d"
    return "EEEE d MMMM y" if with_year else "EEEE d MMMM"


def _babel_locale(lang: str, region: str | None) -> str:
    return "en_US" if lang == "en" and region == "US" else BABEL_LOCALES[lang]


def date_text(
    day: date | datetime,
    lang: str,
    zone: str | None = None,
    *,
    today: date | None = None,
    region: str | None = None,
) -> str:
    """A day the way the language writes it in a letter: 12月15日（火）, thứ Ba, ngày
    15/12/2026, 12月15日（周二）, tirsdag 15. desember, Tuesday 15 December (the year only
    when it is not this year; Vietnamese always writes it)."""
    from babel.dates import format_date

    if isinstance(day, datetime):
        day = day.astimezone(ZoneInfo(zone)).date() if zone else day.date()
    if lang == "vi":
        return f"{VI_WEEKDAYS[day.weekday()]}, ngày {day:%d/%m/%Y}"
    this_year = (today or datetime.now(ZoneInfo(zone or "UTC")).date()).year
    pattern = _day_pattern(lang, day.year != this_year, region)
    return format_date(day, pattern, locale=_babel_locale(lang, region))


COUNTRY_TIME: dict[str, dict[str, str]] = {
    "Europe/London": {
        "en": "(UK time)",
        "ja": "（英国時間）",
        "vi": "(giờ Anh)",
        "zh-Hans": "（英国时间）",
        "nb": "(britisk tid)",
    },
    "Europe/Oslo": {
        "en": "(Norwegian time)",
        "ja": "（ノルウェー時間）",
        "vi": "(giờ Na Uy)",
        "zh-Hans": "（挪威时间）",
        "nb": "(norsk tid)",
    },
    "Asia/Tokyo": {
        "en": "(Japan time)",
        "ja": "（日本時間）",
        "vi": "(giờ Nhật Bản)",
        "zh-Hans": "（日本时间）",
        "nb": "(japansk tid)",
    },
    "Asia/Shanghai": {
        "en": "(China time)",
        "ja": "（中国時間）",
        "vi": "(giờ Trung Quốc)",
        "zh-Hans": "（北京时间）",
        "nb": "(kinesisk tid)",
    },
    "Asia/Ho_Chi_Minh": {
        "en": "(Vietnam time)",
        "ja": "（ベトナム時間）",
        "vi": "(giờ Việt Nam)",
        "zh-Hans": "（越南时间）",
        "nb": "(vietnamesisk tid)",
    },
}
"""Zones that are a whole country's time: named by the country (UK time, 北京时间), as
people say it; other zones by their city."""


def zone_label(zone: str, lang: str) -> str:
    """The client's zone by its city: (Tokyo time), （東京時間）, (giờ Tokyo), （东京时间）,
    (tid i Tokyo)."""
    from babel.dates import get_timezone_location

    country = COUNTRY_TIME.get(zone, {}).get(lang)
    if country:
        return country
    city = get_timezone_location(ZoneInfo(zone), locale=BABEL_LOCALES[lang], return_city=True)
    if lang == "ja":
        return f"（{city}時間）"
    if lang == "zh-Hans":
        return f"（{city}时间）"
    if lang == "vi":
        return f"(giờ {city})"
    if lang == "nb":
        return f"(tid i {city})"
    return f"({city} time)"


def zone_name(zone: str, lang: str, at: datetime | None = None) -> str:
    """The zone for a client's page, named as people say it and with its UTC offset: Japan
    time, UTC+9; 日本時間、UTC+9; giờ Việt Nam, UTC+7; 北京时间，UTC+8; norsk tid, UTC+1."""
    tz = ZoneInfo(zone)
    offset = (at or datetime.now(UTC)).astimezone(tz).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    utc = "UTC" if not minutes else f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    if zone in ("UTC", "Etc/UTC", "GMT"):
        return utc
    label = zone_label(zone, lang).strip("()（）")
    comma = {"ja": "、", "zh-Hans": "，"}.get(lang, ", ")
    return f"{label}{comma}{utc}"


def same_clock(moment: datetime, zone: str, other: str | None) -> bool:
    """Whether the two zones show the same time at ``moment`` (None: not known, same)."""
    if other is None:
        return True
    return (
        moment.astimezone(ZoneInfo(zone)).utcoffset()
        == moment.astimezone(ZoneInfo(other)).utcoffset()
    )


def datetime_text(
    moment: datetime,
    lang: str,
    zone: str,
    *,
    writer_zone: str | None = None,
    today: date | None = None,
    region: str | None = None,
) -> str:
    """A date and time in the client's zone: 12月15日（火）14:00, lúc 14:00 thứ Ba, ngày
    15/12/2026, 12月15日（周二）14:00, tirsdag 15. desember kl. 14.00, Tuesday 15 December
    at 14:00. The zone is named only when the writer's shows another time."""
    from babel.dates import format_time

    local = moment.astimezone(ZoneInfo(zone))
    day = date_text(local.date(), lang, today=today, region=region)
    locale = _babel_locale(lang, region)
    if lang == "ja":
        text = f"{day}{format_time(local, 'H:mm', locale=locale)}"
    elif lang == "zh-Hans":
        text = f"{day}{format_time(local, 'HH:mm', locale=locale)}"
    elif lang == "vi":
        text = f"lúc {local:%H:%M} {day}"
    elif lang == "nb":
        text = f"{day} kl. {local:%H.%M}"
    elif region == "US":
        text = f"{day} at {format_time(local, 'h:mm a', locale=locale)}"
    else:
        text = f"{day} at {local:%H:%M}"
    if not same_clock(moment, zone, writer_zone):
        text += ("" if lang in ("ja", "zh-Hans") else " ") + zone_label(zone, lang)
    return text


def _frame(kind: str, data: DraftInput, lang: str) -> dict[str, Any]:
    """Greeting, opening, closing, signature and pronouns (rapport.drafts.letters)."""
    address = data.address
    if address is None:
        person = data.contact_name or (None if data.company else data.client_name)
        if person:
            address = addressing.default(person, lang, company=data.company)
    reader = letters.Reader(
        client=data.client_name,
        company=data.company,
        contact=data.contact_name,
        address=address,
    )
    return {
        "greeting": letters.greeting(lang, reader),
        "opening": letters.opening(lang, data.writer, long_time=kind == "check_in"),
        "closing": letters.closing(lang, reader),
        "signature": letters.signature(lang, data.writer),
        **letters.pronouns(lang, reader),
    }


def _peer(colleague: str, lang: str) -> dict[str, str]:
    """A colleague named again after the first mention: in Vietnamese the pronoun and the
    given name ("chị Hà", "anh Nam") where the given name shows which, else the full name."""
    peer = colleague
    if lang == "vi" and colleague:
        choice = addressing.default(colleague, lang, company=False)
        if choice.form in ("anh", "chi"):
            peer = f"{'anh' if choice.form == 'anh' else 'chị'} {colleague.split()[-1]}"
    return {"peer": peer, "Peer": letters.capitalised(peer) if lang == "vi" else peer}


_INPUT = {"commitment_id": "promise"}
"""Draft options whose value reaches the template under another name."""


def _values(kind: str, data: DraftInput, lang: str) -> dict[str, Any]:
    zone = data.timezone
    moment = data.now or datetime.now(UTC)
    today = moment.astimezone(ZoneInfo(zone)).date()
    day = partial(date_text, lang=lang, zone=zone, today=today, region=data.region)
    when = partial(
        datetime_text,
        lang=lang,
        zone=zone,
        writer_zone=data.writer_timezone,
        today=today,
        region=data.region,
    )
    next_date = data.next_date or (data.new_date if kind == "wrap_up" else None)
    if next_date is not None and data.start is not None and next_date <= data.start:
        next_date = None  # a "next" meeting before this one: ask for a time instead
    if next_date is not None and next_date < moment:
        next_date = None
    # Japanese builds the topic into the sentence (ライセンスに関するご質問につきましては),
    # not as a quoted label: the user's words read as their own question, not a ticket title
    topic = (data.topic or "").strip().rstrip(".。")
    values: dict[str, Any] = {
        "lang": lang,
        "client": data.client_name,
        "me": data.writer.name or data.me,
        "when": when(data.start) if data.start else "",
        "day": day(data.start) if data.start else "",
        "group": data.group,
        "topic": topic,
        "Topic": letters.capitalised(topic) if lang in ("en", "nb") else topic,
        "has_agenda": bool(data.agenda),
        "slots": [when(slot) for slot in data.slots if slot > moment],
        "next_date": day(next_date) if next_date else "",
        "new_date": day(data.new_date) if data.new_date else "",
        "reason": (data.reason or "").strip(),
        "colleague": data.colleague or "",
        **_peer(data.colleague or "", lang),
        "reply_by": day(data.reply_by) if data.reply_by else "",
        "length": (
            "an hour"  # "We have an hour today", not "1 hour"
            if lang == "en" and data.minutes == 60
            else duration_text(data.minutes, lang)
            if data.minutes
            else ""
        ),
        "overdue": False,
        "task": "",
        "thing": "",
        "Thing": "",
        "due": "",
    }
    entry = registry.get(kind)
    for name in entry.needs if entry else ():
        if getattr(data, _INPUT.get(name, name)) in (None, ""):
            raise DraftError(f"a {kind} draft needs {registry.FIELDS[name].flag}")
    if data.promise is not None:
        task, thing = letters.promise_phrase(data.promise.text, lang)
        values["task"] = task
        values["thing"] = thing
        values["Thing"] = letters.capitalised(thing) if lang in ("en", "nb") else thing
        values["due"] = day(data.promise.due_at)
        values["overdue"] = data.promise.due_at < moment
    if kind not in registry.spoken():
        values.update(_frame(kind, data, lang))
    else:
        reader = letters.Reader(data.client_name, data.company, data.contact_name, data.address)
        if data.address is None and (data.contact_name or not data.company):
            person = data.contact_name or data.client_name
            reader = letters.Reader(
                data.client_name,
                data.company,
                data.contact_name,
                addressing.default(person, lang, company=data.company),
            )
        words = letters.pronouns(lang, reader)
        if lang == "vi" and reader.address is None:  # said to the people in the room
            words = {"you": "anh chị", "You": "Anh chị"}
        values.update(words)
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
    entry = registry.get(kind)
    if entry is None:
        raise DraftError(f"unknown draft kind {kind!r}: use one of {', '.join(registry.names())}")
    if lang not in LANGUAGES:
        raise DraftError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    env = _environment(lang) if gettext is None else _strict_environment(lang, gettext)
    text = env.get_template(entry.template).render(**_values(kind, data, lang))
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
    """Render one of the templates with the ``drafts`` catalog of ``lang``. A letter
    template gets its frame from ``contact`` / ``company`` / ``me`` when no ``greeting``
    is given (the agenda email)."""
    if "greeting" not in values:
        contact = values.pop("contact", None)
        client = values.pop("company", "") or contact or ""
        data = DraftInput(
            client_name=client,
            contact_name=contact if contact != client else None,
            company=True,
            writer=values.pop("writer", None) or Writer(name=values.get("me", "") or ""),
        )
        values = {**_frame(name, data, lang), **values}
    return _tidy(_environment(lang).get_template(name).render(lang=lang, **values))


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` written in ``lang`` (Japanese, 日本語, tiếng Nhật ...)."""
    from babel import Locale

    name = Locale.parse(BABEL_LOCALES[code]).get_language_name(BABEL_LOCALES[lang]) or code
    if lang in ("vi", "nb"):
        return name[:1].lower() + name[1:]
    return name


def render_briefing(
    lang: str, data: BriefingInput, *, gettext: Callable[[str], str] | None = None
) -> str:
    """The colleague's briefing for a meeting they attend in your place (in your language)."""
    from babel.dates import get_timezone_location
    from babel.numbers import format_percent

    env = _environment(lang) if gettext is None else _strict_environment(lang, gettext)
    zone = data.timezone
    locale = BABEL_LOCALES[lang]
    moment = data.start or datetime.now(UTC)
    promises = []
    for p in data.promises:
        late = (
            moment.astimezone(ZoneInfo(zone)).date() - p.due_at.astimezone(ZoneInfo(zone)).date()
        ).days
        promises.append(
            {
                "text": p.text.strip().rstrip(".。"),  # an action item, as the user wrote it
                "due": date_text(p.due_at, lang, zone),
                "late": days_text(late, lang) if p.due_at < moment and late > 0 else "",
            }
        )
    foreign = data.client_language != lang or not same_clock(moment, zone, data.writer_timezone)
    text = env.get_template("delegate_briefing.jinja").render(
        lang=lang,
        client=data.client_name,
        tier=data.tier,
        share=format_percent(round(data.revenue_share, 2), locale=locale),
        language=language_name(data.client_language, lang),
        timezone=(
            COUNTRY_TIME.get(zone, {}).get(lang, "").strip("()（）")
            or get_timezone_location(ZoneInfo(zone), locale=locale, return_city=True)
        ),
        foreign=foreign,
        colleague=first_name(data.colleague, lang) if data.colleague else "",
        contact=data.contact_name or "",
        contact_address=(
            data.contact_address
            if data.contact_address and data.contact_address != data.contact_name
            else ""
        ),
        when=(
            # after the label "Thời gian:" Vietnamese drops the "lúc"
            datetime_text(data.start, lang, zone, writer_zone=data.writer_timezone).removeprefix(
                "lúc "
            )
            if data.start
            else ""
        ),
        length=duration_text(data.minutes, lang) if data.minutes else "",
        span=(
            span_text(data.start, data.minutes, lang, zone, data.writer_timezone)
            if data.start and data.minutes
            else ""
        ),
        local=(
            _local_clock(
                span_clock(data.start, data.minutes or 0, lang, data.writer_timezone), lang
            )
            if data.start
            and data.writer_timezone
            and not same_clock(data.start, zone, data.writer_timezone)
            else ""
        ),
        purpose=data.purpose,
        agenda=[{"item": item, "length": duration_text(m, lang)} for item, m in data.agenda],
        promises=promises,
        answers=data.answers,
        answer_by=date_text(data.answer_by, lang),
    )
    if lang == "zh-Hans":
        # one bracket, not two back to back: 10:00–11:00（北京时间；我们这边为凌晨3:00–4:00）
        text = text.replace("）（我们这边为", "；我们这边为")
    return _tidy(text)


def _local_clock(text: str, lang: str) -> str:
    """The colleague's own clock; Chinese writes 凌晨3:00, not 凌晨03:00."""
    if lang == "zh-Hans":
        return re.sub(r"(?<!\d)0(\d:)", r"\1", text)
    return text


def span_text(start: datetime, minutes: int, lang: str, zone: str, writer_zone: str | None) -> str:
    """The meeting as a time range in the client's zone: Tuesday 15 December, 10:00–11:00
    UK time; 12月15日（火）10:00〜11:00; kl. 10.00–11.00."""
    text = datetime_text(start, lang, zone, writer_zone=writer_zone).removeprefix("lúc ")
    first = clock_text(start, lang, zone).removeprefix("kl. ")
    if lang == "ja":
        first = f"{start.astimezone(ZoneInfo(zone)).hour}:{start.astimezone(ZoneInfo(zone)):%M}"
    end = clock_text(start + timedelta(minutes=minutes), lang, zone).removeprefix("kl. ")
    if lang == "ja":
        local_end = (start + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
        end = f"{local_end.hour}:{local_end:%M}"
    dash = "〜" if lang == "ja" else "–"
    text = text.replace(first, f"{first}{dash}{end}", 1)
    if lang == "en":
        text = text.replace(f" at {first}", f", {first}", 1)
    if lang in ("en", "vi") and text.endswith(")") and " (" in text:
        head, _, label = text.rpartition(" (")  # "(UK time)" → "UK time": the local time
        text = f"{head} {label[:-1]}"  # follows in brackets
    return text


def span_clock(start: datetime, minutes: int, lang: str, zone: str | None) -> str:
    """The meeting's time range in the writer's zone: 11:00–12:00, kl. 11.00–12.00,
    午前2:00〜3:00 (ja names the half of the day)."""
    if zone is None:
        return ""
    end = start + timedelta(minutes=minutes)
    if lang == "ja":
        a, b = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))

        def half(moment: datetime) -> str:
            return "午前" if moment.hour < 12 else "午後"

        def twelve(moment: datetime) -> str:
            return f"{moment.hour % 12}:{moment:%M}"

        tail = twelve(b) if half(a) == half(b) else f"{half(b)}{twelve(b)}"
        return f"{half(a)}{twelve(a)}" + (f"〜{tail}" if minutes else "")
    first = clock_text(start, lang, zone)
    if lang == "zh-Hans" and start.astimezone(ZoneInfo(zone)).hour < 6:
        first = f"凌晨{first}"  # 03:00 at a glance a night hour
    if not minutes:
        return first
    return f"{first}–{clock_text(end, lang, zone).removeprefix('kl. ')}"


def clock_text(moment: datetime, lang: str, zone: str) -> str:
    """The time of day in ``zone``: 11:00, kl. 11.00."""
    local = moment.astimezone(ZoneInfo(zone))
    if lang == "nb":
        return f"kl. {local:%H.%M}"
    return f"{local.hour}:{local:%M}" if lang == "ja" else f"{local:%H:%M}"


def days_text(days: int, lang: str) -> str:
    """A whole number of days, with the language's plural: 8 days, 8日, 8 ngày, 8天, 8 dager."""
    from babel.dates import format_timedelta

    if lang == "nb":  # CLDR says "døgn"; a deadline is counted in "dager"
        return f"{days} dag" if days == 1 else f"{days} dager"
    text = format_timedelta(
        timedelta(days=days),
        threshold=10_000,
        granularity="day",
        format="long",
        locale=BABEL_LOCALES[lang],
    )
    return text.replace(" ", "") if lang in ("ja", "zh-Hans") else text


def first_name(name: str, lang: str) -> str:
    """How a briefing greets a colleague: the first name (en, nb), the given name (vi: the
    last word), the family name + さん (ja), the full name (zh)."""
    parts = name.split()
    if not parts:
        return name
    if lang == "vi":
        return parts[-1]
    if lang == "ja":
        return f"{parts[0]}さん"
    if lang == "zh-Hans":
        return name
    return parts[0]


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
