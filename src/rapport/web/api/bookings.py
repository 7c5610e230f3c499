"""/api/clients/{id}/booking-link and /api/bookings: booking pages and the bookings made
on them (docs/integrations.md "Booking page")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from rapport.web.api.bounds import PathId
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["booking"])


@router.get("/clients/{client_id}/booking-link")
def booking_link(client_id: PathId, request: Request, container: ContainerDep) -> dict[str, Any]:
    """The client's private booking page address (made on first use)."""
    base = str(request.base_url).rstrip("/")
    found: dict[str, Any] = container.booking.url(client_id, base)
    return found


@router.post("/clients/{client_id}/booking-link/reset")
def reset_booking_link(
    client_id: PathId, request: Request, container: ContainerDep
) -> dict[str, Any]:
    """A new address for the client's booking page; the old one answers 404 from now on."""
    base = str(request.base_url).rstrip("/")
    found: dict[str, Any] = container.booking.url(client_id, base, reset=True)
    return found


@router.get("/bookings")
def list_bookings(container: ContainerDep) -> list[dict[str, Any]]:
    """Bookings made on the booking pages, by start, with each follow-up step's outcome
    (``steps``: null when it worked, else its error)."""
    rows: list[dict[str, Any]] = container.booking.bookings()
    return rows


@router.delete("/bookings/{booking_id}")
def cancel_booking(booking_id: PathId, container: ContainerDep) -> dict[str, Any]:
    """Cancel a booking: its planned meeting goes, its time is free again."""
    done: dict[str, Any] = container.booking.cancel(booking_id)
    return done
