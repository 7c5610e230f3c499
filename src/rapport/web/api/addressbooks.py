"""/api/addressbooks: the CardDAV address books synced with clients' contacts (docs/
integrations.md "Contact sync (CardDAV)"); ``POST /api/sync`` syncs them with the calendars.
Owners only (they read and write every client's contacts)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from rapport.jsonable import plain
from rapport.services.contact_sync import BookInfo
from rapport.web.api.bounds import PathId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["addressbooks"])


class AddressBookIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    username: Annotated[str | None, Field(max_length=200)] = None
    password: Annotated[str | None, Field(max_length=1000)] = None
    client: Annotated[str | None, Field(max_length=200)] = None


@router.get("/addressbooks", response_model=list[model_of(BookInfo)])  # type: ignore[misc]
def list_addressbooks(container: ContainerDep) -> Any:
    """The address books, each with its last sync, result and error (never the password)."""
    return plain(container.contact_sync.books())


@router.post("/addressbooks", status_code=201, response_model=model_of(BookInfo))
def add_addressbook(body: AddressBookIn, container: ContainerDep) -> Any:
    """Add a CardDAV address-book collection (the password is stored encrypted with the
    server key)."""
    info = container.contact_sync.add(
        body.url, username=body.username, password=body.password, client=body.client
    )
    return plain(info)


@router.delete("/addressbooks/{addressbook_id}", response_model=model_of(BookInfo))
def remove_addressbook(addressbook_id: PathId, container: ContainerDep) -> Any:
    """Stop syncing an address book; its contacts stay, and its cards on the server."""
    return plain(container.contact_sync.remove(addressbook_id))
