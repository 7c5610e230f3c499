"""The root ``rapport`` command: global options, sub-commands, and error handling."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from rapport import __version__
from rapport.cli import clients as clients_cmd
from rapport.cli import commitments as commitments_cmd
from rapport.cli import conversation as conversation_cmd
from rapport.cli import database as database_cmd
from rapport.cli import exports as exports_cmd
from rapport.cli import imports as imports_cmd
from rapport.cli import meetings as meetings_cmd
from rapport.cli import portfolio as portfolio_cmd
from rapport.cli import records as records_cmd
from rapport.cli import reliability as reliability_cmd
from rapport.cli import serve as serve_cmd
from rapport.cli import team as team_cmd
from rapport.cli import trust as trust_cmd
from rapport.cli.context import CliState, err_console
from rapport.errors import ImportProblem, RapportError


class RapportGroup(TyperGroup):
    """The root command group: turns user errors raised by any command into one line on
    stderr and a non-zero exit. Unknown errors are bugs and keep their traceback."""

    def invoke(self, ctx: Any) -> Any:
        from sqlalchemy.exc import ArgumentError, OperationalError

        try:
            return super().invoke(ctx)
        except ImportProblem as exc:
            for problem in exc.problems:
                _error(problem)
            raise typer.Exit(exc.exit_code) from None
        except RapportError as exc:
            _error(exc.message)
            raise typer.Exit(exc.exit_code) from None
        except (OperationalError, ArgumentError) as exc:
            first = str(exc.orig if isinstance(exc, OperationalError) else exc).splitlines()[0]
            _error(f"cannot use the database: {first}")
            raise typer.Exit(1) from None


def _error(message: str) -> None:
    err_console.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


app = typer.Typer(
    name="rapport",
    cls=RapportGroup,
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
    state = CliState(db_url=db)
    ctx.obj = state
    ctx.call_on_close(state.close)


app.add_typer(clients_cmd.app, name="clients")
app.add_typer(database_cmd.app, name="db")
records_cmd.register(app)
app.add_typer(imports_cmd.app, name="import")
app.add_typer(exports_cmd.app, name="export")
app.command("serve")(serve_cmd.serve)
app.command("assess")(trust_cmd.assess)
app.command("trust")(trust_cmd.trust)
app.command("today")(reliability_cmd.today)
app.command("portfolio")(portfolio_cmd.portfolio)
# `rapport commitment announce` joins the other commitment commands.
commitments_cmd.app.command("announce")(reliability_cmd.announce)
app.command("draft")(meetings_cmd.draft)
app.command("agenda")(meetings_cmd.agenda)
app.command("triage")(meetings_cmd.triage)
app.add_typer(meetings_cmd.meeting_app, name="meeting")
app.command("analyze")(conversation_cmd.analyze)
app.command("classify")(conversation_cmd.classify)
app.add_typer(conversation_cmd.app, name="transcripts")
team_cmd.register(app)


def main() -> None:
    """Entry point of the ``rapport`` console script."""
    app()
