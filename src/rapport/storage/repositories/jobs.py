"""Background jobs run in process (jobs)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class JobRepository(Repository):
    """Background jobs run in process."""
