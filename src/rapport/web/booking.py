"""The booking page, ``/book/TOKEN``: answered WITHOUT a login to whoever has the client's
private address, in the client's language (``?lang=`` overrides). It shows what Rapport
would accept for this client (rapport.domain.booking), takes a booking (a form with a
CSRF token in a cookie and a field, rate-limited per address as logins are), confirms it
and lets the client cancel it. The owner's API is rapport.web.api.bookings.

Texts are in the ``sync`` translation domain (marked in :data:`TEXTS`)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rapport.domain.model import Client
from rapport.errors import NotFoundError, RapportError
from rapport.i18n import gettext
from rapport.i18n import render as render_text
from rapport.jsonable import plain
from rapport.services.booking import BookingInfo
from rapport.services.booking_invite import when_text
from rapport.services.drafting import client_region
from rapport.texts import N_
from rapport.web.api.bounds import PathId
from rapport.web.deps import ContainerDep

public_router = APIRouter(include_in_schema=False)
page_router = APIRouter(include_in_schema=False)
DOMAIN = "sync"
COOKIE = "rapport_book_csrf"
THROTTLE_NAME = " booking"
"""The throttle row's name for booking posts (a leading space: never an account's name)."""

L_TOO_MANY = N_("Too many tries from your address: please wait a few minutes.")
TEXTS = (
    N_("Book a meeting"),
    N_("Book a meeting with {me}"),
    N_("Choose a time that suits you. Times are shown in your time zone ({zone})."),
    N_("Time"),
    N_("Length"),
    N_("{minutes} minutes"),
    N_("Format"),
    N_("In person"),
    N_("Video"),
    N_("Phone call"),
    N_("Your name"),
    N_("Your e-mail address"),
    N_("What would you like to talk about?"),
    N_("Book"),
    N_(
        "There is no free time for a meeting in the next two weeks. We are sorry — please "
        "write instead, and we will answer soon."
    ),
    N_("Many questions can be settled quickly in writing: you are welcome to write instead."),
    N_("Write instead"),
    N_("Your meeting is booked"),
    N_("{when}, {minutes} minutes ({format})."),
    N_("An invitation is on its way to {email}."),
    N_("Cancel this meeting"),
    N_("The meeting is cancelled. Thank you for letting us know."),
    N_("That time, length or format is not on offer: choose one from the list."),
    N_("That time is no longer free: choose another one."),
    N_("enter your name"),
    N_("enter an e-mail address"),
    N_("The form has expired: please try again."),
    L_TOO_MANY,
    N_("Page language"),
    # the client page's section (templates/clients/detail.html)
    N_("Booking page"),
    N_(
        "Send this private address to the client: they can book a meeting that fits their "
        "tier, your caps and your free time, without an account."
    ),
    N_("Copy the address"),
    N_("Copied."),
    N_("Make a booking address"),
    N_("Make a new address"),
    N_("No bookings yet."),
    N_("cancelled"),
    N_("Change"),
)
FORMAT_NAMES = {"in_person": "In person", "video": "Video", "call": "Phone call"}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
    )


def _language(request: Request, client: Client) -> str:
    from rapport.domain.validation import check_language

    wanted = request.query_params.get("lang")
    if wanted:
        try:
            return check_language(wanted)
        except RapportError:
            pass
    return client.language


def _client(request: Request, token: str) -> Client:
    client: Client | None = request.app.state.container.booking.client_for(token)
    if client is None:
        raise NotFoundError("no such booking page")
    return client


def _page(
    request: Request,
    client: Client,
    token: str,
    *,
    status: int = 200,
    error: str | None = None,
    done: dict[str, Any] | None = None,
    cancelled: bool = False,
) -> Response:
    from rapport import __version__
    from rapport.domain.model import LANGUAGES
    from rapport.drafts import date_text, datetime_text, zone_name
    from rapport.i18n import LANGUAGE_NAMES

    container = request.app.state.container
    lang = _language(request, client)

    def t(msgid: str, **values: Any) -> str:
        text = gettext(DOMAIN, lang, msgid)
        return text.format(**values) if values else text

    offer = container.booking.offer(client)
    zone = ZoneInfo(client.timezone)
    days: dict[str, list[dict[str, Any]]] = {}
    labels: dict[Any, str] = {}
    for slot in offer.slots:
        local = slot.start.astimezone(zone)
        if local.date() not in labels:
            labels[local.date()] = date_text(local.date(), lang, client.timezone)
        label = labels[local.date()]
        days.setdefault(label, []).append(
            {
                "value": slot.start.isoformat(),
                "label": datetime_text(slot.start, lang, client.timezone),
                "lengths": slot.lengths,
            }
        )
    lengths = sorted({length for slot in offer.slots for length in slot.lengths})
    nonce = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
    me = container.settings.me or "Rapport"
    html = (
        _environment()
        .get_template("booking.html")
        .render(
            t=t,
            lang=lang,
            version=__version__,
            path=request.url.path,
            languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            me=me,
            zone=zone_name(client.timezone, lang),
            days=days,
            lengths=lengths,
            formats=[(f.value, t(FORMAT_NAMES[f.value])) for f in offer.formats],
            write_instead=offer.write_instead,
            empty=offer.empty,
            write_to=container.settings.my_email,
            csrf=nonce,
            action=f"/book/{token}?lang={lang}",
            error=error,
            done=done,
            cancelled=cancelled,
        )
    )
    response = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE, nonce, httponly=True, samesite="strict", path="/book/", max_age=24 * 3600
    )
    return response


def _error(lang: str, exc: RapportError) -> str:
    return render_text(exc.text, lang, DOMAIN)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _allowed(request: Request) -> bool:
    from rapport.services import throttle

    container = request.app.state.container
    s = container.settings
    with container.db.transaction() as session:
        return throttle.take_try(
            session,
            THROTTLE_NAME,
            _address(request),
            limit=s.login_max_failures_per_address,
            window=timedelta(minutes=s.login_window_min),
        )


@public_router.get("/book/{token}")
def booking_page(request: Request, token: str) -> Response:
    """The client's booking page (no login; any other token: 404)."""
    client = _client(request, token)
    return _page(request, client, token)


@public_router.post("/book/{token}")
async def book(request: Request, token: str) -> Response:
    """Book the chosen time: 303 to the confirmation; a time no longer free 409, a choice
    not on offer 422, an expired form 403, too many tries 429 — each the page again with
    the reason."""
    from dateutil.parser import isoparse
    from starlette.concurrency import run_in_threadpool

    from rapport.crypto.tokens import same

    client = await run_in_threadpool(_client, request, token)
    lang = _language(request, client)
    form = await request.form()

    def field(name: str, limit: int = 2000) -> str:
        value = form.get(name)
        return value[:limit] if isinstance(value, str) else ""

    cookie = request.cookies.get(COOKIE, "")
    if not cookie or not same(cookie, field("csrf_token", 256)):
        message = gettext(DOMAIN, lang, "The form has expired: please try again.")
        return await run_in_threadpool(_page, request, client, token, status=403, error=message)
    if not await run_in_threadpool(_allowed, request):
        message = gettext(
            DOMAIN, lang, "Too many tries from your address: please wait a few minutes."
        )
        return await run_in_threadpool(_page, request, client, token, status=429, error=message)
    container = request.app.state.container
    try:
        start = isoparse(field("slot", 64))
        minutes = int(field("length", 8) or "0")
    except ValueError:
        start, minutes = datetime.min.replace(tzinfo=UTC), 0
    try:
        if start.tzinfo is None or minutes <= 0:
            from rapport.errors import InvalidInputError
            from rapport.services.booking import L_NOT_OFFERED

            raise InvalidInputError(L_NOT_OFFERED)
        booked = await run_in_threadpool(
            lambda: container.booking.book(
                client,
                start=start,
                minutes=minutes,
                meeting_format=field("format", 16),
                name=field("name", 200),
                email=field("email", 320),
                topic=field("topic", 2000),
                language=lang,
                base=str(request.base_url),
            )
        )
    except RapportError as exc:
        return await run_in_threadpool(
            _page, request, client, token, status=exc.status_code, error=_error(lang, exc)
        )
    signature = container.booking.cancel_signature(booked.id)
    return RedirectResponse(
        f"/book/{token}/done/{booked.id}?s={signature}&lang={lang}", status_code=303
    )


def _own_booking(request: Request, client: Client, booking_id: int, s: str) -> BookingInfo:
    container = request.app.state.container
    if not container.booking.signature_ok(booking_id, s):
        raise NotFoundError("no such booking")
    rows: list[BookingInfo] = container.booking.bookings(client_id=client.id)
    for row in rows:
        if row.id == booking_id:
            return row
    raise NotFoundError("no such booking")


@public_router.get("/book/{token}/done/{booking_id}")
def confirmation(request: Request, token: str, booking_id: PathId, s: str = "") -> Response:
    """The confirmation, with the client's cancel button."""
    client = _client(request, token)
    row = _own_booking(request, client, booking_id, s)
    lang = _language(request, client)
    start = datetime.fromisoformat(row.start)
    done = {
        **plain(row),
        "when": when_text(
            start,
            client.timezone,
            lang,
            writer_zone=request.app.state.container.settings.timezone,
            region=client_region(client, lang),
        ),
        "format_name": gettext(DOMAIN, lang, FORMAT_NAMES.get(row.format, row.format)),
        "cancel_action": f"/book/{token}/cancel/{booking_id}?lang={lang}",
        "signature": s,
    }
    return _page(request, client, token, done=done, cancelled=row.status == "cancelled")


@public_router.post("/book/{token}/cancel/{booking_id}")
async def cancel(request: Request, token: str, booking_id: PathId) -> Response:
    """The client cancels their booking (the signature from the confirmation address)."""
    from starlette.concurrency import run_in_threadpool

    from rapport.crypto.tokens import same

    client = await run_in_threadpool(_client, request, token)
    form = await request.form()
    signature = form.get("s")
    given = form.get("csrf_token")
    cookie = request.cookies.get(COOKIE, "")
    if not cookie or not isinstance(given, str) or not same(cookie, given):
        return Response(status_code=403)
    container = request.app.state.container
    await run_in_threadpool(
        container.booking.cancel_by_client,
        client,
        booking_id,
        signature if isinstance(signature, str) else "",
    )
    lang = _language(request, client)
    return RedirectResponse(
        f"/book/{token}/done/{booking_id}?s={signature}&lang={lang}", status_code=303
    )


# --- the client page's section (logged in) ----------------------------------------------------
@page_router.post("/clients/{client_id}/booking-link")
def make_booking_link(client_id: PathId, container: ContainerDep, reset: bool = False) -> Response:
    """Make the client's booking address (``?reset=1``: a new one; the old one then answers
    404); back to the client page."""
    container.booking.token(client_id, reset=reset)
    return RedirectResponse(f"/clients/{client_id}#booking", status_code=303)
