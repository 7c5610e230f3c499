"""/api/clients/{id}/booking-link and /api/bookings: booking pages and the bookings made
on them (docs/integrations.md "Booking page")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from rapport.jsonable import plain
from rapport.services.booking import BookingInfo, BookingLink
from rapport.web.api.bounds import PathId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["booking"])


@router.get("/clients/{client_id}/booking-link", response_model=model_of(BookingLink))
def booking_link(client_id: PathId, request: Request, container: ContainerDep) -> Any:
    """The client's private booking page address (made on first use)."""
    base = str(request.base_url).rstrip("/")
    return plain(container.booking.url(client_id, base))


@router.post("/clients/{client_id}/booking-link/reset", response_model=model_of(BookingLink))
def reset_booking_link(client_id: PathId, request: Request, container: ContainerDep) -> Any:
    """A new address for the client's booking page; the old one answers 404 from now on."""
    base = str(request.base_url).rstrip("/")
    return plain(container.booking.url(client_id, base, reset=True))


@router.get("/bookings", response_model=list[model_of(BookingInfo)])  # type: ignore[misc]
def list_bookings(container: ContainerDep) -> Any:
    """Bookings made on the booking pages, by start, with each follow-up step's outcome
    (``steps``: null when it worked, else its error)."""
    return plain(container.booking.bookings())


@router.delete("/bookings/{booking_id}", response_model=model_of(BookingInfo))
def cancel_booking(booking_id: PathId, container: ContainerDep) -> Any:
    """Cancel a booking: its planned meeting goes, its time is free again."""
    return plain(container.booking.cancel(booking_id))
