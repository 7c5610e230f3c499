"""A router factory for the workspace entities that hang off a client.

Each entity gets the same five routes, with schemas named after it for OpenAPI:

- ``GET    /api/<things>?client_id=&offset=&limit=`` -> ``<Thing>Page`` (total + items)
- ``POST   /api/<things>`` with ``<Thing>Create`` -> 201 and the stored thing
- ``GET    /api/<things>/{item_id}`` -> the thing, or 404
- ``PATCH  /api/<things>/{item_id}`` with ``<Thing>Update`` (only the fields sent change)
- ``DELETE /api/<things>/{item_id}`` -> 204

Datetimes sent without a zone are read in the client's time zone.
"""

from collections.abc import Callable
from copy import copy
from dataclasses import fields
from datetime import datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, create_model

from rapport.domain.model import Client
from rapport.errors import InvalidInputError
from rapport.services.workspace import WorkspaceService
from rapport.web.api.bounds import PathId, QueryId
from rapport.web.deps import Limit, Offset, WorkspaceDep

T = TypeVar("T")


class PageOf(BaseModel, Generic[T]):
    total: int
    offset: int
    limit: int
    items: list[T]


def partial_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    """The ``...Update`` schema for a ``...Create`` one: same fields and limits, all optional."""
    optional: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        loose = copy(info)
        loose.default = None
        loose.default_factory = None
        optional[field_name] = (info.annotation | None, loose)  # type: ignore[operator]
    return create_model(
        name, __config__=ConfigDict(extra="forbid"), __doc__="Fields to change.", **optional
    )


def in_client_zone(ws: WorkspaceService, client_id: int, values: dict[str, Any]) -> dict[str, Any]:
    """Attach the client's time zone to datetimes that came without one."""
    if not any(isinstance(v, datetime) and v.tzinfo is None for v in values.values()):
        return values
    zone = ZoneInfo(ws.get(Client, client_id).timezone)
    return {
        k: v.replace(tzinfo=zone) if isinstance(v, datetime) and v.tzinfo is None else v
        for k, v in values.items()
    }


def crud_router(
    cls: type[T],
    *,
    path: str,
    label: str,
    create: type[BaseModel],
    update: type[BaseModel],
    defaults: Callable[[dict[str, Any]], dict[str, Any]] = lambda values: values,
) -> APIRouter:
    """Routes for ``cls`` under ``path``; ``defaults`` fills values the client left out."""
    router = APIRouter(prefix=path, tags=[path.strip("/")])
    page = create_model(f"{cls.__name__}Page", __base__=PageOf[cls])  # type: ignore[valid-type]
    domain_fields = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    nullable = {f.name for f in fields(cls) if f.default is None}  # type: ignore[arg-type]

    @router.get("", response_model=page, summary=f"List {label}s", operation_id=f"list_{path[1:]}")
    def list_items(
        ws: WorkspaceDep, offset: Offset = 0, limit: Limit = 50, client_id: QueryId = None
    ) -> dict[str, Any]:
        items = ws.list(cls, client_id=client_id, offset=offset, limit=limit)
        total = ws.count(cls, client_id=client_id)
        return {"total": total, "offset": offset, "limit": limit, "items": items}

    @router.post(
        "",
        response_model=cls,
        status_code=201,
        summary=f"Add a {label}",
        operation_id=f"create_{path[1:]}",
    )
    def create_item(body: create, ws: WorkspaceDep) -> Any:  # type: ignore[valid-type]
        data: Any = body
        values = defaults(in_client_zone(ws, data.client_id, data.model_dump()))
        added: Any = ws.add(cls(**{k: v for k, v in values.items() if k in domain_fields}))
        return ws.get(cls, added.id)  # as stored: UTC times, money to the cent

    @router.get(
        "/{item_id}", response_model=cls, summary=f"Get a {label}", operation_id=f"get_{path[1:]}"
    )
    def get_item(item_id: PathId, ws: WorkspaceDep) -> Any:
        return ws.get(cls, item_id)

    @router.patch(
        "/{item_id}",
        response_model=cls,
        summary=f"Change a {label}",
        operation_id=f"update_{path[1:]}",
    )
    def update_item(item_id: PathId, body: update, ws: WorkspaceDep) -> Any:  # type: ignore[valid-type]
        data: BaseModel = body
        changes = data.model_dump(exclude_unset=True)
        cleared = sorted(k for k, v in changes.items() if v is None and k not in nullable)
        if cleared:
            raise InvalidInputError(f"cannot be null: {', '.join(cleared)}")
        current: Any = ws.get(cls, item_id)
        ws.update(cls, item_id, in_client_zone(ws, current.client_id, changes))
        return ws.get(cls, item_id)

    @router.delete(
        "/{item_id}",
        status_code=204,
        summary=f"Delete a {label}",
        operation_id=f"delete_{path[1:]}",
    )
    def delete_item(item_id: PathId, ws: WorkspaceDep) -> Response:
        ws.delete(cls, item_id)
        return Response(status_code=204)

    return router
