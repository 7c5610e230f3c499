"""ORM rows for the workspace. Services map them to the domain dataclasses."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from rapport.domain.model import (
    ClientKind,
    CommitmentSize,
    CommitmentStatus,
    InteractionKind,
    Origin,
    ProjectStatus,
    RevenueKind,
    Tier,
)
from rapport.domain.names import name_key
from rapport.storage.types import UTCDateTime, enum_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)


def _client_fk() -> Mapped[int]:
    return mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)


def _name_key_default(context: Any) -> str:
    """``clients.name_key`` for an INSERT that does not give one (bulk inserts too)."""
    return name_key(str(context.get_current_parameters()["name"]))


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name_key: Mapped[str] = mapped_column(
        sa.String(400), unique=True, index=True, default=_name_key_default
    )
    """The name as clients are compared (:func:`rapport.domain.names.name_key`: NFKC, case
    folded): its unique index makes names unique regardless of case and Unicode form, for
    every way in (CLI, web form, API, imports, restore). Kept in step with ``name`` by the
    default above and the attribute listener below (migration ``names_1``)."""
    kind: Mapped[ClientKind] = mapped_column(enum_column(ClientKind))
    language: Mapped[str] = mapped_column(sa.String(16))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    origin: Mapped[Origin] = mapped_column(enum_column(Origin))
    referred_by_client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="SET NULL")
    )
    # No FK: contacts reference clients, so a FK back would make a cycle SQLite cannot
    # create. The workspace service checks it and clears it when the contact goes.
    referred_by_contact_id: Mapped[int | None] = mapped_column(sa.Integer)
    cadence_days: Mapped[int] = mapped_column(sa.Integer)
    personal_budget: Mapped[float] = mapped_column(sa.Float)
    monthly_meeting_hours_cap: Mapped[float | None] = mapped_column(sa.Float)
    tier_override: Mapped[Tier | None] = mapped_column(enum_column(Tier))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    email: Mapped[str | None] = mapped_column(sa.String(320))
    owner_colleague: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


@event.listens_for(ClientRow.name, "set")
def _name_set(target: ClientRow, value: Any, _old: Any, _initiator: Any) -> None:
    """A name set on a row (an update, or a new row) sets its key too."""
    if isinstance(value, str):
        target.name_key = name_key(value)


class ContactRow(Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = _client_fk()
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(320), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(64))
    title: Mapped[str | None] = mapped_column(sa.String(200))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    external_id: Mapped[str | None] = mapped_column(sa.String(500), unique=True)
    address_form: Mapped[str | None] = mapped_column(sa.String(32))
    address_name: Mapped[str | None] = mapped_column(sa.String(200))


class InteractionRow(Base):
    __tablename__ = "interactions"
    __table_args__ = (sa.Index("ix_interactions_client_started", "client_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = _client_fk()
    kind: Mapped[InteractionKind] = mapped_column(enum_column(InteractionKind))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration_min: Mapped[int] = mapped_column(sa.Integer)
    business_min: Mapped[int | None] = mapped_column(sa.Integer)
    personal_min: Mapped[int | None] = mapped_column(sa.Integer)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    drain: Mapped[int | None] = mapped_column(sa.Integer)
    source: Mapped[str] = mapped_column(sa.String(32))
    external_id: Mapped[str | None] = mapped_column(sa.String(500), unique=True)
    feedback_asked: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    point_of_view_shared: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    client_rating: Mapped[int | None] = mapped_column(sa.Integer)
    decisions: Mapped[str] = mapped_column(sa.Text, default="")


class CommitmentRow(Base):
    __tablename__ = "commitments"
    # The day's lists: promises still to be kept, by due date.
    __table_args__ = (sa.Index("ix_commitments_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = _client_fk()
    text: Mapped[str] = mapped_column(sa.Text)
    to_whom: Mapped[str | None] = mapped_column(sa.String(200))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    size: Mapped[CommitmentSize] = mapped_column(enum_column(CommitmentSize))
    status: Mapped[CommitmentStatus] = mapped_column(enum_column(CommitmentStatus), index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    original_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rework: Mapped[bool | None] = mapped_column(sa.Boolean)
    source: Mapped[str] = mapped_column(sa.String(32))
    external_id: Mapped[str | None] = mapped_column(sa.String(500), unique=True)


class RevenueRow(Base):
    __tablename__ = "revenue_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = _client_fk()
    on: Mapped[date] = mapped_column(sa.Date, index=True)
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    currency: Mapped[str] = mapped_column(sa.String(3))
    kind: Mapped[RevenueKind] = mapped_column(enum_column(RevenueKind))
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")
    external_id: Mapped[str | None] = mapped_column(sa.String(500), unique=True)


class ProjectRow(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = _client_fk()
    name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[ProjectStatus] = mapped_column(enum_column(ProjectStatus))
    started_on: Mapped[date | None] = mapped_column(sa.Date)
    scope_written: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    estimate_given: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    agreement_signed: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    schedule_set: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    payment_terms_set: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    signed_off: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = _client_fk()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(sa.Text)
