"""Clients' contact people (contacts)."""

from __future__ import annotations

from rapport.storage.orm import ContactRow
from rapport.storage.repositories.base import Repository


class ContactRepository(Repository):
    """Clients' contact people."""

    def by_id(self, contact_id: int) -> ContactRow | None:
        """The contact with this id, whoever's client it belongs to (the caller checks
        access)."""
        return self.session.get(ContactRow, contact_id)
