"""/api/jobs: background jobs (transcript analysis; imports: rapport.web.api.imports) and
their progress."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile

from rapport.domain.model import Client
from rapport.errors import InvalidInputError
from rapport.services.jobs import STATUSES, JobInfo, encode
from rapport.web.api.bounds import FormDay, FormId, PathId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(prefix="/jobs", tags=["jobs"])

MAX_UPLOAD = 50 * 1024 * 1024
Status = Literal["queued", "running", "retrying", "succeeded", "failed"]
assert set(Status.__args__) == set(STATUSES)  # type: ignore[attr-defined]


@router.get("", response_model=list[model_of(JobInfo)])  # type: ignore[misc]
def list_jobs(
    container: ContainerDep,
    status: Status | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Any:
    """The newest jobs first, with state, progress, attempts and last error."""
    return [asdict(j) for j in container.jobs.list(status=status, limit=limit)]


@router.get("/{job_id}", response_model=model_of(JobInfo))
def get_job(container: ContainerDep, job_id: PathId) -> Any:
    """One job: poll it for progress; ``result`` holds what the job answered."""
    return asdict(container.jobs.status(job_id))


def _read(file: UploadFile) -> bytes:
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise InvalidInputError("file too large (at most 50 MB)")
    return data


@router.post("/analyze", status_code=202, response_model=model_of(JobInfo))
def analyze_in_background(
    container: ContainerDep,
    file: Annotated[UploadFile, File(description="Transcript: WebVTT, SRT, text or JSON.")],
    client_id: FormId = None,
    me: Annotated[str | None, Form(max_length=200)] = None,
    video: Annotated[bool, Form()] = False,
    on: FormDay = None,
    save: Annotated[bool, Form()] = False,
    accept_promises: Annotated[bool, Form()] = False,
) -> Any:
    """Analyse a transcript as a background job (with ``save``, store it for the client).
    Its progress is the job's; past ``analysis_time_limit_s`` it fails and saves nothing."""
    if (save or accept_promises) and client_id is None:
        raise InvalidInputError("save and accept_promises need client_id")
    if client_id is not None:  # refused now, as for a missing client, not in the job
        if save or accept_promises:
            container.workspace.require_write(client_id)
        else:
            container.workspace.get(Client, client_id)
    from rapport.services.analysis_budget import check_size, max_bytes

    limit_mb = container.settings.transcript_max_mb
    data = file.file.read(max_bytes(limit_mb) + 1)
    check_size(len(data), limit_mb)  # 413
    payload = {
        "data": encode(data),
        "name": file.filename or "transcript",
        "client_id": client_id,
        "me": me,
        "video": video,
        "on": on.isoformat() if on else None,
        "save": save,
        "accept_promises": accept_promises,
    }
    return asdict(container.jobs.status(container.jobs.submit("analyze", payload)))
