"""CardDAV address books and the cards synced from them (address_books, contact_cards)."""

from __future__ import annotations

import sqlalchemy as sa

from rapport.storage.contact_sync_rows import AddressBookRow, ContactCardRow
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository


class AddressBookRepository(Repository):
    """CardDAV address books and the cards synced from them."""

    # --- writes ----------------------------------------------------------------------------
    def add(self, row: AddressBookRow | ContactCardRow) -> None:
        """A new address book or card (written on flush)."""
        self.session.add(row)

    def delete_card(self, row: ContactCardRow) -> None:
        self.session.delete(row)

    def remove(self, book_id: int) -> None:
        """Delete an address book and its cards (their contacts stay)."""
        self.session.execute(sa.delete(ContactCardRow).where(ContactCardRow.book_id == book_id))
        self.session.execute(sa.delete(AddressBookRow).where(AddressBookRow.id == book_id))

    # --- address books ---------------------------------------------------------------------
    def by_id(self, book_id: int) -> AddressBookRow | None:
        return self.session.get(AddressBookRow, book_id)

    def by_id_for_update(self, book_id: int) -> AddressBookRow | None:
        """The address book, locked until the transaction ends (PostgreSQL row lock), so
        two processes syncing it take turns."""
        return self.session.scalars(
            sa.select(AddressBookRow).where(AddressBookRow.id == book_id).with_for_update()
        ).first()

    def id_by_url(self, url: str) -> int | None:
        """The number of the address book at exactly ``url``, if one was added."""
        found = self.session.scalar(sa.select(AddressBookRow.id).where(AddressBookRow.url == url))
        return None if found is None else int(found)

    def with_client_names(self) -> list[tuple[AddressBookRow, str | None]]:
        """Every address book by number, with the name of its client (None: no client)."""
        rows = self.session.execute(
            sa.select(AddressBookRow, ClientRow.name)
            .outerjoin(ClientRow, ClientRow.id == AddressBookRow.client_id)
            .order_by(AddressBookRow.id)
        ).all()
        return [(row, name) for row, name in rows]

    # --- cards -----------------------------------------------------------------------------
    def cards(self, book_id: int) -> list[ContactCardRow]:
        """The cards of an address book as last synced."""
        return list(
            self.session.scalars(sa.select(ContactCardRow).where(ContactCardRow.book_id == book_id))
        )

    def contacts_linked_elsewhere(self, book_id: int) -> set[int]:
        """The contacts a card of another address book is linked to."""
        return {
            int(contact_id or 0)
            for contact_id in self.session.scalars(
                sa.select(ContactCardRow.contact_id).where(
                    ContactCardRow.book_id != book_id, ContactCardRow.contact_id.is_not(None)
                )
            )
        }

    def card_states(self, book_id: int) -> dict[str, int]:
        """How many cards of an address book are in each state (linked, unlinked,
        unmatched); states with no card are missing."""
        states = self.session.execute(
            sa.select(ContactCardRow.state, sa.func.count())
            .where(ContactCardRow.book_id == book_id)
            .group_by(ContactCardRow.state)
        ).all()
        return {str(state): int(n) for state, n in states}
