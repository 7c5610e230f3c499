"""The audit log (audit)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class AuditRepository(Repository):
    """The audit log."""
