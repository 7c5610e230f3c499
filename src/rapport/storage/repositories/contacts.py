"""Clients' contact people (contacts)."""

from __future__ import annotations

from dataclasses import fields

import sqlalchemy as sa

from rapport.domain.model import Contact
from rapport.storage.orm import ContactRow
from rapport.storage.repositories.base import Repository


class ContactRepository(Repository):
    """Clients' contact people."""

    def by_id(self, contact_id: int) -> ContactRow | None:
        """The contact with this id, whoever's client it belongs to (the caller checks
        access)."""
        return self.session.get(ContactRow, contact_id)

    def emails(self) -> list[str]:
        """Every contact's e-mail address (those that have one)."""
        return list(
            self.session.scalars(sa.select(ContactRow.email).where(ContactRow.email.is_not(None)))
        )

    def all_plain(self) -> list[Contact]:
        """Every contact as the domain's dataclass, by id (all contacts: attendee matching)."""
        table = ContactRow.__table__
        names = [f.name for f in fields(Contact)]
        rows = self.session.execute(sa.select(*(table.c[n] for n in names)).order_by(table.c.id))
        return [Contact(*row) for row in rows]

    def add(self, row: ContactRow) -> None:
        """A contact made from an address book's card (written on flush)."""
        self.session.add(row)

    def set_card_values(self, contact_id: int, values: dict[str, str | None]) -> None:
        """Write the synced fields of a contact (``notes`` None is stored as empty)."""
        self.session.execute(
            sa.update(ContactRow)
            .where(ContactRow.id == contact_id)
            .values({**values, "notes": values["notes"] or ""})
        )
