"""Rows for contact sync (CardDAV): the address books Rapport syncs and, per card, the
contact it is linked to and the version both sides last agreed on (the base of the
three-way merge, rapport.domain.contact_merge)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class AddressBookRow(Base):
    """A CardDAV address-book collection that ``rapport sync`` reads and writes.

    ``password_encrypted`` is encrypted with the server key (rapport.crypto.secret_box);
    never shown, exported or audited."""

    __tablename__ = "address_books"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000), unique=True)
    username: Mapped[str | None] = mapped_column(sa.String(200))
    password_encrypted: Mapped[str | None] = mapped_column(sa.Text)
    client_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    """Cards matching no client go to this client; with it set, only this client's
    contacts are written to the address book."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sync_state: Mapped[str | None] = mapped_column(sa.String(2000))
    """The server's sync token of the last run (RFC 6578)."""
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    last_result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)


class ContactCardRow(Base):
    """One card of an address book as last synced, in one of three states:

    - ``linked``: the card and ``contact_id`` are kept alike (``contact_id`` None once the
      contact was deleted in Rapport: the next sync deletes the card);
    - ``unlinked``: the card was deleted on the server; the contact stays, and is not
      written back;
    - ``unmatched``: the card matches no client, so no contact was made (read again each
      sync, in case its client has been added since)."""

    __tablename__ = "contact_cards"
    __table_args__ = (sa.UniqueConstraint("book_id", "href"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(
        sa.ForeignKey("address_books.id", ondelete="CASCADE"), index=True
    )
    href: Mapped[str] = mapped_column(sa.String(2000))
    uid: Mapped[str] = mapped_column(sa.String(500))
    etag: Mapped[str | None] = mapped_column(sa.String(200))
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), unique=True
    )
    base: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    """The synced fields as both sides last agreed (name, email, phone, title, notes)."""
    state: Mapped[str] = mapped_column(sa.String(16), default="linked")
