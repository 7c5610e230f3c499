"""/api/backup and /api/restore: the whole workspace to a file and back (owners only).

The same files as ``rapport backup`` and ``rapport restore`` (docs/workspace.md): the API
writes the portable archive (``.json.gz``, restores into SQLite and PostgreSQL alike) and
restores either kind, after verifying the upload completely.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, UploadFile
from fastapi.responses import Response
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from rapport.clock import now
from rapport.services.backup import BackupInfo
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["backup"])

CHUNK = 1024 * 1024


@router.get(
    "/backup",
    response_class=FileResponse,
    responses={200: {"content": {"application/gzip": {}}, "description": "The archive."}},
)
def backup(container: ContainerDep) -> Response:
    """A consistent portable backup of everything (owners only), as a download."""
    container.backups.actor.check_owner()  # before anything is written
    folder = Path(tempfile.mkdtemp(prefix="rapport-backup-"))
    name = f"rapport-{now().strftime('%Y%m%dT%H%M%SZ')}.json.gz"
    target = folder / name
    try:
        container.backups.backup(target, portable=True)
    except BaseException:
        _remove(folder)
        raise
    return FileResponse(
        target,
        media_type="application/gzip",
        filename=name,
        background=BackgroundTask(_remove, folder),
    )


@router.post("/restore", response_model=model_of(BackupInfo))
def restore(file: UploadFile, container: ContainerDep) -> Any:
    """Replace every row of the workspace with an uploaded backup (owners only). The file
    is verified completely first: a bad one is answered 422 and changes nothing."""
    container.backups.actor.check_owner()  # before anything is written
    folder = Path(tempfile.mkdtemp(prefix="rapport-restore-"))
    try:
        path = folder / (Path(file.filename or "").name or "upload")
        with path.open("wb") as out:
            while chunk := file.file.read(CHUNK):
                out.write(chunk)
        info = container.backups.restore(path)
    finally:
        _remove(folder)
    found = asdict(info)
    found["path"] = path.name
    return found


def _remove(folder: Path) -> None:
    for child in folder.iterdir():
        child.unlink(missing_ok=True)
    folder.rmdir()
