"""Calendar sources, their synced items, ignored organisers and feed tokens (calendar_sources,
calendar_items, calendar_ignored, feed_tokens)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from rapport.storage.calendar_review_rows import CalendarIgnoredRow
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.sync_rows import CalendarItemRow, CalendarSourceRow, FeedTokenRow

CalendarRow = CalendarSourceRow | CalendarItemRow | CalendarIgnoredRow | FeedTokenRow


class CalendarRepository(Repository):
    """Calendar sources, their synced items, ignored organisers and feed tokens."""

    # --- writes ----------------------------------------------------------------------------
    def add(self, row: CalendarRow) -> None:
        """A new source, item, ignored address or feed token (written on flush)."""
        self.session.add(row)

    def delete(self, row: CalendarRow) -> None:
        self.session.delete(row)

    # --- sources ---------------------------------------------------------------------------
    def source(self, source_id: int) -> CalendarSourceRow | None:
        return self.session.get(CalendarSourceRow, source_id)

    def source_for_update(self, source_id: int) -> CalendarSourceRow | None:
        """The source, locked until the transaction ends (PostgreSQL row lock), so two
        processes syncing the same calendar take turns."""
        return self.session.scalars(
            sa.select(CalendarSourceRow).where(CalendarSourceRow.id == source_id).with_for_update()
        ).first()

    def source_id_by_url(self, url: str) -> int | None:
        """The number of the source with exactly this address, if one is added."""
        return self.session.scalar(
            sa.select(CalendarSourceRow.id).where(CalendarSourceRow.url == url)
        )

    def sources_with_client(self) -> list[tuple[CalendarSourceRow, str | None]]:
        """Every source by number, each with the name of its fallback client (if any)."""
        rows = self.session.execute(
            sa.select(CalendarSourceRow, ClientRow.name)
            .outerjoin(ClientRow, ClientRow.id == CalendarSourceRow.client_id)
            .order_by(CalendarSourceRow.id)
        ).all()
        return [(row, name) for row, name in rows]

    def agenda_sources(self) -> list[CalendarSourceRow]:
        """The CalDAV sources that take saved agendas (``write_agendas`` on)."""
        return list(
            self.session.scalars(
                sa.select(CalendarSourceRow).where(
                    CalendarSourceRow.write_agendas.is_(True), CalendarSourceRow.kind == "caldav"
                )
            )
        )

    def delete_source(self, source_id: int) -> None:
        """The source and its items (the interactions it made are not touched here)."""
        self.session.execute(
            sa.delete(CalendarItemRow).where(CalendarItemRow.source_id == source_id)
        )
        self.session.execute(sa.delete(CalendarSourceRow).where(CalendarSourceRow.id == source_id))

    # --- items -----------------------------------------------------------------------------
    def items(self, source_id: int) -> list[CalendarItemRow]:
        """The source's resources as last read."""
        return list(
            self.session.scalars(
                sa.select(CalendarItemRow).where(CalendarItemRow.source_id == source_id)
            )
        )

    def item(self, source_id: int, href: str) -> CalendarItemRow | None:
        return self.session.scalars(
            sa.select(CalendarItemRow).where(
                CalendarItemRow.source_id == source_id, CalendarItemRow.href == href
            )
        ).first()

    def versions(self, source_id: int) -> dict[str, str]:
        """Each of the source's resources (href) with its version (ETag or hash) last read."""
        rows = self.session.execute(
            sa.select(CalendarItemRow.href, CalendarItemRow.version).where(
                CalendarItemRow.source_id == source_id
            )
        ).all()
        return {str(href): version for href, version in rows}

    def item_count(self, source_id: int) -> int:
        return (
            self.session.scalar(
                sa.select(sa.func.count())
                .select_from(CalendarItemRow)
                .where(CalendarItemRow.source_id == source_id)
            )
            or 0
        )

    def unmatched_total(self, source_id: int) -> int:
        """How many of the source's event occurrences matched nobody."""
        return (
            self.session.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(CalendarItemRow.unmatched), 0)).where(
                    CalendarItemRow.source_id == source_id
                )
            )
            or 0
        )

    def unmatched_people(self) -> list[tuple[int, list[dict[str, Any]] | None]]:
        """Who was on each resource's unmatched events (source number, people as stored),
        for resources with any."""
        rows = self.session.execute(
            sa.select(CalendarItemRow.source_id, CalendarItemRow.people).where(
                CalendarItemRow.people.is_not(None), CalendarItemRow.unmatched > 0
            )
        ).all()
        return [(source_id, people) for source_id, people in rows]

    # --- ignored organisers ----------------------------------------------------------------
    def ignored_emails(self) -> set[str]:
        return set(self.session.scalars(sa.select(CalendarIgnoredRow.email)))

    def is_ignored(self, email: str) -> bool:
        return (
            self.session.scalar(
                sa.select(CalendarIgnoredRow.id).where(CalendarIgnoredRow.email == email)
            )
            is not None
        )

    # --- feed tokens -----------------------------------------------------------------------
    def feed_token_of(self, user_id: int | None) -> FeedTokenRow | None:
        """The feed token of an account (None: the command line's and single user's)."""
        where = (
            FeedTokenRow.user_id.is_(None) if user_id is None else FeedTokenRow.user_id == user_id
        )
        return self.session.scalars(sa.select(FeedTokenRow).where(where)).first()

    def feed_token_by_digest(self, digest: str) -> FeedTokenRow | None:
        return self.session.scalars(
            sa.select(FeedTokenRow).where(FeedTokenRow.token_digest == digest)
        ).first()

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
