"""``rapport serve`` syncs the calendars every ``sync_interval_minutes``: a thread submits a
``calendar-sync`` job to the job queue (a thread of the server in single-user mode, the
PostgreSQL queue and ``rapport worker`` in team mode), unless the previous one is still
queued or running. The same job syncs the address books (rapport.services.contact_sync).
Nothing is submitted while no calendar or address book is added."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
KIND = "calendar-sync"


class SyncScheduler(threading.Thread):
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
                log.exception("submitting the calendar sync failed")
            if self.stopped.wait(self.every):
                return

    def stop(self) -> None:
        self.stopped.set()


def submit_if_due(container: object) -> int | None:
    """Submit a calendar-sync job (calendars and address books) unless there are none or
    one is unfinished."""
    from rapport.bootstrap import Container

    assert isinstance(container, Container)
    if not container.calendar_sync.sources() and not container.contact_sync.books():
        return None
    busy = [j for j in container.jobs.list(limit=20) if j.kind == KIND and not j.done]
    if busy:
        return None
    return container.jobs.submit(KIND, {})
