"""``rapport serve`` syncs the calendars, address books and mailboxes every
``sync_interval_minutes``: a thread submits a ``calendar-sync`` job to the job queue (a
thread of the server in single-user mode, the PostgreSQL queue and ``rapport worker`` in
team mode), unless the previous one is still queued or running. Nothing is submitted while
no source is added. :class:`rapport.services.sync_sources.SyncSources` is what that job,
``rapport sync``, ``POST /api/sync`` and the Integrations page run."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.services.jobs import JobRunner
    from rapport.services.sync_sources import SyncSources

log = logging.getLogger(__name__)
KIND = "calendar-sync"


class SyncScheduler(threading.Thread):
    FAILED = "submitting the calendar sync failed"
    """What the log says when a submission fails (a subclass schedules something else)."""

    def __init__(
        self,
        submit: Callable[[], int | None],
        every_seconds: float,
        *,
        first_after_seconds: float = 5.0,
    ) -> None:
        super().__init__(name="rapport-calendar-sync", daemon=True)
        self.submit = submit
        self.every = every_seconds
        self.first_after = first_after_seconds
        self.stopped = threading.Event()
        self.submitted: list[int] = []

    def run(self) -> None:
        if self.stopped.wait(self.first_after):
            return
        while True:
            try:
                job = self.submit()
                if job is not None:
                    self.submitted.append(job)
            except Exception:
                log.exception(self.FAILED)
            if self.stopped.wait(self.every):
                return

    def stop(self) -> None:
        self.stopped.set()


def submit_if_due(sources: SyncSources, jobs: JobRunner) -> int | None:
    """Submit a calendar-sync job unless no calendar, address book or mailbox is added,
    or one is unfinished."""
    if not sources.any():
        return None
    busy = [j for j in jobs.list(limit=20) if j.kind == KIND and not j.done]
    if busy:
        return None
    return jobs.submit(KIND, {})
