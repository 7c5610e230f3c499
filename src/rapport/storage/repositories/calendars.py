"""Calendar sources, their synced items, ignored organisers and feed tokens (calendar_sources,
calendar_items, calendar_ignored, feed_tokens)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class CalendarRepository(Repository):
    """Calendar sources, their synced items, ignored organisers and feed tokens."""
