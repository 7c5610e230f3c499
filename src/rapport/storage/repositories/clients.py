"""Clients (clients)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class ClientRepository(Repository):
    """Clients."""
