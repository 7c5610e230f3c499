"""/api/export.*: the whole workspace out (files in: rapport.web.api.imports)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from rapport.importers.workspace_json import ENTITIES, FORMAT, RECORD_TABLES
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["import and export"])

_fields: dict[str, Any] = {
    "format": (str, Field(description=f"Always {FORMAT!r}.")),
    "version": (int, Field(description="The document's version.")),
    "exported_at": (str, Field(description="ISO 8601 with the UTC offset.")),
}
for _key, _cls, _entity in ENTITIES:
    _fields[_key] = (list[_cls], ...)  # type: ignore[valid-type]
for _name in RECORD_TABLES:
    _fields[_name] = (
        list[dict[str, Any]],
        Field(default=None, description=f"The stored rows of {_name} (when the schema has it)."),
    )

WorkspaceDocumentJson: type[BaseModel] = create_model(
    "WorkspaceDocumentJson",
    __config__=ConfigDict(extra="forbid"),
    __doc__="The workspace export: every entity, ids included, then the stored records.",
    **_fields,
)
"""GET /api/export.json (what `rapport import json` reads)."""


@router.get("/export.json", response_model=None, responses={200: {"model": WorkspaceDocumentJson}})
def export_json(container: ContainerDep) -> dict[str, Any]:
    """Every entity, ids included (what `rapport import json` reads)."""
    return container.imports.workspace_document().content


@router.get(
    "/export.zip",
    response_class=Response,
    responses={
        200: {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}
    },
)
def export_csv_zip(container: ContainerDep) -> Response:
    """clients.csv, contacts.csv, interactions.csv and revenue.csv in one zip archive."""
    return Response(
        content=container.imports.csv_zip(),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="rapport-export.zip"'},
    )
