"""Promises made to clients (commitments)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class CommitmentRepository(Repository):
    """Promises made to clients."""
