"""/api/clients: create, read, update, delete clients."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from rapport.domain.model import Client, ClientKind, Origin, Tier
from rapport.web.api.bounds import CadenceDays, HoursCap, Id, PathId, Share
from rapport.web.deps import Limit, Offset, WorkspaceDep

router = APIRouter(prefix="/clients", tags=["clients"])


class ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    kind: ClientKind = ClientKind.ORGANISATION
    language: str = "en"
    timezone: str = "UTC"
    origin: Origin = Origin.COLD
    referred_by_client_id: Id | None = None
    referred_by_contact_id: Id | None = None
    cadence_days: CadenceDays = 30
    personal_budget: Share = 0.1
    monthly_meeting_hours_cap: HoursCap | None = None
    tier_override: Tier | None = None
    notes: str = ""
    email: str | None = None
    owner_colleague: str | None = None


class ClientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: ClientKind | None = None
    language: str | None = None
    timezone: str | None = None
    origin: Origin | None = None
    referred_by_client_id: Id | None = None
    referred_by_contact_id: Id | None = None
    cadence_days: CadenceDays | None = None
    personal_budget: Share | None = None
    monthly_meeting_hours_cap: HoursCap | None = None
    tier_override: Tier | None = None
    notes: str | None = None
    email: str | None = None
    owner_colleague: str | None = None


class Page(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[Client]


@router.get("", response_model=Page)
def list_clients(
    ws: WorkspaceDep, offset: Offset = 0, limit: Limit = 50, search: str | None = None
) -> dict[str, Any]:
    items = ws.list_clients(search=search, offset=offset, limit=limit)
    total = ws.count(Client) if not search else len(ws.list_clients(search=search))
    return {"total": total, "offset": offset, "limit": limit, "items": items}


@router.post("", response_model=Client, status_code=201)
def create_client(body: ClientCreate, ws: WorkspaceDep) -> Client:
    return ws.add_client(Client(**body.model_dump()))


@router.get("/{client_id}", response_model=Client)
def get_client(client_id: PathId, ws: WorkspaceDep) -> Client:
    return ws.get(Client, client_id)


@router.patch("/{client_id}", response_model=Client)
def update_client(client_id: PathId, body: ClientUpdate, ws: WorkspaceDep) -> Client:
    return ws.update(Client, client_id, body.model_dump(exclude_unset=True))


@router.delete("/{client_id}", status_code=204)
def delete_client(client_id: PathId, ws: WorkspaceDep) -> Response:
    ws.delete(Client, client_id)
    return Response(status_code=204)
