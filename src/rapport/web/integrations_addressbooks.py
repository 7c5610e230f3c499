"""The address-book part of the Integrations page (contact sync, CardDAV): the form that
adds one. The list and "Sync now" are the page's own (rapport.web.integrations); texts are
in the ``sync`` translation domain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rapport.errors import RapportError
from rapport.texts import N_
from rapport.web.deps import ContainerDep
from rapport.web.integrations import refused

router = APIRouter(include_in_schema=False)

TEXTS = (
    N_("Address books"),
    N_(
        "Rapport syncs clients' contacts with these address books both ways, with the "
        "calendars: cards become contacts of the client their ORG names, and contacts "
        "edited in Rapport are written back. A field changed on both sides keeps the "
        "server's value and is listed as a conflict."
    ),
    N_("No address books yet."),
    N_("Address book"),
    N_("Cards"),
    N_("Written back"),
    N_("Conflicts"),
    N_("Add an address book"),
    N_("Address (CardDAV address book)"),
    N_("Client for unmatched cards (optional)"),
    N_("Address book added."),
    N_("{contact}: {field} changed on both sides; kept the server's value"),
)


@router.post("/integrations/addressbooks")
def add_addressbook(
    request: Request,
    container: ContainerDep,
    url: Annotated[str, Form(max_length=2000)],
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    client: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        container.contact_sync.add(
            url,
            username=username.strip() or None,
            password=password or None,
            client=client.strip() or None,
        )
    except RapportError as exc:
        return refused(request, container, exc)
    return RedirectResponse("/integrations?book_added=1", status_code=303)
