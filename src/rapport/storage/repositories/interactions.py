"""Interactions with clients: meetings, calls, e-mails (interactions)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class InteractionRepository(Repository):
    """Interactions with clients: meetings, calls, e-mails."""
