"""``rapport calendars add|list|remove``, ``rapport mailboxes
add|list|remove|folders|promises|accept|dismiss``, ``rapport sync [status]`` and ``rapport
feed url|reset``: calendar sync, e-mail logging and the ICS feed (docs/integrations.md).
Texts are in the ``sync`` translation domain."""

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
L_MB_ADDED = N_("Mailbox {id} added: {url}. Run `rapport sync` to read it now.")
L_MB_REMOVED = N_("Mailbox {id} removed: {url}")
L_MB_NONE = N_("No mailboxes yet: add one with `rapport mailboxes add HOST --user NAME`.")
L_SOURCE = N_("Source")
L_FOLDER = N_("Folder")
L_READ = N_("Read")
L_SENT = N_("Sent")
L_PROMISE = N_("Promise")
L_DUE = N_("Due")
L_NO_OFFERS = N_("No promises from sent mail are waiting.")
L_ACCEPTED = N_("Promise {id} added to the ledger as commitment {commitment}.")
L_DISMISSED = N_("Promise {id} dismissed.")
L_FEED = N_("Subscribe to this address in your calendar app (keep it secret):")
L_FEED_RESET = N_("A new feed address; the old one no longer works:")

calendars_app = typer.Typer(
    help="Calendars Rapport reads (CalDAV or ICS addresses).", no_args_is_help=True
)
sync_app = typer.Typer(
    help="Read every calendar now (`rapport sync`), or show the last results (`status`).",
    invoke_without_command=True,
)
mailboxes_app = typer.Typer(
    help="Mailboxes Rapport reads over IMAP (e-mail logging).", no_args_is_help=True
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
    """Read every calendar and mailbox once, now: events and mail threads become
    interactions (docs/integrations.md)."""
    if ctx.invoked_subcommand is not None:
        return
    results = [r.as_json() for r in container(ctx).sync_sources.sync_all()]
    if as_json:
        print_json({"sources": results})
    else:
        _result_table(results)
    if any(r.get("error") for r in results):
        raise typer.Exit(1)


@sync_app.command("status")
def status(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The last sync of each calendar and mailbox: when, what it did, its error if it
    failed."""
    c = container(ctx)
    if as_json:
        print_json({"sources": c.sync_sources.last_results()})
        return
    rows = [
        (i.id, i.url, i.kind, i.client, i.last_sync_at, i.last_result)
        for i in c.calendar_sync.sources()
    ]
    rows += [
        (m.id, m.url, m.kind, None, m.last_sync_at, m.last_result or {"error": m.last_error})
        for m in c.mail_sync.mailboxes()
    ]
    _status_table(rows)


def _result_table(results: list[dict[str, Any]]) -> None:
    out = console()
    if not results:
        out.print(t(L_NONE))
        return
    table = Table(show_edge=False)
    for name in (L_SOURCE, L_KIND, L_EVENTS, L_CREATED, L_UPDATED, L_REMOVED_COL, L_UNMATCHED):
        justify: Any = "right" if name not in (L_SOURCE, L_KIND) else "left"
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
    unmatched = sum(
        int(r.get("unmatched") or 0)
        for r in results
        if not r.get("error") and r.get("kind") != "imap"  # the note is about calendars
    )
    if unmatched:
        out.print(escape(t(L_UNMATCHED_NOTE).format(count=unmatched)), highlight=False)


def _status_table(rows: list[tuple[int, str, str, str | None, Any, dict[str, Any] | None]]) -> None:
    out = console()
    if not rows:
        out.print(t(L_NONE))
        return
    table = Table(show_edge=False)
    for name in (L_SOURCE, L_KIND, L_CLIENT, L_LAST, L_EVENTS, L_UNMATCHED, L_RESULT):
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
    """Each source's number, full address and error under the table (they would not fit
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


@mailboxes_app.command("add")
def add_mailbox(
    ctx: typer.Context,
    host: Annotated[str, typer.Argument(help="The IMAP server, e.g. imap.fastmail.com.")],
    user: Annotated[
        str,
        typer.Option("--user", help="User name; the password is read from standard input."),
    ],
    port: Annotated[
        int | None, typer.Option("--port", help="Default 993 (tls) or 143.", min=1, max=65535)
    ] = None,
    security: Annotated[
        str, typer.Option("--security", help="tls (IMAPS), starttls or none.")
    ] = "tls",
    folder: Annotated[
        list[str] | None,
        typer.Option("--folder", help="A folder to read (repeat; default INBOX)."),
    ] = None,
    sent_folder: Annotated[
        str | None,
        typer.Option("--sent-folder", help="Your sent mail: its promises are offered."),
    ] = None,
    store_bodies: Annotated[
        bool, typer.Option("--store-bodies", help="Keep message bodies (not kept by default).")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add a mailbox to log: its threads become e-mail interactions."""
    password = inputs.password(user, t(L_PASSWORD).format(user=user))
    info = container(ctx).mail_sync.add(
        host,
        username=user,
        password=password,
        port=port,
        security=security,
        folders=folder,
        sent_folder=sent_folder,
        store_bodies=store_bodies,
    )
    if as_json:
        print_json(info)
        return
    console().print(escape(t(L_MB_ADDED).format(id=info.id, url=info.url)), highlight=False)


@mailboxes_app.command("list")
def list_mailboxes(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The mailboxes Rapport reads, with their folders and last sync."""
    infos = container(ctx).mail_sync.mailboxes()
    if as_json:
        print_json(infos)
        return
    if not infos:
        console().print(t(L_MB_NONE), highlight=False)
        return
    _status_table(
        [
            (i.id, i.url, i.kind, None, i.last_sync_at, i.last_result or {"error": i.last_error})
            for i in infos
        ]
    )
    for i in infos:
        console().print(escape(f"{i.id}: {', '.join(i.folders)}"), highlight=False)


@mailboxes_app.command("remove")
def remove_mailbox(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="MAILBOX", help="Its number or address.")],
    delete_interactions: Annotated[
        bool,
        typer.Option(
            "--delete-interactions", help="Also delete the interactions it made (kept by default)."
        ),
    ] = False,
) -> None:
    """Stop reading a mailbox (the interactions it logged stay unless asked)."""
    info = container(ctx).mail_sync.remove(ref, keep_interactions=not delete_interactions)
    console().print(escape(t(L_MB_REMOVED).format(id=info.id, url=info.url)), highlight=False)


@mailboxes_app.command("folders")
def folders(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="MAILBOX", help="Its number or address.")],
    as_json: JsonFlag = False,
) -> None:
    """The server's folders, and which of them this mailbox reads."""
    found = container(ctx).mail_sync.folders(ref)
    if as_json:
        print_json(found)
        return
    table = Table(show_edge=False)
    for name in (L_FOLDER, L_READ, L_SENT):
        table.add_column(t(name))
    for f in found:
        table.add_row(escape(f.name), "✓" if f.chosen else "", "✓" if f.sent else "")
    console().print(table)


@mailboxes_app.command("promises")
def promises(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Promises found in your sent mail, offered as commitments: accept or dismiss each."""
    offers = container(ctx).mail_sync.offers()
    if as_json:
        print_json(offers)
        return
    if not offers:
        console().print(t(L_NO_OFFERS), highlight=False)
        return
    table = Table(show_edge=False)
    for name in ("#", L_CLIENT, L_DUE, L_SENT, L_PROMISE):
        table.add_column(t(name) if name != "#" else name)
    for o in offers:
        table.add_row(
            str(o.id),
            escape(o.client),
            o.due.isoformat() if o.due else "",
            o.made_at.strftime("%Y-%m-%d"),
            escape(o.text),
        )
    console().print(table)


@mailboxes_app.command("accept")
def accept(
    ctx: typer.Context,
    offer: Annotated[int, typer.Argument(metavar="PROMISE", help="Its number.", min=1)],
    due: Annotated[
        str | None, typer.Option("--due", help="Due date YYYY-MM-DD (default: the one found).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add an offered promise to the ledger (due at 17:00 on its day, in your zone)."""
    from datetime import date

    from rapport.errors import InvalidInputError

    try:
        day = date.fromisoformat(due) if due else None
    except ValueError:
        raise InvalidInputError(f"not a date: {due!r} (use YYYY-MM-DD)") from None
    info = container(ctx).mail_sync.accept(offer, due=day)
    if as_json:
        print_json(info)
        return
    console().print(
        escape(t(L_ACCEPTED).format(id=info.id, commitment=info.commitment_id)), highlight=False
    )


@mailboxes_app.command("dismiss")
def dismiss(
    ctx: typer.Context,
    offer: Annotated[int, typer.Argument(metavar="PROMISE", help="Its number.", min=1)],
    as_json: JsonFlag = False,
) -> None:
    """Dismiss an offered promise (it is not offered again)."""
    info = container(ctx).mail_sync.dismiss(offer)
    if as_json:
        print_json(info)
        return
    console().print(escape(t(L_DISMISSED).format(id=info.id)), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(calendars_app, name="calendars")
    app.add_typer(mailboxes_app, name="mailboxes")
    app.add_typer(sync_app, name="sync")
    app.add_typer(feed_app, name="feed")
