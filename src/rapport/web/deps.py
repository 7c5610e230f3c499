"""FastAPI dependencies as Annotated aliases, and where a request's actor is kept.

The access middleware (rapport.web.auth) identifies the caller and puts the actor in the
request scope under :data:`ACTOR_KEY`; the dependencies here read it from there. The
middleware imports this module, never the other way round.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from starlette.types import Scope

from rapport.bootstrap import Container
from rapport.policy.access import Actor
from rapport.services.workspace import WorkspaceService

ACTOR_KEY = "rapport.actor"
"""The request scope's key for the :class:`Actor` the access middleware found."""


def actor_of(scope: Scope) -> Actor | None:
    actor: Actor | None = scope.get(ACTOR_KEY)
    return actor


def get_container(request: Request) -> Container:
    """The container for this request: its services only see what the caller may see
    (docs/security.md). The access middleware has identified the caller."""
    actor = actor_of(request.scope)
    if actor is None:
        raise HTTPException(status_code=401, detail="not authenticated")
    scoped: Container | None = request.scope.get("rapport.container")
    if scoped is None:
        container: Container = request.app.state.container
        scoped = request.scope["rapport.container"] = container.for_actor(actor)
    return scoped


def get_workspace(request: Request) -> WorkspaceService:
    return get_container(request).workspace


ContainerDep = Annotated[Container, Depends(get_container)]
WorkspaceDep = Annotated[WorkspaceService, Depends(get_workspace)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Rows to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows to return (at most 500).")]
