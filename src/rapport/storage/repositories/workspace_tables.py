"""Every table at once, for backups, restores, imports of a whole workspace and the demo (the
bulk paths)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class WorkspaceTables(Repository):
    """Every table at once, for backups, restores, imports of a whole workspace and the demo."""
