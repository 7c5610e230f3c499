"""The root ``rapport`` command: global options, sub-commands, and error handling."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, TypeVar

import typer
from rich.markup import escape
from typer.core import TyperArgument, TyperGroup

from rapport import __version__
from rapport.cli import addressbooks as addressbooks_cmd
from rapport.cli import booking as booking_cmd
from rapport.cli import clients as clients_cmd
from rapport.cli import commitments as commitments_cmd
from rapport.cli import conversation as conversation_cmd
from rapport.cli import database as database_cmd
from rapport.cli import exports as exports_cmd
from rapport.cli import imports as imports_cmd
from rapport.cli import jobs as jobs_cmd
from rapport.cli import mail as mail_cmd
from rapport.cli import meetings as meetings_cmd
from rapport.cli import portfolio as portfolio_cmd
from rapport.cli import records as records_cmd
from rapport.cli import reliability as reliability_cmd
from rapport.cli import serve as serve_cmd
from rapport.cli import settings as settings_cmd
from rapport.cli import sync as sync_cmd
from rapport.cli import team as team_cmd
from rapport.cli import text
from rapport.cli import trust as trust_cmd
from rapport.cli import webhooks as webhooks_cmd
from rapport.cli.context import CliState, err_console
from rapport.cli.text import _
from rapport.errors import RapportError
from rapport.texts import N_

T = TypeVar("T")

L_ERROR = N_("error:")
L_DATABASE = N_("cannot use the database: {reason}")


def _usage_name(self: TyperArgument) -> str:
    """An argument in the usage line as the docs write it: ``NAME`` when required,
    ``[NAME]`` when not (Typer writes ``{name}``, which reads like a placeholder to fill
    in with braces)."""
    name = self.metavar or self.name.upper().replace("_", "-")
    if self.metavar is None:
        name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]


class RapportGroup(TyperGroup):
    """The root command group: turns user errors raised by any command into one line on
    stderr and a non-zero exit. Unknown errors are bugs and keep their traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RapportError as exc:
            for line in _in_language(partial(text.error_lines, exc), [exc.message]):
                _error(line)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:
            # database errors; sqlalchemy is only loaded by commands that use it, so
            # `--help` and `--version` never import it just to name its errors here
            sa_exc = sys.modules.get("sqlalchemy.exc")
            database_errors = (
                (sa_exc.OperationalError, sa_exc.ArgumentError) if sa_exc is not None else ()
            )
            if sa_exc is None or not isinstance(exc, database_errors):
                raise
            orig = exc.orig if isinstance(exc, sa_exc.OperationalError) else exc
            first = str(orig).splitlines()[0]
            _error(_in_language(lambda: _(L_DATABASE), L_DATABASE).format(reason=first))
            raise typer.Exit(1) from None


def _in_language(render: Callable[[], T], english: T) -> T:
    """``render()`` in this run's language, or ``english`` when the language setting is
    itself what is wrong."""
    try:
        return render()
    except RapportError:
        return english


def _error(message: str) -> None:
    label = _in_language(lambda: _(L_ERROR), L_ERROR)
    err_console.print(f"[red]{label}[/red] {escape(message)}", highlight=False, soft_wrap=True)


app = typer.Typer(
    name="rapport",
    cls=RapportGroup,
    help="Rapport: a trust-first client relationship workspace.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    # plain, compact help: on/off flags show no type, and neither Rich's help renderer nor
    # its Markdown parser is imported to print it (bench/README.md "CLI start-up")
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rapport {__version__}")
        raise typer.Exit


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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the output: en, ja, vi, zh-Hans or nb (default: "
            "RAPPORT_LANGUAGE, else en). JSON output is the same in every language.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Rapport: a trust-first client relationship workspace."""
    text.use(lang)
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
commitments_cmd.app.command("recommit")(reliability_cmd.recommit)
app.command("draft")(meetings_cmd.draft)
app.add_typer(meetings_cmd.agenda_app, name="agenda")
app.command("triage")(meetings_cmd.triage)
app.add_typer(meetings_cmd.meeting_app, name="meeting")
app.command("analyze")(conversation_cmd.analyze)
app.command("classify")(conversation_cmd.classify)
app.add_typer(conversation_cmd.app, name="transcripts")
app.add_typer(jobs_cmd.app, name="jobs")
app.add_typer(settings_cmd.app, name="settings")
app.add_typer(settings_cmd.profile_app, name="profile")
app.command("worker")(jobs_cmd.worker)
team_cmd.register(app)
sync_cmd.register(app)
booking_cmd.register(app)
mail_cmd.register(app)
addressbooks_cmd.register(app)
app.add_typer(webhooks_cmd.app, name="webhooks")


def main() -> None:
    """Entry point of the ``rapport`` console script."""
    app()
