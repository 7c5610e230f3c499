"""Rows for calendar sync and the ICS feed: the calendars Rapport reads, what it last read
from each, and the secret feed addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class CalendarSourceRow(Base):
    """A CalDAV calendar collection or an ICS address that ``rapport sync`` reads.

    ``password_encrypted`` is the password encrypted with the server key (Fernet,
    rapport.crypto.secret_box); it is never shown, exported or written to the audit log.
    """

    __tablename__ = "calendar_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000))
    kind: Mapped[str] = mapped_column(sa.String(16))
    """caldav or ics."""
    username: Mapped[str | None] = mapped_column(sa.String(200))
    password_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    """Events whose attendees match nobody go to this client (None: they are counted as
    unmatched)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sync_state: Mapped[str | None] = mapped_column(sa.String(2000))
    """CalDAV: the server's sync token; ICS: the ETag or Last-Modified of the last GET."""
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """The start of the window the stored occurrences were expanded for."""
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    write_agendas: Mapped[bool] = mapped_column(
        sa.Boolean, default=False, server_default=sa.false()
    )
    """Saved agendas of this calendar's meetings are written into the events' DESCRIPTION."""


class CalendarItemRow(Base):
    """One calendar resource as last read: a CalDAV object (by its href) or, for an ICS
    address, the events of one UID. ``keys`` are the external ids of the interactions it
    made; ``data`` is kept for recurring events, expanded again as the window moves."""

    __tablename__ = "calendar_items"
    __table_args__ = (sa.UniqueConstraint("source_id", "href"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        sa.ForeignKey("calendar_sources.id", ondelete="CASCADE"), index=True
    )
    href: Mapped[str] = mapped_column(sa.String(2000))
    version: Mapped[str] = mapped_column(sa.String(200))
    """The server's ETag, or a hash of the event's text."""
    keys: Mapped[list[str]] = mapped_column(sa.JSON)
    unmatched: Mapped[int] = mapped_column(sa.Integer, default=0)
    data: Mapped[str | None] = mapped_column(sa.Text)
    people: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)
    """Who was on this resource's unmatched events: [{email, name, count, last}]."""


class FeedTokenRow(Base):
    """The secret ICS feed address of one account (None: the single user / command line).
    The token is looked up by its keyed digest (HMAC-SHA256 with the server key)."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_encrypted: Mapped[str] = mapped_column(sa.Text)
    """The token itself, encrypted with the server key, so ``rapport feed url`` can show
    the address again."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
