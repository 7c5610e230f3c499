"""Your profile and settings: the keys you may store, and how a typed value is checked.

Pure rules (no database, no framework). Each key names the :class:`rapport.config.Settings`
field it fills; the composition root layers them: built-in defaults < stored settings <
``RAPPORT_*`` environment variables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapport.domain.model import LANGUAGES
from rapport.texts import N_


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    field: str
    """The Settings field it fills."""
    kind: str
    """text, zone, language, hours, number, share, count, email, clock (HH:MM), window
    (HH:MM-HH:MM, may cross midnight, or off) or switch (on/off)."""
    help: str


def _signature_key(lang: str) -> Key:
    return Key(
        f"signature.{lang}",
        f"signature_{lang.lower().replace('-', '_')}",
        "text",
        N_("Lines under your name in drafts written in this language"),
    )


KEYS: dict[str, Key] = {
    k.name: k
    for k in (
        Key("name", "me", "text", N_("Your name: drafts are signed with it")),
        Key("title", "title", "text", N_("Your job title, under your name in drafts")),
        Key(
            "company", "company", "text", N_("Your company, in drafts and the Japanese sender line")
        ),
        *(_signature_key(lang) for lang in LANGUAGES),
        Key("time_zone", "timezone", "zone", N_("Your time zone (IANA name, e.g. Europe/Oslo)")),
        Key("language", "language", "language", N_("Your own language (en, ja, vi, zh-Hans, nb)")),
        Key("working_hours", "working_hours", "hours", N_("Your working hours, HH:MM-HH:MM")),
        Key(
            "weekly_meeting_hours",
            "weekly_meeting_hours_cap",
            "number",
            N_("Hours of meetings per week you are willing to hold"),
        ),
        Key("email", "my_email", "email", N_("Your email address (From of .eml drafts)")),
        Key(
            "at_risk_days",
            "at_risk_days",
            "count",
            N_("Promises due within this many days count as at risk"),
        ),
        Key(
            "concentration_threshold",
            "concentration_threshold",
            "share",
            N_("Warn when one client exceeds this share of revenue (0 to 1)"),
        ),
        # --- reminders and the daily digest (docs/integrations.md)
        Key(
            "digest_time",
            "digest_time",
            "clock",
            N_("When the daily digest is sent, HH:MM in your time zone"),
        ),
        Key(
            "quiet_hours",
            "quiet_hours",
            "window",
            N_("Quiet hours, HH:MM-HH:MM or off: nothing is sent or notified in them"),
        ),
        Key(
            "reminder_lead_hours",
            "reminder_lead_hours",
            "count",
            N_("Remind of a promise this many hours before it is due"),
        ),
        Key(
            "meeting_reminder_minutes",
            "meeting_reminder_minutes",
            "count",
            N_("Remind of a meeting this many minutes before it starts"),
        ),
        Key("notify.digest", "notify_digest", "switch", N_("Send the daily digest by email")),
        Key(
            "notify.promises",
            "notify_promises",
            "switch",
            N_("Promises in the digest and as reminders"),
        ),
        Key("notify.touchpoints", "notify_touchpoints", "switch", N_("Touch-points in the digest")),
        Key(
            "notify.meetings",
            "notify_meetings",
            "switch",
            N_("Meetings in the digest and as reminders"),
        ),
        Key("notify.trust", "notify_trust", "switch", N_("Slipping trust in the digest")),
    )
}
"""Every key ``rapport settings set`` accepts, in the order they are shown."""

HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ProfileValueError(ValueError):
    """A value that a key does not accept; ``template`` and ``params`` say why."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params


def key(name: str) -> Key:
    found = KEYS.get(name.strip())
    if found is None:
        raise ProfileValueError(
            N_("unknown setting {key} (use one of: {keys})"), key=name, keys=", ".join(KEYS)
        )
    return found


def check(name: str, raw: str) -> str:
    """The value to store for ``name`` (trimmed, normalised), or ProfileValueError."""
    spec = key(name)
    raw = raw.replace("\r\n", "\n")
    value = raw.strip()
    if spec.kind == "text":
        if len(value) > 500:
            raise ProfileValueError(N_("{key}: at most 500 characters"), key=spec.name)
        if not value:
            raise ProfileValueError(
                N_("{key}: give a value (or `rapport settings unset {key}`)"), key=spec.name
            )
        return raw.strip("\n") if "\n" in raw else value
    if spec.kind == "zone":
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ProfileValueError(
                N_("{key}: unknown time zone {value} (use an IANA name such as Europe/Oslo)"),
                key=spec.name,
                value=repr(value),
            ) from None
        if "/" not in value and value != "UTC":
            raise ProfileValueError(
                N_("{key}: unknown time zone {value} (use an IANA name such as Europe/Oslo)"),
                key=spec.name,
                value=repr(value),
            )
        return value
    if spec.kind == "language":
        for lang in LANGUAGES:
            if value.lower() == lang.lower() or value.lower().replace("_", "-") == lang.lower():
                return lang
        raise ProfileValueError(
            N_("{key}: unknown language {value} (use one of: {languages})"),
            key=spec.name,
            value=repr(value),
            languages=", ".join(LANGUAGES),
        )
    if spec.kind == "hours":
        match = HOURS.match(value.replace(" ", ""))
        if not match or match.group(1, 2) >= match.group(3, 4):
            raise ProfileValueError(
                N_("{key}: use HH:MM-HH:MM with the end after the start, e.g. 09:00-17:00"),
                key=spec.name,
            )
        return value.replace(" ", "")
    if spec.kind in ("clock", "window", "switch"):
        return _timing(spec, value)
    if spec.kind == "email":
        if not EMAIL.match(value):
            raise ProfileValueError(
                N_("{key}: not an email address: {value}"), key=spec.name, value=repr(value)
            )
        return value
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise ProfileValueError(
            N_("{key}: not a number: {value}"), key=spec.name, value=repr(value)
        ) from None
    if spec.kind == "count":
        if number != int(number) or not 0 <= number <= 365:
            raise ProfileValueError(N_("{key}: a whole number from 0 to 365"), key=spec.name)
        return str(int(number))
    if spec.kind == "share":
        if not 0 < number <= 1:
            raise ProfileValueError(N_("{key}: a number above 0 and at most 1"), key=spec.name)
        return _number(number)
    if not 0 < number <= 168:
        raise ProfileValueError(
            N_("{key}: a number of hours above 0 and at most 168"), key=spec.name
        )
    return _number(number)


def _timing(spec: Key, value: str) -> str:
    """A time of day, a window of quiet hours, or an on/off switch."""
    from rapport.domain.digest import QuietHours, parse_clock

    plain = value.replace(" ", "").lower()
    if spec.kind == "clock":
        try:
            parse_clock(plain)
        except ValueError:
            raise ProfileValueError(N_("{key}: use HH:MM, e.g. 07:30"), key=spec.name) from None
        return plain
    if spec.kind == "window":
        try:
            window = QuietHours.parse(plain)
        except ValueError:
            raise ProfileValueError(
                N_("{key}: use HH:MM-HH:MM, e.g. 22:00-07:00, or off"), key=spec.name
            ) from None
        return "off" if window is None else plain
    if plain in ("on", "yes", "true", "1"):
        return "on"
    if plain in ("off", "no", "false", "0"):
        return "off"
    raise ProfileValueError(N_("{key}: use on or off"), key=spec.name)


def _number(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def working_hours(text: str) -> tuple[str, str]:
    start, _, end = text.partition("-")
    return start, end
