"""Booking links, bookings, slot claims and booking settings (booking_links, bookings,
booking_claims, booking_settings)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from rapport.storage.booking_rows import (
    BookingClaimRow,
    BookingLinkRow,
    BookingRow,
    BookingSettingsRow,
)
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository

BOOKED = "booked"


class BookingRepository(Repository):
    """Booking links, bookings, slot claims and booking settings."""

    # --- writes ----------------------------------------------------------------------------
    def add(self, row: BookingRow | BookingLinkRow) -> None:
        """A new booking or booking link (written on flush)."""
        self.session.add(row)

    def claim(self, booking_id: int, units: Iterable[datetime]) -> None:
        """The booking's units of time: ``unit_start`` is unique, so two bookings of
        overlapping time cannot both commit (an IntegrityError at the flush or commit)."""
        for unit in units:
            self.session.add(BookingClaimRow(unit_start=unit, booking_id=booking_id))

    def release(self, booking_id: int) -> None:
        """Free the booking's units of time (a cancelled booking)."""
        self.session.execute(
            sa.delete(BookingClaimRow).where(BookingClaimRow.booking_id == booking_id)
        )

    # --- links -----------------------------------------------------------------------------
    def link_of(self, client_id: int) -> BookingLinkRow | None:
        return self.session.scalars(
            sa.select(BookingLinkRow).where(BookingLinkRow.client_id == client_id)
        ).first()

    def sealed_token_of(self, client_id: int) -> str | None:
        """The client's booking token as stored (encrypted); None: no link was made."""
        return self.session.scalar(
            sa.select(BookingLinkRow.token_encrypted).where(BookingLinkRow.client_id == client_id)
        )

    def client_id_by_digest(self, digest: str) -> int | None:
        """Whose booking link has this token digest (None: nobody's)."""
        found = self.session.scalar(
            sa.select(BookingLinkRow.client_id).where(BookingLinkRow.token_digest == digest)
        )
        return None if found is None else int(found)

    # --- bookings --------------------------------------------------------------------------
    def by_id(self, booking_id: int) -> BookingRow | None:
        return self.session.get(BookingRow, booking_id)

    def detached(self, booking_id: int) -> BookingRow | None:
        """The booking as it is now, usable after the session ends (its attributes as
        loaded; changes to it are not written)."""
        row = self.session.get(BookingRow, booking_id)
        if row is not None:
            self.session.expunge(row)
        return row

    def booked_between(self, begin: datetime, end: datetime) -> list[tuple[datetime, int]]:
        """(start, minutes) of the bookings not cancelled that start in [begin, end)."""
        rows = self.session.execute(
            sa.select(BookingRow.start, BookingRow.minutes).where(
                BookingRow.status == BOOKED,
                BookingRow.start >= begin,
                BookingRow.start < end,
            )
        ).all()
        return [(start, int(minutes)) for start, minutes in rows]

    def with_client_names(self, client_id: int | None = None) -> list[tuple[BookingRow, str]]:
        """The bookings of the clients the caller may see (or of one client), by start,
        each with its client's name."""
        query = self.scope.filter_clients(
            sa.select(BookingRow, ClientRow.name)
            .join(ClientRow, ClientRow.id == BookingRow.client_id)
            .order_by(BookingRow.start, BookingRow.id),
            BookingRow.client_id,
        )
        if client_id is not None:
            query = query.where(BookingRow.client_id == client_id)
        return [(row, str(name)) for row, name in self.session.execute(query).all()]

    # --- settings --------------------------------------------------------------------------
    def take_turn(self) -> None:
        """Bump the booking-settings row first thing in a booking's transaction: from here
        on this booking is the only one being written (a row lock on PostgreSQL, the write
        lock on SQLite), so the caps are checked against what the previous one wrote."""
        self._ensure_settings()
        self.session.execute(
            sa.update(BookingSettingsRow)
            .where(BookingSettingsRow.id == 1)
            .values(version=BookingSettingsRow.version + 1)
        )

    def calendar_source_id(self) -> int | None:
        """The CalDAV calendar chosen for bookings (None: none chosen)."""
        found = self.session.scalar(
            sa.select(BookingSettingsRow.calendar_source_id).where(BookingSettingsRow.id == 1)
        )
        return None if found is None else int(found)

    def set_calendar_source(self, source_id: int) -> None:
        self._ensure_settings()
        self.session.execute(
            sa.update(BookingSettingsRow)
            .where(BookingSettingsRow.id == 1)
            .values(calendar_source_id=source_id)
        )

    def _ensure_settings(self) -> None:
        """The one booking-settings row (made by the migration; made again if it was
        removed)."""
        dialect = self.session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
            BookingSettingsRow
        )
        self.session.execute(
            insert.values(id=1, version=0).on_conflict_do_nothing(index_elements=["id"])
        )
