"""``rapport serve``: the web UI and REST API."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport.cli.context import console, container
from rapport.cli.text import _


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Serve the web UI and the REST API (OpenAPI at /openapi.json)."""
    import uvicorn

    from rapport.web.app import create_app

    c = container(ctx)
    _migrated = c.db  # migrate before the first request
    bind_host = host or c.settings.host
    bind_port = port or c.settings.port
    console().print(
        _("Rapport is running at {url}  (Ctrl+C to stop)").format(
            url=f"http://{bind_host}:{bind_port}/"
        )
    )
    uvicorn.run(create_app(c), host=bind_host, port=bind_port, log_level="warning")
