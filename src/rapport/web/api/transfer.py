"""/api/export.*: the whole workspace out (files in: rapport.web.api.imports)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from rapport.web.deps import ContainerDep

router = APIRouter(tags=["import and export"])


@router.get("/export.json")
def export_json(container: ContainerDep) -> dict[str, Any]:
    """Every entity, ids included (what `rapport import json` reads)."""
    return container.imports.workspace_document().content


@router.get("/export.zip", response_class=Response)
def export_csv_zip(container: ContainerDep) -> Response:
    """clients.csv, contacts.csv, interactions.csv and revenue.csv in one zip archive."""
    return Response(
        content=container.imports.csv_zip(),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="rapport-export.zip"'},
    )
