"""Stored trust scores, trust snapshots and self-assessments (client_scores, trust_snapshots,
assessments)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class ScoreRepository(Repository):
    """Stored trust scores, trust snapshots and self-assessments."""
