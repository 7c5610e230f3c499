"""Job kinds for the job runner tests (loaded through the ``job_modules`` setting, also by
a real ``rapport worker`` process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.services.jobs import ProgressFn, job_kind


@job_kind("test-flaky")
def flaky(payload: dict[str, Any], progress: ProgressFn) -> dict[str, Any]:
    """Fails on the first attempt (a transient error), succeeds on the next."""
    marker = Path(payload["marker"])
    if not marker.exists():
        marker.write_text("tried once")
        raise ConnectionError("the mail server hung up")
    progress(0.5)
    return {"answer": 42}


@job_kind("test-broken")
def broken(_payload: dict[str, Any], _progress: ProgressFn) -> dict[str, Any]:
    """Always fails."""
    raise OSError("disk on fire")


@job_kind("test-needs")
def needs(
    _payload: dict[str, Any], _progress: ProgressFn, *, settings: Any, workspace: Any
) -> dict[str, Any]:
    """Names the settings and the workspace service, and is handed those two."""
    return {"mode": settings.mode, "actor": workspace.actor.name}


@job_kind("test-unknown-service")
def unknown(_payload: dict[str, Any], _progress: ProgressFn, *, mailbox: Any) -> dict[str, Any]:
    """Names a service Rapport does not have."""
    return {}
