"""Booking links, bookings, slot claims and booking settings (booking_links, bookings,
booking_claims, booking_settings)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class BookingRepository(Repository):
    """Booking links, bookings, slot claims and booking settings."""
