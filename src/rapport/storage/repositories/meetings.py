"""Triage decisions, boundary resets and saved agendas (triage_decisions, boundary_resets,
saved_agendas)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class MeetingRepository(Repository):
    """Triage decisions, boundary resets and saved agendas."""
