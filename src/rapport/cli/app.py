"""The root ``rapport`` command: global options, sub-commands, and error handling."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape

from rapport import __version__
from rapport.cli import clients as clients_cmd
from rapport.cli import database as database_cmd
from rapport.cli import exports as exports_cmd
from rapport.cli import imports as imports_cmd
from rapport.cli import serve as serve_cmd
from rapport.cli.context import CliState, err_console
from rapport.errors import ImportProblem, RapportError

app = typer.Typer(
    name="rapport",
    help="Rapport: a trust-first client relationship workspace.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rapport {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLAlchemy database URL (default: RAPPORT_DATABASE_URL, else SQLite in the "
            "user data directory).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Rapport: a trust-first client relationship workspace."""
    ctx.obj = CliState(db_url=db)


app.add_typer(clients_cmd.app, name="clients")
app.add_typer(database_cmd.app, name="db")
app.add_typer(imports_cmd.app, name="import")
app.add_typer(exports_cmd.app, name="export")
app.command("serve")(serve_cmd.serve)


def main() -> None:
    """Entry point: runs the app and turns user errors into one line and a non-zero exit."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    try:
        app()
    except ImportProblem as exc:
        for problem in exc.problems:
            err_console.print(
                f"[red]error:[/red] {escape(problem)}", highlight=False, soft_wrap=True
            )
        sys.exit(exc.exit_code)
    except RapportError as exc:
        err_console.print(
            f"[red]error:[/red] {escape(exc.message)}", highlight=False, soft_wrap=True
        )
        sys.exit(exc.exit_code)
    except (OperationalError, ArgumentError) as exc:
        first = str(exc.orig if isinstance(exc, OperationalError) else exc).splitlines()[0]
        err_console.print(
            f"[red]error:[/red] cannot use the database: {first}", highlight=False, soft_wrap=True
        )
        sys.exit(1)
