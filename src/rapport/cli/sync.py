"""``rapport calendars add|list|remove``, ``rapport sync [status]`` and ``rapport feed
url|reset``: calendar sync and the ICS feed (docs/integrations.md). Texts are in the
``sync`` translation domain."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from rapport.cli import inputs, text
from rapport.cli.context import console, container, print_json
from rapport.errors import N_, Text

DOMAIN = "sync"
JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]

L_ADDED = N_("Calendar {id} added: {url} ({kind}). Run `rapport sync` to read it now.")
L_REMOVED = N_("Calendar {id} removed: {url}")
L_NONE = N_("No calendars yet: add one with `rapport calendars add URL`.")
L_CALENDAR = N_("Calendar")
L_KIND = N_("Kind")
L_EVENTS = N_("Events")
L_CREATED = N_("Created")
L_UPDATED = N_("Updated")
L_REMOVED_COL = N_("Removed")
L_UNMATCHED = N_("Unmatched")
L_LAST = N_("Last sync")
L_RESULT = N_("Result")
L_OK = N_("ok")
L_FAILED = N_("failed")
L_NEVER = N_("never")
L_CLIENT = N_("Client")
L_PASSWORD = N_("Password for {user}")
L_UNMATCHED_NOTE = N_(
    "{count} event occurrences match no contact or client e-mail: add the attendees as "
    "contacts, or give the calendar a client with --client."
)
L_FEED = N_("Subscribe to this address in your calendar app (keep it secret):")
L_FEED_RESET = N_("A new feed address; the old one no longer works:")

calendars_app = typer.Typer(
    help="Calendars Rapport reads (CalDAV or ICS addresses).", no_args_is_help=True
)
sync_app = typer.Typer(
    help="Read every calendar now (`rapport sync`), or show the last results (`status`).",
    invoke_without_command=True,
)
feed_app = typer.Typer(
    help="The secret ICS feed of promises and touch-points.", no_args_is_help=True
)


def t(message: str) -> str:
    from rapport.i18n import gettext

    return gettext(DOMAIN, text.language(), message)


def _translate(msgid: str) -> str:
    found = t(msgid)
    return found if found != msgid else text.translate_error(msgid)


def _error_text(result: dict[str, Any]) -> str | None:
    """A source's error in this run's language (the JSON keeps the English)."""
    if not result.get("error"):
        return None
    template = result.get("error_template")
    if not template:
        return str(result["error"])
    return Text(str(template), dict(result.get("error_params") or {})).render(_translate)


@calendars_app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A CalDAV calendar collection or an ICS address.")],
    user: Annotated[
        str | None,
        typer.Option("--user", help="User name; the password is read from standard input."),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option("--client", help="Client for events whose attendees match nobody."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="caldav or ics (default: ics for addresses ending .ics)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a calendar to sync: a CalDAV collection or an ICS (webcal) address."""
    password = inputs.password(user, t(L_PASSWORD).format(user=user))
    info = container(ctx).calendar_sync.add(
        url, kind=kind, username=user, password=password, client=client
    )
    if as_json:
        print_json(info)
        return
    console().print(
        escape(t(L_ADDED).format(id=info.id, url=info.url, kind=info.kind)), highlight=False
    )


@calendars_app.command("list")
def list_calendars(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The calendars Rapport reads, with their last sync and its result."""
    infos = container(ctx).calendar_sync.sources()
    if as_json:
        print_json(infos)
        return
    _status_table([(i.id, i.url, i.kind, i.client, i.last_sync_at, i.last_result) for i in infos])


@calendars_app.command("remove")
def remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="CALENDAR", help="Its number or address.")],
    delete_interactions: Annotated[
        bool,
        typer.Option(
            "--delete-interactions", help="Also delete the interactions it made (kept by default)."
        ),
    ] = False,
) -> None:
    """Stop syncing a calendar (the interactions it made stay unless asked)."""
    info = container(ctx).calendar_sync.remove(ref, keep_interactions=not delete_interactions)
    console().print(escape(t(L_REMOVED).format(id=info.id, url=info.url)), highlight=False)


@sync_app.callback()
def sync(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Read every calendar once, now: events become interactions (docs/integrations.md)."""
    if ctx.invoked_subcommand is not None:
        return
    results = [r.as_json() for r in container(ctx).calendar_sync.sync_all()]
    if as_json:
        print_json({"sources": results})
    else:
        _result_table(results)
    if any(r.get("error") for r in results):
        raise typer.Exit(1)


@sync_app.command("status")
def status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The last sync of each calendar: when, what it did, and its error if it failed."""
    infos = container(ctx).calendar_sync.sources()
    if as_json:
        print_json(
            {
                "sources": [
                    {
                        "id": i.id,
                        "url": i.url,
                        "kind": i.kind,
                        "last_sync_at": i.last_sync_at.isoformat() if i.last_sync_at else None,
                        **(i.last_result or {}),
                        "error": i.last_error,
                    }
                    for i in infos
                ]
            }
        )
        return
    _status_table([(i.id, i.url, i.kind, i.client, i.last_sync_at, i.last_result) for i in infos])


def _result_table(results: list[dict[str, Any]]) -> None:
    out = console()
    if not results:
        out.print(t(L_NONE))
        return
    table = Table(show_edge=False)
    for name in (L_CALENDAR, L_KIND, L_EVENTS, L_CREATED, L_UPDATED, L_REMOVED_COL, L_UNMATCHED):
        justify: Any = "right" if name not in (L_CALENDAR, L_KIND) else "left"
        table.add_column(t(name), justify=justify)
    table.add_column(t(L_RESULT))
    for r in results:
        error = _error_text(r)
        table.add_row(
            str(r["id"]),
            r["kind"],
            str(r["events"]),
            str(r["created"]),
            str(r["updated"]),
            str(r["removed"]),
            str(r["unmatched"]),
            f"[red]{escape(t(L_FAILED))}[/red]" if error else t(L_OK),
        )
    out.print(table)
    _addresses(out, [(r["id"], r["url"], _error_text(r)) for r in results])
    unmatched = sum(int(r.get("unmatched") or 0) for r in results if not r.get("error"))
    if unmatched:
        out.print(escape(t(L_UNMATCHED_NOTE).format(count=unmatched)), highlight=False)


def _status_table(rows: list[tuple[int, str, str, str | None, Any, dict[str, Any] | None]]) -> None:
    out = console()
    if not rows:
        out.print(t(L_NONE))
        return
    table = Table(show_edge=False)
    for name in (L_CALENDAR, L_KIND, L_CLIENT, L_LAST, L_EVENTS, L_UNMATCHED, L_RESULT):
        table.add_column(t(name))
    for source_id, _url, kind, client, last_at, result in rows:
        result = result or {}
        error = _error_text(result)
        table.add_row(
            str(source_id),
            kind,
            escape(client or ""),
            last_at.strftime("%Y-%m-%d %H:%M UTC") if last_at else t(L_NEVER),
            str(result.get("events", "")),
            str(result.get("unmatched", "")),
            f"[red]{escape(t(L_FAILED))}[/red]" if error else (t(L_OK) if last_at else ""),
        )
    out.print(table)
    _addresses(out, [(row[0], row[1], _error_text(row[5] or {})) for row in rows])


def _addresses(out: Any, rows: list[tuple[int, str, str | None]]) -> None:
    """Each calendar's number, full address and error under the table (they would not fit
    in a column)."""
    for source_id, url, error in rows:
        out.print(escape(f"{source_id}: {url}"), highlight=False, soft_wrap=True)
        if error:
            out.print(f"   [red]{escape(error)}[/red]", highlight=False, soft_wrap=True)


def _base(ctx: typer.Context, base: str | None) -> str:
    if base:
        return base
    s = container(ctx).settings
    return f"http://{s.host}:{s.port}"


BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help="The server's address as calendar apps reach it (default: http://HOST:PORT "
        "from the settings).",
    ),
]


@feed_app.command("url")
def feed_url(ctx: typer.Context, base: BaseOption = None) -> None:
    """Print the secret address of the ICS feed (made on first use)."""
    url = container(ctx).feed.url(_base(ctx, base))
    if sys.stdout.isatty():
        console().print(t(L_FEED), highlight=False)
    typer.echo(url)


@feed_app.command("reset")
def feed_reset(ctx: typer.Context, base: BaseOption = None) -> None:
    """Make a new feed address; the old one answers 404 from now on."""
    url = container(ctx).feed.url(_base(ctx, base), reset=True)
    if sys.stdout.isatty():
        console().print(t(L_FEED_RESET), highlight=False)
    typer.echo(url)


def register(app: typer.Typer) -> None:
    app.add_typer(calendars_app, name="calendars")
    app.add_typer(sync_app, name="sync")
    app.add_typer(feed_app, name="feed")
