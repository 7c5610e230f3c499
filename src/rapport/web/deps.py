"""FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from rapport.bootstrap import Container
from rapport.services.workspace import WorkspaceService


def get_container(request: Request) -> Container:
    """The container for this request: its services only see what the caller may see
    (docs/security.md). The access middleware has identified the caller."""
    from rapport.web.auth import actor_of

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
