"""/api/import/{fmt} and /api/jobs/import/{fmt} (in the background): a file in. The formats
are the importer registry's (:mod:`rapport.importers.registry`), read when the app is
built."""

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, UploadFile
from pydantic import BaseModel, ConfigDict

from rapport.errors import InvalidInputError
from rapport.importers import registry as importers
from rapport.services.imports import ImportOptions
from rapport.services.jobs import JobInfo, encode
from rapport.web.api.bounds import QueryMoment
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

MAX_UPLOAD = 50 * 1024 * 1024


class ImportItem(BaseModel):
    """A record the import creates (or would), and where in the file it is."""

    model_config = ConfigDict(extra="forbid")

    entity: str
    label: str
    where: str


class SkippedItem(ImportItem):
    """A record of the file left out, and why."""

    reason: str


class ImportReport(BaseModel):
    """What an import wrote (``dry_run`` false): ``created``, records per entity."""

    model_config = ConfigDict(extra="forbid")

    source: str
    format: str
    what: str
    dry_run: bool
    created: dict[str, int]
    items: list[ImportItem]
    skipped: list[SkippedItem]
    notes: list[str]
    problems: list[str]


class DryRunReport(BaseModel):
    """What an import would write (``dry_run`` true, nothing written): ``would_create``,
    records per entity."""

    model_config = ConfigDict(extra="forbid")

    source: str
    format: str
    what: str
    dry_run: bool
    would_create: dict[str, int]
    items: list[ImportItem]
    skipped: list[SkippedItem]
    notes: list[str]
    problems: list[str]


def router() -> APIRouter:
    """``POST /api/import/{fmt}`` for the importers registered now."""
    api = APIRouter()
    fmt_path = Literal[importers.names()]  # type: ignore[valid-type]

    @api.post(
        "/import/{fmt}",
        tags=["import and export"],
        response_model=None,
        responses={200: {"model": ImportReport | DryRunReport}},
    )
    def import_file(
        fmt: fmt_path,  # type: ignore[valid-type]
        file: UploadFile,
        container: ContainerDep,
        dry_run: Annotated[
            bool, Query(description="Report what would change; write nothing.")
        ] = False,
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
        data = _read(file)
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

    @api.post(
        "/jobs/import/{fmt}",
        status_code=202,
        tags=["jobs"],
        response_model=model_of(JobInfo),
    )
    def import_in_background(
        fmt: fmt_path,  # type: ignore[valid-type]
        file: UploadFile,
        container: ContainerDep,
        what: Literal["clients", "interactions", "revenue"] | None = None,
        client: Annotated[str | None, Query(max_length=200)] = None,
    ) -> Any:
        """Start an import as a background job (all or nothing); answers the job to poll."""
        payload = {
            "format": fmt,
            "data": encode(_read(file)),
            "source": file.filename or f"upload.{fmt}",
            "what": what,
            "client": client,
        }
        return asdict(container.jobs.status(container.jobs.submit("import", payload)))

    return api


def _read(file: UploadFile) -> bytes:
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInputError("file too large (at most 50 MB)")
    return data


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
