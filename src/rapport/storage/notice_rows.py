"""Rows for outgoing mail, reminders and the daily digest (docs/integrations.md): the SMTP
server Rapport sends through, and every notice it has sent (so none goes twice)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class MailServerRow(Base):
    """The one SMTP server of the workspace (id 1). ``password_encrypted`` is the password
    encrypted with the server key (Fernet, rapport.crypto.secret_box); it is never shown,
    exported or written to the audit log."""

    __tablename__ = "mail_server"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(sa.String(255))
    port: Mapped[int] = mapped_column(sa.Integer)
    security: Mapped[str] = mapped_column(sa.String(16))
    """starttls, tls or none."""
    username: Mapped[str | None] = mapped_column(sa.String(200))
    password_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    sender: Mapped[str | None] = mapped_column(sa.String(320))
    """The From address (None: the user name when it is an address)."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NoticeRow(Base):
    """One reminder or digest for one account, recorded when it is made so that it goes
    out once: ``key`` names what it is about (the digest's day, a promise and its due
    time, a meeting and its start). ``mailed_at`` / ``shown_at``: when it went by e-mail
    and when a browser showed it (None: not yet, or not by that way)."""

    __tablename__ = "notices"
    __table_args__ = (sa.UniqueConstraint("account", "kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[int] = mapped_column(sa.Integer, index=True)
    """The user's id, 0 for the single user (or the command line's owner)."""
    kind: Mapped[str] = mapped_column(sa.String(32))
    """digest, promise or meeting."""
    key: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When what it reminds of happens (the promise's due time, the meeting's start)."""
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    """What the browser shows: title, body, link (in the account's language)."""
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
