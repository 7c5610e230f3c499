"""Calendar sources, their synced items, ignored organisers and feed tokens (calendar_sources,
calendar_items, calendar_ignored, feed_tokens)."""

from __future__ import annotations

import sqlalchemy as sa

from rapport.storage.repositories.base import Repository
from rapport.storage.sync_rows import CalendarSourceRow


class CalendarRepository(Repository):
    """Calendar sources, their synced items, ignored organisers and feed tokens."""

    # --- used by contacts-booking
    def caldav_source(self, ref_id: int, url: str) -> CalendarSourceRow | None:
        """The CalDAV calendar numbered ``ref_id`` or at ``url`` (the booking calendar)."""
        return self.session.scalars(
            sa.select(CalendarSourceRow).where(
                sa.or_(CalendarSourceRow.id == ref_id, CalendarSourceRow.url == url),
                CalendarSourceRow.kind == "caldav",
            )
        ).first()

    def caldav_source_id(self, ref_id: int, url: str) -> int | None:
        """The number of the CalDAV calendar numbered ``ref_id`` or at ``url``."""
        found = self.session.scalar(
            sa.select(CalendarSourceRow.id).where(
                sa.or_(CalendarSourceRow.id == ref_id, CalendarSourceRow.url == url),
                CalendarSourceRow.kind == "caldav",
            )
        )
        return None if found is None else int(found)

    def detached_source(self, source_id: int) -> CalendarSourceRow | None:
        """A calendar source as it is now, usable after the session ends."""
        row = self.session.get(CalendarSourceRow, source_id)
        if row is not None:
            self.session.expunge(row)
        return row
