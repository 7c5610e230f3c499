"""``rapport jobs list|show`` and ``rapport worker``: background jobs and their progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from rapport.cli.context import console, container, print_json
from rapport.cli.text import _, amount, term

if TYPE_CHECKING:
    from rapport.services.jobs import JobInfo

app = typer.Typer(help="Background jobs (imports, transcript analysis, backups).")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _line(job: JobInfo) -> str:
    when = job.created_at.strftime("%Y-%m-%d %H:%M")
    attempt = _("attempt {n} of {total}").format(n=job.attempts, total=job.max_attempts)
    line = (
        f"{job.id:>6}  {term('job_kind', job.kind)}  {term('job_status', job.status)}  "
        f"{amount(100 * job.progress, 0)} %  {attempt}  {when}"
    )
    return f"{line}  {job.error}" if job.error else line


@app.command("list")
def list_jobs(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help="Only jobs in this state (queued, running, failed...).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """The newest background jobs, with their state, progress and last error."""
    jobs = container(ctx).jobs.list(status=status, limit=limit)
    if as_json:
        print_json(jobs)
        return
    out = console()
    if not jobs:
        out.print(_("no jobs"))
    for job in jobs:
        out.print(_line(job), highlight=False)


@app.command("show")
def show(
    ctx: typer.Context,
    job_id: Annotated[int, typer.Argument(metavar="ID", help="The job's id.")],
    as_json: JsonFlag = False,
) -> None:
    """One job in full: state, progress, attempts, error and result."""
    job = container(ctx).jobs.status(job_id)
    if as_json:
        print_json(job)
        return
    out = console()
    out.print(_line(job), highlight=False)
    if job.result is not None:
        print_json(job.result)


def worker(
    ctx: typer.Context,
    concurrency: Annotated[int, typer.Option(min=1, help="Jobs run at the same time.")] = 1,
    once: Annotated[
        bool, typer.Option("--once", help="Run what is queued, then exit (for cron).")
    ] = False,
) -> None:
    """Run background jobs from the PostgreSQL queue (team mode) until stopped."""
    from rapport.errors import InvalidInputError
    from rapport.services.job_queue import run_worker
    from rapport.services.jobs import JobStore, load_job_modules

    c = container(ctx)
    if c.settings.mode != "team":
        raise InvalidInputError(
            "the job queue is for team mode (RAPPORT_MODE=team); in single-user mode jobs "
            "run inside `rapport serve`"
        )
    load_job_modules(c.settings.job_modules)
    _ = c.db  # migrated
    c.webhooks.resume()  # webhook deliveries committed but never handed to the queue
    console().print(f"rapport worker: taking jobs from the queue (concurrency {concurrency})")
    run_worker(
        c,
        JobStore(c.db),
        database_url=c.settings.resolved_database_url(),
        retry_seconds=c.settings.job_retry_seconds,
        concurrency=concurrency,
        wait=not once,
    )
