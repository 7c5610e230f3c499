"""Rules a workspace entity must satisfy before it is stored. Pure: raises InvalidInputError."""

from __future__ import annotations

import zoneinfo

from rapport.domain.messages import N_
from rapport.domain.model import LANGUAGES, Client, Commitment, Contact, Interaction, RevenueEntry
from rapport.errors import InvalidInputError


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
    if not 0.0 <= client.personal_budget <= 1.0:
        raise InvalidInputError(N_("personal_budget is a share of meeting time between 0 and 1"))
    cap = client.monthly_meeting_hours_cap
    if cap is not None and cap < 0:
        raise InvalidInputError(N_("monthly_meeting_hours_cap cannot be negative"))


def validate_contact(contact: Contact) -> None:
    if not contact.name.strip():
        raise InvalidInputError(N_("a contact needs a name"))
    if contact.email is not None and "@" not in contact.email:
        raise InvalidInputError(N_("not an email address: {email}"), email=repr(contact.email))


def validate_interaction(interaction: Interaction) -> None:
    if interaction.duration_min < 0:
        raise InvalidInputError(N_("duration_min cannot be negative"))
    parts = [m for m in (interaction.business_min, interaction.personal_min) if m is not None]
    if any(m < 0 for m in parts):
        raise InvalidInputError(N_("business and personal minutes cannot be negative"))
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


def validate_revenue(entry: RevenueEntry) -> None:
    if len(entry.currency) != 3 or not entry.currency.isalpha():
        raise InvalidInputError(
            N_("currency must be a three-letter code, not {currency}"),
            currency=repr(entry.currency),
        )
    entry.currency = entry.currency.upper()
