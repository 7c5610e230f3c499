"""/api/import/{format} and /api/export.*: files in, the whole workspace out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response, UploadFile

from rapport.errors import InvalidInputError
from rapport.services.imports import ImportOptions
from rapport.web.api.bounds import QueryMoment
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["import and export"])

MAX_UPLOAD = 50 * 1024 * 1024


@router.post("/import/{fmt}")
def import_file(
    fmt: Literal["csv", "vcard", "ics", "json"],
    file: UploadFile,
    container: ContainerDep,
    dry_run: Annotated[bool, Query(description="Report what would change; write nothing.")] = False,
    what: Annotated[
        Literal["clients", "contacts", "interactions", "revenue"] | None,
        Query(description="CSV: which table (default: read from the header)."),
    ] = None,
    client: Annotated[
        str | None, Query(description="vCard/iCalendar: client for unmatched records.")
    ] = None,
    start: Annotated[
        QueryMoment, Query(alias="from", description="iCalendar: window start.")
    ] = None,
    end: Annotated[QueryMoment, Query(alias="to", description="iCalendar: window end.")] = None,
) -> dict[str, Any]:
    """Import an uploaded file. Answers the report; 422 with ``problems`` on bad input."""
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInputError("file too large (at most 50 MB)")
    window = None
    if start is not None or end is not None:
        from rapport.clock import now
        from rapport.importers.ical import default_window

        default_start, default_end = default_window(now().date())
        window = (_aware(start) or default_start, _aware(end) or default_end)
    options = ImportOptions(what=what, client=client, window=window)
    source = file.filename or f"upload.{fmt}"
    plan = container.imports.run(fmt, data, source, dry_run=dry_run, options=options)
    return plan.report(dry_run=dry_run)


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


@router.get("/export.json")
def export_json(container: ContainerDep) -> dict[str, Any]:
    """Every entity, ids included (what `rapport import json` reads)."""
    return container.imports.workspace_document()


@router.get("/export.zip", response_class=Response)
def export_csv_zip(container: ContainerDep) -> Response:
    """clients.csv, contacts.csv, interactions.csv and revenue.csv in one zip archive."""
    return Response(
        content=container.imports.csv_zip(),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="rapport-export.zip"'},
    )
