"""Workspace entities as plain dataclasses.

These are what services, scoring, triage and analysis work with. The storage layer maps
them to and from its ORM rows; nothing here knows about databases, HTTP or terminals.
All datetimes are timezone-aware (UTC when they come from storage).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

LANGUAGES: tuple[str, ...] = ("en", "ja", "vi", "zh-Hans", "nb")
"""The five languages every user-facing text exists in (BCP 47 tags)."""


class ClientKind(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"


class Origin(StrEnum):
    """How the relationship started."""

    COLD = "cold"
    REFERRAL = "referral"
    FRIEND = "friend"
    FRIEND_OF_FRIEND = "friend_of_friend"
    EXISTING_NETWORK = "existing_network"


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class InteractionKind(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    CALL = "call"
    EMAIL = "email"
    MESSAGE = "message"

    @property
    def is_high_bandwidth(self) -> bool:
        """In person, video and calls carry voice and faces; email and messages do not."""
        return self in (InteractionKind.IN_PERSON, InteractionKind.VIDEO, InteractionKind.CALL)

    @property
    def is_meeting(self) -> bool:
        return self.is_high_bandwidth


class CommitmentSize(StrEnum):
    SMALL = "small"
    LARGE = "large"


class CommitmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    MISSED = "missed"
    RENEGOTIATED = "renegotiated"


class RevenueKind(StrEnum):
    PROJECT = "project"
    RETAINER = "retainer"
    FOLLOW_ON = "follow_on"
    REFERRAL_FEE = "referral_fee"
    OTHER = "other"


class ProjectStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    DONE = "done"
    CANCELLED = "cancelled"


CHECKLIST_STEPS: tuple[str, ...] = (
    "scope_written",
    "estimate_given",
    "agreement_signed",
    "schedule_set",
    "payment_terms_set",
    "signed_off",
)
"""The engagement checklist: one professional process for every client, friend or stranger."""


@dataclass(slots=True)
class Client:
    name: str
    kind: ClientKind = ClientKind.ORGANISATION
    language: str = "en"
    timezone: str = "UTC"
    origin: Origin = Origin.COLD
    referred_by_client_id: int | None = None
    referred_by_contact_id: int | None = None
    cadence_days: int = 30
    personal_budget: float = 0.1
    """Share of meeting time (0..1) we are glad to spend on personal talk."""
    monthly_meeting_hours_cap: float | None = None
    tier_override: Tier | None = None
    notes: str = ""
    email: str | None = None
    owner_colleague: str | None = None
    """A colleague who owns the account day to day, if not you."""
    created_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Contact:
    client_id: int
    name: str
    email: str | None = None
    phone: str | None = None
    title: str | None = None
    notes: str = ""
    external_id: str | None = None
    address_form: str | None = None
    """How drafts address them (rapport.domain.addressing.FORMS); None: derived."""
    address_name: str | None = None
    """The name used with it (given name, family name ...); None: derived from ``name``."""
    id: int | None = None


@dataclass(slots=True)
class Interaction:
    client_id: int
    kind: InteractionKind
    started_at: datetime
    duration_min: int = 0
    business_min: int | None = None
    personal_min: int | None = None
    summary: str = ""
    drain: int | None = None
    """How draining it felt, 1 (energising) to 5 (exhausting)."""
    source: str = "manual"
    external_id: str | None = None
    """Stable id from the source (e.g. iCalendar UID + occurrence) for idempotent imports."""
    feedback_asked: bool = False
    point_of_view_shared: bool = False
    client_rating: int | None = None
    """The client's own rating of the interaction or work, 1..5, where they gave one."""
    decisions: str = ""
    id: int | None = None


@dataclass(slots=True)
class Commitment:
    client_id: int
    text: str
    due_at: datetime
    made_at: datetime
    to_whom: str | None = None
    size: CommitmentSize = CommitmentSize.SMALL
    status: CommitmentStatus = CommitmentStatus.OPEN
    done_at: datetime | None = None
    announced_at: datetime | None = None
    """When the client was told that this promise would slip."""
    original_due_at: datetime | None = None
    """The first due date, kept when the promise is re-committed to a new date."""
    rework: bool | None = None
    """For a deliverable: True when the client sent it back for rework."""
    source: str = "manual"
    external_id: str | None = None
    id: int | None = None


@dataclass(slots=True)
class RevenueEntry:
    client_id: int
    on: date
    amount: Decimal
    currency: str = "EUR"
    kind: RevenueKind = RevenueKind.PROJECT
    project_id: int | None = None
    note: str = ""
    external_id: str | None = None
    id: int | None = None


@dataclass(slots=True)
class Project:
    client_id: int
    name: str
    status: ProjectStatus = ProjectStatus.ACTIVE
    started_on: date | None = None
    scope_written: bool = False
    estimate_given: bool = False
    agreement_signed: bool = False
    schedule_set: bool = False
    payment_terms_set: bool = False
    signed_off: bool = False
    id: int | None = None

    def missing_steps(self) -> list[str]:
        """Checklist steps not done yet (sign-off only counts once the project is done)."""
        missing = [s for s in CHECKLIST_STEPS if s != "signed_off" and not getattr(self, s)]
        if self.status is ProjectStatus.DONE and not self.signed_off:
            missing.append("signed_off")
        return missing


@dataclass(slots=True)
class Note:
    client_id: int
    text: str
    created_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Workspace:
    """Everything in a workspace at once: what exports, imports and scoring read."""

    clients: list[Client] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    revenue: list[RevenueEntry] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
