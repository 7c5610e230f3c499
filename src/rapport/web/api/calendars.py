"""/api/calendars and /api/sync: the calendars Rapport reads and syncing them now
(docs/integrations.md). Owners only (they read and write every client)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from rapport.domain.model import Tier
from rapport.jsonable import plain
from rapport.services.calendar_review import MadeClientJson, UnmatchedList
from rapport.services.calendar_sync import SourceInfo, SourceResultJson
from rapport.services.contact_sync import BookResultJson
from rapport.web.api.bounds import PathId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["calendars"])


class CalendarIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    kind: Literal["caldav", "ics"] | None = None
    username: Annotated[str | None, Field(max_length=200)] = None
    password: Annotated[str | None, Field(max_length=1000)] = None
    client: Annotated[str | None, Field(max_length=200)] = None
    write_agendas: bool = False


class AccountIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    username: Annotated[str | None, Field(max_length=200)] = None
    password: Annotated[str | None, Field(max_length=1000)] = None


class CalendarChange(BaseModel):
    write_agendas: bool


class UnmatchedClientIn(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]
    name: Annotated[str | None, Field(max_length=200)] = None
    tier: Tier | None = None


class EmailIn(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=320)]


class DiscoveredCalendar(BaseModel):
    """A calendar of a CalDAV account, and whether it is added already."""

    model_config = ConfigDict(extra="forbid")

    name: str
    url: str
    added: bool


class Ignored(BaseModel):
    """The address left off the review list (as stored: trimmed, lower case)."""

    model_config = ConfigDict(extra="forbid")

    ignored: str


class SyncedSources(BaseModel):
    """Every source's sync: calendars, address books, then mailboxes."""

    model_config = ConfigDict(extra="forbid")

    sources: list[BookResultJson | SourceResultJson]


@router.get("/calendars", response_model=list[model_of(SourceInfo)])  # type: ignore[misc]
def list_calendars(container: ContainerDep) -> Any:
    """The calendars, each with its last sync, result and error (never the password)."""
    return plain(container.calendar_sync.sources())


@router.post("/calendars", status_code=201, response_model=model_of(SourceInfo))
def add_calendar(body: CalendarIn, container: ContainerDep) -> Any:
    """Add a CalDAV calendar collection or an ICS address (the password is stored
    encrypted with the server key)."""
    info = container.calendar_sync.add(
        body.url,
        kind=body.kind,
        username=body.username,
        password=body.password,
        client=body.client,
        write_agendas=body.write_agendas,
    )
    return plain(info)


@router.post("/calendars/discover", response_model=list[DiscoveredCalendar])
def discover_calendars(body: AccountIn, container: ContainerDep) -> Any:
    """The calendars of a CalDAV account (server, principal or account address): each
    ``{name, url, added}``; add the chosen ones with ``POST /api/calendars``."""
    sync = container.calendar_sync
    found = sync.discover(body.url, username=body.username, password=body.password)
    have = {i.url for i in sync.sources()}
    return [{"name": f.name, "url": f.url, "added": f.url in have} for f in found]


@router.patch("/calendars/{calendar_id}", response_model=model_of(SourceInfo))
def change_calendar(calendar_id: PathId, body: CalendarChange, container: ContainerDep) -> Any:
    """Whether saved agendas are written into this (CalDAV) calendar's events."""
    return plain(container.calendar_sync.set_write_agendas(calendar_id, body.write_agendas))


@router.get("/sync/unmatched", response_model=model_of(UnmatchedList))
def list_unmatched(container: ContainerDep) -> Any:
    """People on synced events that match no contact or client: ``{"unmatched": [{email,
    name, events, last_seen, calendars}]}``, most events first."""
    return plain(UnmatchedList(tuple(container.calendar_review.unmatched())))


@router.post(
    "/sync/unmatched/client",
    status_code=201,
    response_model=None,
    responses={201: {"model": MadeClientJson}},
)
def unmatched_client(body: UnmatchedClientIn, container: ContainerDep) -> MadeClientJson:
    """Make a client with this person as its contact; the calendars they were on are
    matched again at once (``sources``: what that did)."""
    made = container.calendar_review.make_client(
        body.email,
        name=body.name,
        tier=body.tier,
        workspace=container.workspace,
        language=container.settings.language,
        timezone=container.settings.timezone,
    )
    return made.as_json()


@router.post("/sync/unmatched/ignore", response_model=Ignored)
def unmatched_ignore(body: EmailIn, container: ContainerDep) -> Any:
    """Leave an address off the list from now on."""
    return {"ignored": container.calendar_review.ignore(body.email)}


@router.delete("/calendars/{calendar_id}", response_model=model_of(SourceInfo))
def remove_calendar(
    calendar_id: PathId,
    container: ContainerDep,
    delete_interactions: bool = False,
) -> Any:
    """Stop syncing a calendar; the interactions it made stay unless
    ``delete_interactions``."""
    info = container.calendar_sync.remove(calendar_id, keep_interactions=not delete_interactions)
    return plain(info)


@router.post("/sync", response_model=None, responses={200: {"model": SyncedSources}})
def sync_now(container: ContainerDep) -> dict[str, Any]:
    """Read every calendar, address book and mailbox once, now: ``{"sources": [{url, kind,
    events, created, updated, removed, unmatched, error}]}`` (kind ``carddav`` for an address
    book, with ``pushed`` and ``conflicts``; ``imap`` for a mailbox). A source's failure is
    its ``error``; nothing of that source is written."""
    return {"sources": [r.as_json() for r in container.sync_sources.sync_all()]}
