"""``rapport db``: schema management."""

from __future__ import annotations

import typer

from rapport.cli.context import console, container
from rapport.cli.text import _

app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Apply pending migrations (Rapport also does this automatically on start)."""
    from rapport.storage import database

    c = container(ctx)
    c.migrate = False
    database.upgrade(c.engine)
    console().print(
        _("database at revision {revision}").format(revision=database.current_revision(c.engine))
    )


@app.command("current")
def current(ctx: typer.Context) -> None:
    """Show the schema revision of the database and the newest one Rapport knows."""
    from rapport.storage import database

    c = container(ctx)
    c.migrate = False
    console().print(
        _("current: {current}; head: {head}").format(
            current=database.current_revision(c.engine) or _("empty"),
            head=database.head_revision(c.engine),
        )
    )
