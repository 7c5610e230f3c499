"""/api/me, /api/users, /api/tokens, passwords, /api/audit and client sharing
(docs/security.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, NotRequired

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, create_model, with_config
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from rapport.jsonable import dump
from rapport.policy.roles import Role
from rapport.services.accounts import Share, TokenInfo, User
from rapport.services.audit import AuditEntry
from rapport.web.api.bounds import PathId
from rapport.web.api.results import model_of
from rapport.web.auth import CSRF_KEY
from rapport.web.deps import ContainerDep, Offset

router = APIRouter(tags=["accounts"])


@with_config(ConfigDict(extra="forbid"))
class Me(TypedDict):
    """GET /api/me: who the request acts as (``csrf_token`` only with a session cookie)."""

    name: str
    role: Role
    mode: Literal["single", "team"]
    csrf_token: NotRequired[str]


CreatedToken: type[BaseModel] = create_model(
    "CreatedToken",
    __base__=model_of(TokenInfo),
    __doc__="A new API token: its description and, this once, the token itself.",
    token=(str, ...),
)


class UserUpdate(BaseModel):
    """What to change about an account; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None
    disabled: bool | None = None


class ShareUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    can_edit: bool = False


@router.get("/me", response_model=Me)
def me(request: Request, container: ContainerDep) -> Any:
    """Who the request acts as; with a session cookie also the CSRF token that scripts send
    as ``X-CSRF-Token``."""
    actor = container.actor
    assert actor is not None
    found: Me = {"name": actor.name, "role": actor.role, "mode": container.settings.mode}
    if CSRF_KEY in request.scope:
        found["csrf_token"] = request.scope[CSRF_KEY]
    return found


@router.get("/users", response_model=list[model_of(User)])  # type: ignore[misc]
def users(container: ContainerDep) -> Any:
    """Every account (owners only)."""
    return [dump(u) for u in container.accounts.list_users()]


@router.patch("/users/{user}", response_model=model_of(User))
def update_user(user: str, body: UserUpdate, container: ContainerDep) -> Any:
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


@router.get("/audit", response_model=list[model_of(AuditEntry)])  # type: ignore[misc]
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
) -> Any:
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


@router.get("/clients/{client_id}/shares", response_model=list[model_of(Share)])  # type: ignore[misc]
def shares(client_id: PathId, container: ContainerDep) -> Any:
    return [dump(s) for s in container.accounts.shares(client_id)]


@router.put("/clients/{client_id}/shares/{user}", response_model=model_of(Share))
def share(client_id: PathId, user: str, body: ShareUpdate, container: ContainerDep) -> Any:
    """Share a client with an account (who may change it: owners and its editors)."""
    result: dict[str, Any] = dump(container.accounts.share(client_id, user, can_edit=body.can_edit))
    return result


@router.delete("/clients/{client_id}/shares/{user}", status_code=204)
def unshare(client_id: PathId, user: str, container: ContainerDep) -> Response:
    container.accounts.unshare(client_id, user)
    return Response(status_code=204)


class NewUser(BaseModel):
    """An account to create (owners only)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=100, description="Login name.")]
    role: Role = Role.MEMBER
    password: Annotated[str, Field(min_length=1, max_length=1000)]


class NewPassword(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: Annotated[str, Field(min_length=1, max_length=1000)]


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: Annotated[str, Field(min_length=1, max_length=1000)]
    new_password: Annotated[str, Field(min_length=1, max_length=1000)]


class NewToken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: Annotated[str, Field(min_length=1, max_length=100, description="Who it acts as.")]
    label: Annotated[str, Field(max_length=200, description="What it is for.")] = ""


@router.post("/users", status_code=201, response_model=model_of(User))
def add_user(body: NewUser, container: ContainerDep) -> Any:
    """Create an account (owners only); 409 when the name is taken."""
    result: dict[str, Any] = dump(container.accounts.add_user(body.name, body.role, body.password))
    return result


@router.put("/users/{user}/password", response_model=model_of(User))
def set_user_password(user: str, body: NewPassword, container: ContainerDep) -> Any:
    """Set an account's password (owners only): its web logins end and its API tokens are
    revoked, as with `rapport users password`."""
    result: dict[str, Any] = dump(container.accounts.set_password(user, body.password))
    return result


@router.post("/me/password", response_model=model_of(User))
def change_my_password(body: PasswordChange, container: ContainerDep) -> Any:
    """Change the calling account's own password (403 when the current one is wrong).
    Its web logins end; its API tokens stay (an owner revokes them)."""
    changed = container.accounts.change_own_password(body.current_password, body.new_password)
    result: dict[str, Any] = dump(changed)
    return result


@router.get("/tokens", response_model=list[model_of(TokenInfo)])  # type: ignore[misc]
def list_tokens(container: ContainerDep) -> Any:
    """Every API token: its first characters, never the token (owners only)."""
    return [dump(t) for t in container.accounts.list_tokens()]


@router.post("/tokens", status_code=201, response_model=CreatedToken)
def create_token(body: NewToken, container: ContainerDep) -> Any:
    """A new token for an account (owners only). The answer's ``token`` is shown this
    once (only its digest is stored); send it as ``Authorization: Bearer TOKEN``."""
    info, token = container.accounts.create_token(body.user, body.label)
    result: dict[str, Any] = dump(info)
    result["token"] = token
    return result


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: PathId, container: ContainerDep) -> Response:
    """Revoke a token: it is refused from the next request on (owners only)."""
    container.accounts.revoke_token(token_id)
    return Response(status_code=204)
