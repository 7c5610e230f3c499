"""Team mode: background jobs on a PostgreSQL queue (procrastinate).

The server writes the job's row and defers ``rapport.run_job(job_id)`` on the queue;
``rapport worker`` processes (any number, on any machine that reaches the database) take
jobs from it. A failed attempt goes back on the queue after ``job_retry_seconds``; after
``job_max_attempts`` the job ends as failed, in the ``jobs`` table and in procrastinate's.
procrastinate's own tables (``procrastinate_*``) are created on first use.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

from rapport.errors import TEAM_EXTRA, InvalidInputError, MissingExtra

try:
    import procrastinate
    from procrastinate.retry import BaseRetryStrategy, RetryDecision
except ModuleNotFoundError as missing:  # an install without rapport[team]
    raise MissingExtra(TEAM_EXTRA, module=missing.name or "procrastinate") from None
from rapport.services.jobs import JobInfo, JobServices, JobStore, run_attempt
from rapport.storage import database

if TYPE_CHECKING:
    from procrastinate.jobs import Job

    from rapport.storage.unit_of_work import Database

QUEUE = "rapport"
TASK = "rapport.run_job"


class RetryJob(Exception):
    """This attempt failed; the job has attempts left (the queue tries it again)."""


class JobFailed(Exception):
    """The job has ended as failed (its error is in the ``jobs`` table)."""


class _RetryWhenAsked(BaseRetryStrategy):
    def __init__(self, wait_seconds: int) -> None:
        self.wait_seconds = wait_seconds

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, RetryJob):
            return RetryDecision(retry_in={"seconds": self.wait_seconds})
        return None


def conninfo(database_url: str) -> str:
    """The libpq connection string procrastinate wants, from Rapport's SQLAlchemy URL."""
    found = database.libpq_conninfo(database_url)
    if found is None:
        raise InvalidInputError(
            "team mode needs PostgreSQL: set RAPPORT_DATABASE_URL to a postgresql:// URL"
        )
    return found


def build_queue(
    services: JobServices, store: JobStore, *, database_url: str, retry_seconds: int
) -> procrastinate.App:
    """The procrastinate app with Rapport's one task. Attempts run with what ``services``
    gives each job, recorded in ``store``."""
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url))
    )

    @app.task(name=TASK, queue=QUEUE, retry=_RetryWhenAsked(retry_seconds))
    def run_job(job_id: int) -> None:
        outcome = run_attempt(services, store, job_id)
        if outcome == "retry":
            raise RetryJob(store.get(job_id).error)
        if outcome == "failed":
            raise JobFailed(store.get(job_id).error)

    return app


def ensure_schema(db: Database, app: procrastinate.App) -> None:
    """Create procrastinate's tables in the database unless they are there already."""
    with _schema_lock:
        if database.has_table(db.engine, "procrastinate_jobs"):
            return
        app.schema_manager.apply_schema()


_schema_lock = threading.Lock()


class QueueRunner:
    """Submits jobs to the PostgreSQL queue; ``rapport worker`` runs them."""

    def __init__(
        self,
        services: JobServices,
        store: JobStore,
        *,
        database_url: str,
        retry_seconds: int,
        max_attempts: int,
    ) -> None:
        self.services = services
        self.store = store
        self.database_url = database_url
        self.retry_seconds = retry_seconds
        self.max_attempts = max_attempts
        self._app: procrastinate.App | None = None
        self._lock = threading.Lock()

    def _opened(self) -> procrastinate.App:
        with self._lock:
            if self._app is None:
                app = build_queue(
                    self.services,
                    JobStore(self.store.db),  # the task's own: it sees every job
                    database_url=self.database_url,
                    retry_seconds=self.retry_seconds,
                )
                app.open()
                ensure_schema(self.store.db, app)
                self._app = app
            return self._app

    def submit(self, kind: str, payload: dict[str, Any], *, delay_seconds: float = 0) -> int:
        job_id = self.store.create(kind, payload, self.max_attempts, delay_seconds=delay_seconds)
        task = self._opened().tasks[TASK]
        if delay_seconds > 0:  # procrastinate's scheduled jobs: no worker takes it before
            queue_job_id = task.configure(schedule_in={"seconds": math.ceil(delay_seconds)}).defer(
                job_id=job_id
            )
        else:
            queue_job_id = task.defer(job_id=job_id)
        self.store.set_queue_id(job_id, queue_job_id)
        return job_id

    def status(self, job_id: int) -> JobInfo:
        return self.store.get(job_id)

    def list(self, *, status: str | None = None, limit: int = 50) -> list[JobInfo]:
        return self.store.list(status=status, limit=limit)

    def close(self) -> None:
        if self._app is not None:
            self._app.close()
            self._app = None


def run_worker(
    services: JobServices,
    store: JobStore,
    *,
    database_url: str,
    retry_seconds: int,
    concurrency: int = 1,
    wait: bool = True,
) -> None:
    """Take jobs from the queue and run them until stopped (or, without ``wait``, until the
    queue is empty)."""
    app = build_queue(services, store, database_url=database_url, retry_seconds=retry_seconds)
    with app.open():
        ensure_schema(store.db, app)
    app.run_worker(queues=[QUEUE], concurrency=concurrency, wait=wait, install_signal_handlers=True)
