"""FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from rapport.bootstrap import Container
from rapport.services.workspace import WorkspaceService


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


def get_workspace(request: Request) -> WorkspaceService:
    return get_container(request).workspace


ContainerDep = Annotated[Container, Depends(get_container)]
WorkspaceDep = Annotated[WorkspaceService, Depends(get_workspace)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Rows to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows to return (at most 500).")]
