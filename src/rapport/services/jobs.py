"""Background jobs: one small interface, two runners.

``JobRunner.submit(kind, payload) -> job id`` and ``JobRunner.status(job id)``. Every job is
first written to the ``jobs`` table (status, progress, attempts, error, result), then handed
to a runner:

- :class:`InProcessRunner` (single-user mode): a background thread of the server or command
  that submitted it.
- :class:`rapport.services.job_queue.QueueRunner` (team mode): the PostgreSQL queue
  (procrastinate); ``rapport worker`` processes run the jobs.

``submit(..., delay_seconds=N)`` runs the job no earlier than N seconds from now (its
``run_after``; a webhook's next retry uses it): a timer of this process in single-user mode
(a job still waiting when the process stops runs when ``rapport serve`` next starts), the
queue's scheduled jobs in team mode.

A failed attempt is retried up to ``job_max_attempts`` times in all; a user error (bad
input: :class:`~rapport.errors.RapportError`) is not retried, since it would fail the same
way. The last error is kept with the job, which ends as ``failed``: never silently lost.

A job kind is a function ``handler(payload, progress, *, <services>)``: its keyword-only
parameters name what it needs (``imports``, ``conversation``, ``backups``, ``settings``: the
names of :class:`rapport.bootstrap.Container`'s services), and the runner hands it exactly
those, limited to the account that submitted the job. A handler never gets the container.
"""

from __future__ import annotations

import base64
import importlib
import inspect
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

import sqlalchemy as sa

from rapport.clock import now
from rapport.errors import InvalidInputError, NotFoundError, RapportError
from rapport.policy.access import LOCAL, Actor
from rapport.storage.jobs_rows import JobRow
from rapport.storage.unit_of_work import Database

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.services.backup import BackupService
    from rapport.services.conversation import ConversationService
    from rapport.services.digest import DigestService
    from rapport.services.imports import ImportService
    from rapport.services.sync_sources import SyncSources
    from rapport.services.webhooks import WebhookService

STATUSES = ("queued", "running", "retrying", "succeeded", "failed")
Outcome = Literal["succeeded", "retry", "failed"]
ProgressFn = Callable[[float], None]
JobHandler = Callable[..., dict[str, Any]]
"""``handler(payload, progress, *, <the services it names>) -> result``."""


@dataclass(frozen=True)
class _Kind:
    handler: JobHandler
    needs: tuple[str, ...]
    """The keyword-only parameters: the services the handler names."""


_KINDS: dict[str, _Kind] = {}


def job_kind(name: str) -> Callable[[JobHandler], JobHandler]:
    """Register ``handler(payload, progress, *, <services>) -> result`` as job kind
    ``name``. ``progress(fraction)`` reports how far it got (0..1); the result must be
    JSON-ready. Each keyword-only parameter names a service the job needs (``imports``,
    ``settings``, ...), given to it by the runner for the account that submitted the job."""

    def register(handler: JobHandler) -> JobHandler:
        params = inspect.signature(handler).parameters.values()
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        needs = tuple(p.name for p in params if p.kind is p.KEYWORD_ONLY)
        if len(positional) != 2 or len(needs) + 2 != len(params):
            raise TypeError(
                f"job kind {name!r}: the handler takes (payload, progress, *, <services>)"
            )
        _KINDS[name] = _Kind(handler, needs)
        return handler

    return register


class JobServices(Protocol):
    """What the runners need from the composition root (``rapport.bootstrap.Container``
    is one): the services a job names, for the account that submitted it."""

    def job_services(self, user_id: int | None) -> Callable[[str], object] | None:
        """The services by name for a job submitted by ``user_id`` (None: the command line
        or the single user); None when that account no longer exists."""
        ...


def load_job_modules(modules: str) -> None:
    """Import the modules named in the ``job_modules`` setting (they register job kinds)."""
    for name in filter(None, (m.strip() for m in modules.split(","))):
        importlib.import_module(name)


def kinds() -> list[str]:
    return sorted(_KINDS)


@dataclass(frozen=True)
class JobInfo:
    id: int
    kind: str
    status: str
    progress: float
    attempts: int
    max_attempts: int
    error: str | None
    result: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    run_after: datetime | None = None

    @property
    def done(self) -> bool:
        return self.status in ("succeeded", "failed")


def _info(row: JobRow) -> JobInfo:
    return JobInfo(
        id=row.id,
        kind=row.kind,
        status=row.status,
        progress=row.progress,
        attempts=row.attempts,
        max_attempts=row.max_attempts,
        error=row.error,
        result=row.result,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        run_after=row.run_after,
    )


class JobStore:
    """The ``jobs`` table: every state change is its own short transaction. ``actor``
    limits what ``get`` and ``list`` show: an account sees its own jobs, owners all."""

    def __init__(self, db: Database, actor: Actor = LOCAL) -> None:
        self.db = db
        self.actor = actor
        # SQLite allows one writer: while an import holds it, progress is kept in memory
        # (the in-process runner lives in the same process as the readers).
        self._live_progress: dict[int, float] = {}

    def create(
        self, kind: str, payload: dict[str, Any], max_attempts: int, *, delay_seconds: float = 0
    ) -> int:
        if kind not in _KINDS:
            raise InvalidInputError(f"unknown job kind {kind!r}: use {', '.join(kinds())}")
        run_after = now() + timedelta(seconds=delay_seconds) if delay_seconds > 0 else None
        with self.db.transaction() as s:
            row = JobRow(
                kind=kind,
                payload=payload,
                user_id=self.actor.user_id,
                status="queued",
                progress=0.0,
                attempts=0,
                max_attempts=max_attempts,
                created_at=now(),
                run_after=run_after,
            )
            s.add(row)
            s.flush()
            return row.id

    def get(self, job_id: int) -> JobInfo:
        with self.db.reading() as s:
            row = s.get(JobRow, job_id)
            if row is None or not self._visible(row.user_id):
                raise NotFoundError(f"no job {job_id}")
            info = _info(row)
        live = self._live_progress.get(job_id)
        if live is not None and info.status == "running":
            info = JobInfo(**{**asdict(info), "progress": live})
        return info

    def list(self, *, status: str | None = None, limit: int = 50) -> list[JobInfo]:
        if status is not None and status not in STATUSES:
            raise InvalidInputError(f"unknown job status {status!r}: use {', '.join(STATUSES)}")
        query = sa.select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(JobRow.status == status)
        if not self.actor.sees_everything:
            query = query.where(JobRow.user_id == self.actor.user_id)
        with self.db.reading() as s:
            return [_info(row) for row in s.scalars(query)]

    def _visible(self, user_id: int | None) -> bool:
        return self.actor.sees_everything or (user_id is not None and user_id == self.actor.user_id)

    def submitter(self, job_id: int) -> int | None:
        """The account that submitted the job (None: the local command line)."""
        with self.db.reading() as s:
            return s.scalar(sa.select(JobRow.user_id).where(JobRow.id == job_id))

    def unfinished(self) -> Sequence[JobInfo]:
        """Jobs not finished yet (queued, running or waiting to retry), oldest first."""
        with self.db.reading() as s:
            rows = s.scalars(
                sa.select(JobRow)
                .where(JobRow.status.in_(("queued", "running", "retrying")))
                .order_by(JobRow.id)
            )
            return [_info(row) for row in rows]

    def set_queue_id(self, job_id: int, queue_job_id: int) -> None:
        with self.db.transaction() as s:
            s.execute(
                sa.update(JobRow).where(JobRow.id == job_id).values(queue_job_id=queue_job_id)
            )

    def begin_attempt(self, job_id: int) -> tuple[str, dict[str, Any], int, int]:
        with self.db.transaction() as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise NotFoundError(f"no job {job_id}")
            row.attempts += 1
            row.status = "running"
            row.progress = 0.0
            row.started_at = now()
            return row.kind, dict(row.payload), row.attempts, row.max_attempts

    def progress(self, job_id: int, fraction: float) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if self.db.dialect == "sqlite":
            self._live_progress[job_id] = fraction
            return
        with self.db.transaction() as s:
            s.execute(sa.update(JobRow).where(JobRow.id == job_id).values(progress=fraction))

    def finish(
        self, job_id: int, status: str, *, result: dict[str, Any] | None = None, error: str = ""
    ) -> None:
        self._live_progress.pop(job_id, None)
        values: dict[str, Any] = {"status": status, "error": error or None}
        if status == "succeeded":
            values.update(result=result, progress=1.0)
        if status in ("succeeded", "failed"):
            values["finished_at"] = now()
        with self.db.transaction() as s:
            s.execute(sa.update(JobRow).where(JobRow.id == job_id).values(**values))


def run_attempt(services: JobServices, store: JobStore, job_id: int) -> Outcome:
    """Run one attempt of the job, with the access of the account that submitted it, and
    record how it went."""
    kind, payload, attempt, max_attempts = store.begin_attempt(job_id)
    named = services.job_services(store.submitter(job_id))
    if named is None:
        store.finish(job_id, "failed", error="the account that started it no longer exists")
        return "failed"
    registered = _KINDS.get(kind)
    if registered is None:
        store.finish(job_id, "failed", error=f"unknown job kind {kind!r} in this process")
        return "failed"
    last = [-1.0]

    def progress(fraction: float) -> None:
        if fraction - last[0] >= 0.01 or fraction >= 1.0:  # at most ~100 updates per job
            last[0] = fraction
            store.progress(job_id, fraction)

    try:
        # The services are built here, inside the attempt: a failure to build one (the
        # database away) is retried like any other; a name Rapport does not have is a
        # LookupError, recorded with the job.
        needs = {name: named(name) for name in registered.needs}
        result = registered.handler(payload, progress, **needs)
    except RapportError as exc:  # bad input: trying again would fail the same way
        store.finish(job_id, "failed", error=exc.message)
        return "failed"
    except Exception as exc:  # the runner's boundary: any failure is recorded, never lost
        error = f"{type(exc).__name__}: {exc}"
        if attempt >= max_attempts:
            store.finish(job_id, "failed", error=error)
            return "failed"
        store.finish(job_id, "retrying", error=error)
        return "retry"
    store.finish(job_id, "succeeded", result=result)
    return "succeeded"


class JobRunner(Protocol):
    def submit(self, kind: str, payload: dict[str, Any], *, delay_seconds: float = 0) -> int: ...

    def status(self, job_id: int) -> JobInfo: ...

    def list(self, *, status: str | None = None, limit: int = 50) -> list[JobInfo]: ...

    def close(self) -> None: ...


class InProcessRunner:
    """Runs jobs one after another on a background thread of this process."""

    def __init__(
        self, services: JobServices, store: JobStore, *, retry_seconds: float, max_attempts: int
    ) -> None:
        self.services = services
        self.store = store
        self.retry_seconds = retry_seconds
        self.max_attempts = max_attempts
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rapport-job")
        self._stopping = threading.Event()
        self._timers: dict[int, threading.Timer] = {}
        self._timers_lock = threading.Lock()

    def submit(self, kind: str, payload: dict[str, Any], *, delay_seconds: float = 0) -> int:
        job_id = self.store.create(kind, payload, self.max_attempts, delay_seconds=delay_seconds)
        self._start(job_id, delay_seconds)
        return job_id

    def _start(self, job_id: int, delay_seconds: float) -> None:
        """Run the job now, or from a timer after ``delay_seconds`` (a timer cancelled when
        this runner closes: the job stays queued, with its ``run_after``)."""
        if delay_seconds <= 0:
            self._pool.submit(self._run, job_id)
            return

        def due() -> None:
            with self._timers_lock:
                self._timers.pop(job_id, None)
            if not self._stopping.is_set():
                self._pool.submit(self._run, job_id)

        timer = threading.Timer(delay_seconds, due)
        timer.daemon = True
        timer.name = f"rapport-job-{job_id}-later"
        with self._timers_lock:
            self._timers[job_id] = timer
        timer.start()

    def resume_unfinished(self) -> list[int]:
        """At start-up: take up the jobs a stopped (or killed) process left unfinished. A
        job that was running counts that attempt as failed ("interrupted") and is tried
        again if it has attempts left; queued and retrying jobs simply run. Only one
        process may do this, before any other runs jobs (``rapport serve`` does)."""
        resumed = []
        for job in self.store.unfinished():
            if job.status == "running":
                error = "interrupted: Rapport stopped while the job ran"
                if job.attempts >= job.max_attempts:
                    self.store.finish(job.id, "failed", error=error)
                    continue
                self.store.finish(job.id, "retrying", error=error)
            wait = (job.run_after - now()).total_seconds() if job.run_after is not None else 0
            self._start(job.id, wait)
            resumed.append(job.id)
        return resumed

    def _run(self, job_id: int) -> None:
        while run_attempt(self.services, self.store, job_id) == "retry":
            if self._stopping.wait(self.retry_seconds):
                return  # shutting down: the job stays "retrying" in the table

    def status(self, job_id: int) -> JobInfo:
        return self.store.get(job_id)

    def list(self, *, status: str | None = None, limit: int = 50) -> list[JobInfo]:
        return self.store.list(status=status, limit=limit)

    def wait(self, job_id: int, timeout: float = 600) -> JobInfo:
        """Block until the job has finished (for commands that submit and wait)."""
        deadline = time.monotonic() + timeout
        while not (info := self.store.get(job_id)).done and time.monotonic() < deadline:
            time.sleep(0.05)
        return info

    def close(self) -> None:
        self._stopping.set()
        with self._timers_lock:
            timers, self._timers = list(self._timers.values()), {}
        for timer in timers:
            timer.cancel()
        self._pool.shutdown(wait=True)


# --- the job kinds Rapport itself has ------------------------------------------------------


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@job_kind("import")
def _import(
    payload: dict[str, Any], progress: ProgressFn, *, imports: ImportService
) -> dict[str, Any]:
    from rapport.services.imports import ImportOptions

    data = base64.b64decode(payload["data"])
    options = ImportOptions(what=payload.get("what"), client=payload.get("client"))
    plan = imports.run(
        payload["format"],
        data,
        payload.get("source") or f"upload.{payload['format']}",
        options=options,
        progress=lambda done, total: progress(done / total if total else 1.0),
    )
    return plan.report(dry_run=False)


@job_kind("analyze")
def _analyze(
    payload: dict[str, Any],
    progress: ProgressFn,
    *,
    settings: Settings,
    conversation: ConversationService,
) -> dict[str, Any]:
    from rapport.jsonable import plain
    from rapport.services.analysis import to_json
    from rapport.services.analysis_budget import Budget

    budget = Budget(settings.analysis_time_limit_s, progress=lambda f: progress(0.9 * f))
    data = base64.b64decode(payload["data"])
    name = payload.get("name") or "transcript"
    client = payload.get("client_id")
    on = date.fromisoformat(payload["on"]) if payload.get("on") else None
    service = conversation
    analysis = service.analyse(
        data,
        name,
        client=client,
        me=payload.get("me"),
        video=bool(payload.get("video")),
        on=on,
        budget=budget,
    )
    result: dict[str, Any] = plain(to_json(analysis))
    if payload.get("save") and client is not None:
        budget.step(1.0)  # past the time limit: nothing is saved
        saved = service.save(
            analysis, data, name, client, accept_promises=bool(payload.get("accept_promises"))
        )
        result["saved"] = {
            "analysis_id": saved.analysis_id,
            "interaction_id": saved.interaction_id,
            "commitment_ids": list(saved.commitment_ids),
        }
    return result


@job_kind("backup")
def _backup(
    payload: dict[str, Any], progress: ProgressFn, *, backups: BackupService
) -> dict[str, Any]:
    info = backups.backup(Path(payload["path"]), portable=bool(payload.get("portable")))
    return {"path": str(info.path), "format": info.format, "counts": dict(info.counts)}


@job_kind("calendar-sync")
def _calendar_sync(
    payload: dict[str, Any], progress: ProgressFn, *, sync_sources: SyncSources
) -> dict[str, Any]:
    """Every calendar, address book and mailbox once (docs/integrations.md); a source's
    failure is its own ``error`` in the result, not the job's."""
    results = sync_sources.sync_all()
    return {"sources": [r.as_json() for r in results]}


@job_kind("notices")
def _notices(
    payload: dict[str, Any], progress: ProgressFn, *, digest: DigestService
) -> dict[str, Any]:
    """The daily digest (once a day) and reminders due, by e-mail (docs/integrations.md);
    a failed send is the result's ``errors``, tried again later, not the job's failure."""
    return digest.tick()


@job_kind("webhook-delivery")
def _webhook_delivery(
    payload: dict[str, Any], progress: ProgressFn, *, webhooks: WebhookService
) -> dict[str, Any]:
    """One attempt of a webhook delivery (docs/webhooks.md): the next one, if needed, is
    submitted as a delayed job by the attempt itself."""
    return webhooks.attempt(int(payload["delivery_id"]))
