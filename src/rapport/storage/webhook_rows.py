"""Rows for outgoing webhooks: the subscribed addresses, the outbox of events, each
delivery of an event to an address and each attempt of a delivery (docs/webhooks.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class WebhookRow(Base):
    """An address Rapport POSTs events to. ``events`` lists the kinds it wants (empty: all).
    ``secret_encrypted`` is the signing secret encrypted with the server key
    (rapport.crypto.secret_box); it is shown once when made and never again."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    events: Mapped[list[str]] = mapped_column(sa.JSON)
    secret_encrypted: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WebhookEventRow(Base):
    """The outbox: one event, written in the transaction of the change it reports (so a
    change that is rolled back leaves no event). Only written while some webhook wants the
    kind."""

    __tablename__ = "webhook_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    """``evt_`` and 24 hex digits: the ``id`` of the delivered JSON."""
    kind: Mapped[str] = mapped_column(sa.String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class WebhookDeliveryRow(Base):
    """One event for one webhook: ``pending`` until an attempt gets a 2xx (``succeeded``)
    or the last retry fails (``failed``)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.Index("ix_webhook_deliveries_status", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    """``dlv_`` and 24 hex digits: the ``Rapport-Delivery`` header."""
    webhook_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(16))
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column(sa.Integer)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebhookAttemptRow(Base):
    """The delivery log: one POST, its HTTP status or the error, when and how long."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status_code: Mapped[int | None] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.Text)
    duration_ms: Mapped[int] = mapped_column(sa.Integer)
