"""/api/addressbooks: the CardDAV address books synced with clients' contacts (docs/
integrations.md "Contact sync (CardDAV)"); ``POST /api/sync`` syncs them with the calendars.
Owners only (they read and write every client's contacts)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from rapport.web.api.bounds import PathId
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["addressbooks"])


class AddressBookIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    username: Annotated[str | None, Field(max_length=200)] = None
    password: Annotated[str | None, Field(max_length=1000)] = None
    client: Annotated[str | None, Field(max_length=200)] = None


@router.get("/addressbooks")
def list_addressbooks(container: ContainerDep) -> list[dict[str, Any]]:
    """The address books, each with its last sync, result and error (never the password)."""
    return [asdict(i) for i in container.contact_sync.books()]


@router.post("/addressbooks", status_code=201)
def add_addressbook(body: AddressBookIn, container: ContainerDep) -> dict[str, Any]:
    """Add a CardDAV address-book collection (the password is stored encrypted with the
    server key)."""
    info = container.contact_sync.add(
        body.url, username=body.username, password=body.password, client=body.client
    )
    return asdict(info)


@router.delete("/addressbooks/{addressbook_id}")
def remove_addressbook(addressbook_id: PathId, container: ContainerDep) -> dict[str, Any]:
    """Stop syncing an address book; its contacts stay, and its cards on the server."""
    return asdict(container.contact_sync.remove(addressbook_id))
