"""``rapport serve`` sends the daily digest and the e-mail reminders: a thread asks every
minute whether anything is due (the digest's time reached and not sent today, a reminder not
yet mailed, outside quiet hours, an SMTP server and an address set) and only then submits a
``notices`` job to the job queue (a thread of the server in single-user mode, the PostgreSQL
queue and ``rapport worker`` in team mode), unless one is still queued or running. What was
sent is recorded in ``notices``, so a restart sends nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rapport.services.digest import JOB_KIND
from rapport.services.sync_schedule import SyncScheduler

if TYPE_CHECKING:
    from rapport.services.digest import DigestService
    from rapport.services.jobs import JobRunner

EVERY_SECONDS = 60.0


class NoticeScheduler(SyncScheduler):
    """The calendar sync's scheduler thread, asking every minute."""

    FAILED = "submitting the digest and reminders failed"

    def __init__(
        self, submit: Callable[[], int | None], every_seconds: float = EVERY_SECONDS
    ) -> None:
        super().__init__(submit, every_seconds, first_after_seconds=3.0)
        self.name = "rapport-notices"


def submit_if_due(digest: DigestService, jobs: JobRunner) -> int | None:
    """Submit a notices job when a digest or reminder is due and none is unfinished."""
    if not digest.work_due():
        return None
    busy = [j for j in jobs.list(limit=20) if j.kind == JOB_KIND and not j.done]
    if busy:
        return None
    return jobs.submit(JOB_KIND, {})
