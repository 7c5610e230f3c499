"""CardDAV address books and the cards synced from them (address_books, contact_cards)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class AddressBookRepository(Repository):
    """CardDAV address books and the cards synced from them."""
