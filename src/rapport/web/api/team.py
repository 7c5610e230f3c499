"""/api/me, /api/users, /api/audit and client sharing (docs/security.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict

from rapport.jsonable import dump
from rapport.security.access import Role
from rapport.security.web import CSRF_KEY
from rapport.web.api.bounds import PathId
from rapport.web.deps import ContainerDep, Offset

router = APIRouter(tags=["accounts"])


class UserUpdate(BaseModel):
    """What to change about an account; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    disabled: bool | None = None


class ShareUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    can_edit: bool = False


@router.get("/me")
def me(request: Request, container: ContainerDep) -> dict[str, Any]:
    """Who the request acts as; with a session cookie also the CSRF token that scripts send
    as ``X-CSRF-Token``."""
    actor = container.actor
    assert actor is not None
    found = {"name": actor.name, "role": actor.role.value, "mode": container.settings.mode}
    if CSRF_KEY in request.scope:
        found["csrf_token"] = request.scope[CSRF_KEY]
    return found


@router.get("/users")
def users(container: ContainerDep) -> list[dict[str, Any]]:
    """Every account (owners only)."""
    return [dump(u) for u in container.accounts.list_users()]


@router.patch("/users/{user}")
def update_user(user: str, body: UserUpdate, container: ContainerDep) -> dict[str, Any]:
    """Change an account's role or switch it off and on (owners only). The last enabled
    owner cannot be demoted or disabled (409)."""
    changed = container.accounts.update_user(user, role=body.role, disabled=body.disabled)
    result: dict[str, Any] = dump(changed)
    return result


@router.delete("/users/{user}", status_code=204)
def remove_user(user: str, container: ContainerDep) -> Response:
    """Delete an account with its tokens, logins and shares (owners only; not the last
    owner)."""
    container.accounts.remove_user(user)
    return Response(status_code=204)


@router.get("/audit")
def audit(
    container: ContainerDep,
    response: Response,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    client: Annotated[str | None, Query(description="Client name or id.")] = None,
    actor: Annotated[str | None, Query(description="Who acted (account name).")] = None,
    entity: Annotated[str | None, Query(description="Kind of record (client, note, ...).")] = None,
    since: Annotated[str | None, Query(description="From this day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="Up to this day, included.")] = None,
) -> list[dict[str, Any]]:
    """The audit log, newest first, filtered (owners only); ``X-Total-Count`` gives how
    many entries match. Days are in the workspace's time zone."""
    service = container.audit
    where = service.filter(
        client=client,
        actor=actor,
        entity=entity,
        since=since,
        until=until,
        zone=container.settings.timezone,
    )
    response.headers["X-Total-Count"] = str(service.count(where))
    return [dump(e) for e in service.entries(limit=limit, offset=offset, where=where)]


@router.get("/clients/{client_id}/shares")
def shares(client_id: PathId, container: ContainerDep) -> list[dict[str, Any]]:
    return [dump(s) for s in container.accounts.shares(client_id)]


@router.put("/clients/{client_id}/shares/{user}")
def share(
    client_id: PathId, user: str, body: ShareUpdate, container: ContainerDep
) -> dict[str, Any]:
    """Share a client with an account (who may change it: owners and its editors)."""
    result: dict[str, Any] = dump(container.accounts.share(client_id, user, can_edit=body.can_edit))
    return result


@router.delete("/clients/{client_id}/shares/{user}", status_code=204)
def unshare(client_id: PathId, user: str, container: ContainerDep) -> Response:
    container.accounts.unshare(client_id, user)
    return Response(status_code=204)
