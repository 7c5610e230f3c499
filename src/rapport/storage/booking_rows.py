"""Rows for the booking page: each client's secret link, the bookings made through it,
the time units each booking claims (no double booking), and the booking settings."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class BookingLinkRow(Base):
    """A client's secret booking page address, found by its keyed digest (HMAC-SHA256 with
    the server key) and kept encrypted, as the ICS feed's token is
    (rapport.crypto.secret_links)."""

    __tablename__ = "booking_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), unique=True
    )
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_encrypted: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BookingRow(Base):
    """A meeting a client booked on their page, and what followed from it."""

    __tablename__ = "bookings"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    minutes: Mapped[int] = mapped_column(sa.Integer)
    format: Mapped[str] = mapped_column(sa.String(16))
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(320))
    topic: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16), default="booked")
    """booked or cancelled."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    interaction_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("interactions.id", ondelete="SET NULL")
    )
    triage_decision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("triage_decisions.id", ondelete="SET NULL")
    )
    agenda_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("saved_agendas.id", ondelete="SET NULL")
    )
    calendar_href: Mapped[str | None] = mapped_column(sa.String(2000))
    steps: Mapped[dict[str, str | None]] = mapped_column(sa.JSON, default=dict)
    """What each step after the booking did: {"triage", "agenda", "calendar", "invitation"}
    → None when it worked, else its error in words."""


class BookingClaimRow(Base):
    """One 15-minute unit of time a booking holds. The unique ``unit_start`` is what makes
    two bookings of overlapping time impossible, whatever the requests' timing."""

    __tablename__ = "booking_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_start: Mapped[datetime] = mapped_column(UTCDateTime, unique=True)
    booking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )


class BookingSettingsRow(Base):
    """The one row of booking settings (id 1): the CalDAV calendar bookings go into, and a
    counter every booking bumps first, so that bookings are written one at a time (a row
    lock on PostgreSQL, the write lock on SQLite) and the caps are checked against what
    the previous booking wrote."""

    __tablename__ = "booking_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    calendar_source_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("calendar_sources.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(sa.Integer, default=0)
