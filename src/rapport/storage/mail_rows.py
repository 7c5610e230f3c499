"""Rows for e-mail logging (IMAP): the mailboxes Rapport reads, how far each folder was
read, the messages seen (headers only) and the promises found in sent mail, offered as
commitments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class MailboxRow(Base):
    """An IMAP mailbox that ``rapport sync`` reads.

    ``password_encrypted`` is the password encrypted with the server key (Fernet,
    rapport.crypto.secret_box); it is never shown, exported or written to the audit log.
    """

    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(sa.String(255))
    port: Mapped[int] = mapped_column(sa.Integer)
    security: Mapped[str] = mapped_column(sa.String(16))
    """tls (IMAPS), starttls or none."""
    username: Mapped[str] = mapped_column(sa.String(200))
    password_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    folders: Mapped[list[str]] = mapped_column(sa.JSON)
    sent_folder: Mapped[str | None] = mapped_column(sa.String(500))
    """The folder of mail you sent: its promises are offered as commitments."""
    store_bodies: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class MailFolderStateRow(Base):
    """How far one folder was read: its UIDVALIDITY and the highest UID logged. It moves
    forward only with each batch's commit."""

    __tablename__ = "mail_folder_states"
    __table_args__ = (sa.UniqueConstraint("mailbox_id", "folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mailboxes.id", ondelete="CASCADE"), index=True
    )
    folder: Mapped[str] = mapped_column(sa.String(500))
    uidvalidity: Mapped[int] = mapped_column(sa.BigInteger)
    last_uid: Mapped[int] = mapped_column(sa.BigInteger)


class MailMessageRow(Base):
    """One message seen, by its Message-ID (so a message is logged once, whatever folder
    or UID it has): its thread and what the thread's interaction is made from. ``body``
    only when the mailbox stores bodies."""

    __tablename__ = "mail_messages"
    __table_args__ = (
        sa.UniqueConstraint("mailbox_id", "message_id"),
        sa.Index("ix_mail_messages_thread", "mailbox_id", "thread_key"),
        sa.Index("ix_mail_messages_subject", "mailbox_id", "subject_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(sa.ForeignKey("mailboxes.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(sa.String(500))
    thread_key: Mapped[str] = mapped_column(sa.String(64))
    subject_key: Mapped[str | None] = mapped_column(sa.String(64))
    folder: Mapped[str] = mapped_column(sa.String(500))
    uidvalidity: Mapped[int] = mapped_column(sa.BigInteger)
    uid: Mapped[int] = mapped_column(sa.BigInteger)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(sa.String(500))
    outbound: Mapped[bool] = mapped_column(sa.Boolean)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    """The client its senders and recipients matched (None: nobody known)."""
    people: Mapped[list[str] | None] = mapped_column(sa.JSON)
    """Its senders' and recipients' addresses (not yours) while it matches nobody, to
    match it again when contacts or clients change; None once matched."""
    body: Mapped[str | None] = mapped_column(sa.Text)


class MailPromiseRow(Base):
    """A promise found in a sent message, offered as a commitment: ``offered`` until the
    user accepts it (``commitment_id`` then names the commitment) or dismisses it."""

    __tablename__ = "mail_promises"
    __table_args__ = (sa.UniqueConstraint("mailbox_id", "message_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(
        sa.ForeignKey("mailboxes.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[str] = mapped_column(sa.String(500))
    number: Mapped[int] = mapped_column(sa.Integer)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(1000))
    language: Mapped[str] = mapped_column(sa.String(16))
    due: Mapped[date | None] = mapped_column(sa.Date)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(sa.String(16), default="offered")
    commitment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("commitments.id", ondelete="SET NULL")
    )
