"""``rapport serve``: the web UI and REST API."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from rapport.cli.context import console, container
from rapport.cli.text import _

if TYPE_CHECKING:
    from rapport.bootstrap import Container


def _resume_jobs(c: Container) -> None:
    """Single-user mode: jobs left unfinished by a stopped or killed server run again, in
    this process (it lives as long as the server, whatever the number of workers)."""
    from rapport.bootstrap import build
    from rapport.services.jobs import InProcessRunner

    resumed = build(c.settings, migrate=False)
    runner = resumed.jobs
    if isinstance(runner, InProcessRunner):
        runner.resume_unfinished()
        resumed.webhooks.resume()  # deliveries committed but never handed to the queue


KEEP_ALIVE_SECONDS = 30
"""How long an idle browser connection stays open (uvicorn's default is 5 s)."""


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Worker processes. More than one: each builds its own app from the "
            "environment (stateless; use PostgreSQL for a team server).",
        ),
    ] = 1,
) -> None:
    """Serve the web UI and the REST API (OpenAPI at /openapi.json)."""
    import uvicorn

    from rapport.cli.settings import hint_if_unnamed

    c = container(ctx)
    _migrated = c.db  # migrate once, before any worker answers a request
    bind_host = host or c.settings.host
    bind_port = port or c.settings.port
    console().print(
        _("Rapport is running at {url}  (Ctrl+C to stop)").format(
            url=f"http://{bind_host}:{bind_port}/"
        )
    )
    hint_if_unnamed(ctx)  # the first `make run`: the web pages then lead to /settings
    every = c.settings.facts_refresh_seconds
    if every:
        from rapport.bootstrap import build
        from rapport.services.facts_warmer import FactsWarmer
        from rapport.storage.database import optimize

        # Its own container (the local actor sees every client), one per server.
        warm = build(c.settings, migrate=False)
        FactsWarmer(
            lambda: warm.client_facts.refresh(repair=True),
            every,
            maintain=lambda: optimize(warm.engine),
        ).start()
    minutes = c.settings.sync_interval_minutes
    if minutes:
        from rapport.bootstrap import build
        from rapport.services.sync_schedule import SyncScheduler, submit_if_due

        # The calendars (docs/integrations.md), through the job queue, one per server.
        scheduled = build(c.settings, migrate=False)
        SyncScheduler(
            lambda: submit_if_due(scheduled.sync_sources, scheduled.jobs), minutes * 60
        ).start()
    if c.settings.notices_check_seconds:
        from rapport.bootstrap import build
        from rapport.services.notice_schedule import NoticeScheduler
        from rapport.services.notice_schedule import submit_if_due as notices_due

        # The daily digest and e-mail reminders (docs/integrations.md), one per server.
        noticing = build(c.settings, migrate=False)
        NoticeScheduler(
            lambda: notices_due(noticing.digest, noticing.jobs), c.settings.notices_check_seconds
        ).start()
    if workers == 1:
        from rapport.web.app import create_app

        uvicorn.run(
            create_app(c),
            host=bind_host,
            port=bind_port,
            log_level="warning",
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
        return
    # Workers are fresh processes: they find the database (also one given with --db) in
    # the environment and build their own container from it.
    os.environ["RAPPORT_DATABASE_URL"] = c.settings.resolved_database_url()
    c.close()
    uvicorn.run(
        "rapport.web.asgi:create_app_from_env",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers,
        log_level="warning",
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
