"""Clients' contact people (contacts)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class ContactRepository(Repository):
    """Clients' contact people."""
