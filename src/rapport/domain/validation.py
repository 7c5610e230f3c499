"""Rules a workspace entity must satisfy before it is stored. Pure: raises InvalidInputError.

Every number and moment has bounds (docs/api.md, "Limits"), so that no stored value can
overflow a computation later (a cadence of three million days once made every client's
next touch-point overflow): the API schemas state the same bounds from the constants here,
and the importers and the command line go through the same checks.
"""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from email.errors import HeaderParseError, MessageDefect
from email.headerregistry import Address
from typing import Any

from rapport.domain.model import (
    LANGUAGES,
    Client,
    Commitment,
    Contact,
    Interaction,
    Note,
    Project,
    RevenueEntry,
)
from rapport.errors import InvalidInputError
from rapport.texts import N_

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
"""The earliest moment stored (inclusive)."""
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
"""The moment every stored one is before (exclusive): far enough for any plan, near enough
that adding any cadence or window stays within the calendar."""
FIRST_DAY = EARLIEST.date()
LAST_DAY = date(2199, 12, 31)
CADENCE_DAYS_MAX = 3650
"""Ten years between contacts at most."""
MINUTES_MAX = 7 * 24 * 60
"""One interaction lasts a week at most."""
HOURS_CAP_MAX = 744.0
"""A monthly cap on meeting hours: the hours of a 31-day month at most."""
AMOUNT_MAX = Decimal("999999999999.99")
"""The largest revenue amount, either sign (the column holds 14 digits, 2 after the point)."""
ID_MAX = 2**31 - 1
"""The largest record id (a PostgreSQL integer)."""


def check_range(
    name: str, value: float | Decimal, low: float | Decimal, high: float | Decimal
) -> None:
    """``value`` must be a finite number from ``low`` to ``high``."""
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite or not low <= value <= high:
        raise InvalidInputError(
            N_("{field} must be a number from {low} to {high}"), field=name, low=low, high=high
        )


def check_moment(name: str, value: datetime | None) -> None:
    """``value`` (None: not given) must lie from 1900 up to 2200; a time without a zone is
    read as UTC."""
    if value is None:
        return
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if not EARLIEST <= aware < LATEST:
        raise InvalidInputError(
            N_("{field} must be between {earliest} and {latest}"),
            field=name,
            earliest=EARLIEST.date().isoformat(),
            latest=LATEST.date().isoformat(),
        )


def check_day(name: str, value: date | None) -> None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidInputError(
            N_("{field} must be between {earliest} and {latest}"),
            field=name,
            earliest=FIRST_DAY.isoformat(),
            latest=LAST_DAY.isoformat(),
        )


def check_id(name: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= ID_MAX:
        raise InvalidInputError(
            N_("{field} must be a number from {low} to {high}"), field=name, low=1, high=ID_MAX
        )


def check_email(name: str, value: str | None) -> None:
    """One plain address (``mia@example.com``) that a mail message can carry: no names, no
    lists, no line breaks."""
    if value is None:
        return
    try:
        parsed = Address(addr_spec=value)
    except (ValueError, IndexError, HeaderParseError, MessageDefect):
        parsed = None
    if "@" not in value:
        raise InvalidInputError(N_("not an email address: {email}"), email=repr(value))
    if parsed is None or parsed.addr_spec != value:
        raise InvalidInputError(
            N_("{field}: not a single email address: {email}"), field=name, email=repr(value)
        )


def check_language(code: str) -> str:
    """Return the canonical tag for ``code`` (case-insensitive, zh/zh-CN -> zh-Hans, no -> nb)."""
    aliases = {"zh": "zh-Hans", "zh-cn": "zh-Hans", "zh_hans": "zh-Hans", "no": "nb", "nb-no": "nb"}
    lowered = code.strip().lower().replace("_", "-")
    for lang in LANGUAGES:
        if lowered == lang.lower():
            return lang
    if lowered in aliases or lowered.replace("-", "_") in aliases:
        return aliases.get(lowered) or aliases[lowered.replace("-", "_")]
    raise InvalidInputError(
        N_("unknown language {code}: use one of {languages}"),
        code=repr(code),
        languages=", ".join(LANGUAGES),
    )


def check_timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a name the system cannot even look up as a file (far too long, or a
        # folder of the time zone database such as "Europe").
        raise InvalidInputError(
            N_("unknown time zone {name} (use an IANA name like Europe/Oslo)"), name=repr(name)
        ) from None
    return name


def validate_client(client: Client) -> None:
    if not client.name.strip():
        raise InvalidInputError(N_("a client needs a name"))
    client.name = client.name.strip()
    client.language = check_language(client.language)
    client.timezone = check_timezone(client.timezone)
    if client.cadence_days < 1:
        raise InvalidInputError(N_("cadence_days must be at least 1"))
    check_range("cadence_days", client.cadence_days, 1, CADENCE_DAYS_MAX)
    if not (math.isfinite(client.personal_budget) and 0.0 <= client.personal_budget <= 1.0):
        raise InvalidInputError(N_("personal_budget is a share of meeting time between 0 and 1"))
    cap = client.monthly_meeting_hours_cap
    if cap is not None and cap < 0:
        raise InvalidInputError(N_("monthly_meeting_hours_cap cannot be negative"))
    if cap is not None:
        check_range("monthly_meeting_hours_cap", cap, 0.0, HOURS_CAP_MAX)
    check_id("referred_by_client_id", client.referred_by_client_id)
    check_id("referred_by_contact_id", client.referred_by_contact_id)
    check_email("email", client.email)
    check_moment("created_at", client.created_at)


def validate_contact(contact: Contact) -> None:
    if not contact.name.strip():
        raise InvalidInputError(N_("a contact needs a name"))
    check_email("email", contact.email)
    if contact.address_form is not None:
        from rapport.domain.addressing import ALL_FORMS

        if contact.address_form not in ALL_FORMS:
            raise InvalidInputError(
                N_("unknown form of address {form} (use one of: {forms})"),
                form=repr(contact.address_form),
                forms=", ".join(sorted(ALL_FORMS)),
            )
    if contact.address_name is not None and len(contact.address_name) > 200:
        raise InvalidInputError(N_("address_name: at most 200 characters"))


def validate_interaction(interaction: Interaction) -> None:
    check_moment("started_at", interaction.started_at)
    if interaction.duration_min < 0:
        raise InvalidInputError(N_("duration_min cannot be negative"))
    check_range("duration_min", interaction.duration_min, 0, MINUTES_MAX)
    parts = [m for m in (interaction.business_min, interaction.personal_min) if m is not None]
    if any(m < 0 for m in parts):
        raise InvalidInputError(N_("business and personal minutes cannot be negative"))
    for name in ("business_min", "personal_min"):
        value = getattr(interaction, name)
        if value is not None:
            check_range(name, value, 0, MINUTES_MAX)
    if sum(parts) > interaction.duration_min and interaction.duration_min > 0:
        raise InvalidInputError(
            N_("business + personal minutes ({parts}) exceed the duration ({duration})"),
            parts=sum(parts),
            duration=interaction.duration_min,
        )
    if interaction.drain is not None and not 1 <= interaction.drain <= 5:
        raise InvalidInputError(N_("drain is 1 (energising) to 5 (exhausting)"))
    if interaction.client_rating is not None and not 1 <= interaction.client_rating <= 5:
        raise InvalidInputError(N_("client_rating is 1 to 5"))


def validate_commitment(commitment: Commitment) -> None:
    if not commitment.text.strip():
        raise InvalidInputError(N_("a commitment needs the text of the promise"))
    for name in ("due_at", "made_at", "done_at", "announced_at", "original_due_at"):
        check_moment(name, getattr(commitment, name))


def validate_revenue(entry: RevenueEntry) -> None:
    if len(entry.currency) != 3 or not entry.currency.isalpha():
        raise InvalidInputError(
            N_("currency must be a three-letter code, not {currency}"),
            currency=repr(entry.currency),
        )
    entry.currency = entry.currency.upper()
    check_day("on", entry.on)
    check_range("amount", entry.amount, -AMOUNT_MAX, AMOUNT_MAX)
    check_id("project_id", entry.project_id)


def validate_project(project: Project) -> None:
    check_day("started_on", project.started_on)


def validate_note(note: Note) -> None:
    check_moment("created_at", note.created_at)


VALIDATORS: dict[type[Any], Callable[[Any], None]] = {
    Client: validate_client,
    Contact: validate_contact,
    Interaction: validate_interaction,
    Commitment: validate_commitment,
    RevenueEntry: validate_revenue,
    Project: validate_project,
    Note: validate_note,
}
"""The rules for each entity, for every way in (services, importers)."""


def validate(entity: object) -> None:
    """Check ``entity`` by the rules of its kind (every workspace entity has some)."""
    VALIDATORS[type(entity)](entity)
