"""/api/calendars and /api/sync: the calendars Rapport reads and syncing them now
(docs/integrations.md). Owners only (they read and write every client)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from rapport.web.api.bounds import PathId
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["calendars"])


class CalendarIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    kind: Literal["caldav", "ics"] | None = None
    username: Annotated[str | None, Field(max_length=200)] = None
    password: Annotated[str | None, Field(max_length=1000)] = None
    client: Annotated[str | None, Field(max_length=200)] = None


def _public(info: Any) -> dict[str, Any]:
    return asdict(info)


@router.get("/calendars")
def list_calendars(container: ContainerDep) -> list[dict[str, Any]]:
    """The calendars, each with its last sync, result and error (never the password)."""
    return [_public(i) for i in container.calendar_sync.sources()]


@router.post("/calendars", status_code=201)
def add_calendar(body: CalendarIn, container: ContainerDep) -> dict[str, Any]:
    """Add a CalDAV calendar collection or an ICS address (the password is stored
    encrypted with the server key)."""
    info = container.calendar_sync.add(
        body.url,
        kind=body.kind,
        username=body.username,
        password=body.password,
        client=body.client,
    )
    return _public(info)


@router.delete("/calendars/{calendar_id}")
def remove_calendar(
    calendar_id: PathId,
    container: ContainerDep,
    delete_interactions: bool = False,
) -> dict[str, Any]:
    """Stop syncing a calendar; the interactions it made stay unless
    ``delete_interactions``."""
    info = container.calendar_sync.remove(calendar_id, keep_interactions=not delete_interactions)
    return _public(info)


@router.post("/sync")
def sync_now(container: ContainerDep) -> dict[str, Any]:
    """Read every calendar and mailbox once, now: ``{"sources": [{url, kind, events,
    created, updated, removed, unmatched, error}]}`` (kind ``imap`` for a mailbox). A
    source's failure is its ``error``; nothing half-written."""
    return {"sources": [r.as_json() for r in container.sync_sources.sync_all()]}
