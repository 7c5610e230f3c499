"""Projects, revenue and notes: the client's records with no rules of their own (projects,
revenue, notes)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class RecordRepository(Repository):
    """Projects, revenue and notes: the client's records with no rules of their own."""
