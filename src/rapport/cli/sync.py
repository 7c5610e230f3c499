"""``rapport calendars add|list|remove``, ``rapport mailboxes
add|list|remove|folders|promises|accept|dismiss``, ``rapport sync [status]`` and ``rapport
feed url|reset``: calendar sync, e-mail logging and the ICS feed (docs/integrations.md).
Texts are in the ``sync`` translation domain."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from rapport.cli import inputs, text
from rapport.cli.context import console, container, print_json
from rapport.domain.model import Tier
from rapport.texts import N_, Text

if TYPE_CHECKING:
    from rapport.services.sync_sources import SourceStatus

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
L_SEE_UNMATCHED = N_("Who they are, to make clients of: `rapport sync unmatched`.")
L_FOUND = N_("Calendars of this account:")
L_CHOOSE = N_("Calendars to add (numbers separated by commas, or all)")
L_PICK = N_(
    "This address is an account with {count} calendars: choose with --calendar NAME "
    "(repeatable) or --all."
)
L_NO_SUCH = N_("no calendar {name} in this account; it has: {names}")
L_BAD_CHOICE = N_("not a number from the list: {choice}")
L_ALREADY = N_("Already added: {url}")
L_NEEDS_ACCOUNT = N_("--calendar and --all choose from a CalDAV account, not an ICS address")
L_NAME = N_("Name")
L_ADDRESS = N_("Address")
L_ADDED_COL = N_("Added")
L_WRITE_ON = N_("Calendar {id}: saved agendas are written into its events.")
L_WRITE_OFF = N_("Calendar {id}: saved agendas are no longer written into its events.")
L_EMAIL = N_("E-mail")
L_LAST_SEEN = N_("Last seen")
L_CALENDARS = N_("Calendars")
L_NO_UNMATCHED = N_("No unmatched organisers.")
L_UNMATCHED_HINT = N_(
    "Make one a client with `rapport sync unmatched client EMAIL`, or leave it off the "
    "list with `rapport sync unmatched ignore EMAIL`."
)
L_MADE = N_("Client {client} made with {email} as its contact: {created} meetings matched.")
L_IGNORED = N_("{email} is left off the list from now on.")
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
unmatched_app = typer.Typer(
    help="People on synced events that match no client: make them clients or ignore them.",
    invoke_without_command=True,
)
sync_app.add_typer(unmatched_app, name="unmatched")
feed_app = typer.Typer(
    help="The secret ICS feed of promises and touch-points.", no_args_is_help=True
)


def t(message: str) -> str:
    from rapport.i18n import gettext

    return gettext(DOMAIN, text.language(), message)


def _error_text(result: Mapping[str, Any]) -> str | None:
    """A source's error in this run's language (the JSON keeps the English)."""
    if not result.get("error"):
        return None
    template = result.get("error_template")
    if not template:
        return str(result["error"])
    return text.localized(
        Text(str(template), dict(result.get("error_params") or {})), (DOMAIN, *text.ERROR_DOMAINS)
    )


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
    calendar: Annotated[
        list[str] | None,
        typer.Option("--calendar", help="From an account address: a calendar to add (repeatable)."),
    ] = None,
    all_calendars: Annotated[
        bool, typer.Option("--all", help="From an account address: add all its calendars.")
    ] = False,
    write_agendas: Annotated[
        bool,
        typer.Option("--write-agendas", help="Write saved agendas into this calendar's events."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add a calendar to sync: a CalDAV collection or an ICS (webcal) address, or choose
    calendars from a CalDAV account (server, principal or account address)."""
    from rapport.services.calendar_sync import guess_kind

    password = inputs.password(user, t(L_PASSWORD).format(user=user))
    sync = container(ctx).calendar_sync
    options = {"kind": kind, "username": user, "password": password, "client": client}
    if (calendar or all_calendars) and (kind or guess_kind(url)) != "caldav":
        from rapport.errors import InvalidInputError

        raise InvalidInputError(L_NEEDS_ACCOUNT)
    account = (kind or guess_kind(url)) == "caldav" and (
        bool(calendar) or all_calendars or sync.is_account(url, username=user, password=password)
    )
    if not account:
        info = sync.add(url, **options, write_agendas=write_agendas)
        if as_json:
            print_json(info)
            return
        console().print(
            escape(t(L_ADDED).format(id=info.id, url=info.url, kind=info.kind)), highlight=False
        )
        return
    found = sync.discover(url, username=user, password=password)
    chosen = _choose(found, calendar or [], all_calendars)
    have = {i.url for i in sync.sources()}
    added = []
    for one in chosen:
        if one.url in have:
            console().print(escape(t(L_ALREADY).format(url=one.url)), highlight=False)
            continue
        added.append(
            sync.add(one.url, **{**options, "kind": "caldav"}, write_agendas=write_agendas)
        )
    if as_json:
        print_json(added)
        return
    for info in added:
        console().print(
            escape(t(L_ADDED).format(id=info.id, url=info.url, kind=info.kind)), highlight=False
        )


def _choose(found: list[Any], names: list[str], everything: bool) -> list[Any]:
    """The calendars to add: all, those named, or (on a terminal) those the user picks;
    otherwise the list and exit status 1."""
    from rapport.errors import InvalidInputError

    if everything:
        return found
    if names:
        picked = []
        for name in names:
            wanted = name.strip().lower()
            match = next(
                (
                    f
                    for f in found
                    if wanted
                    in (f.name.lower(), f.url.lower(), f.url.rstrip("/").rsplit("/", 1)[-1].lower())
                ),
                None,
            )
            if match is None:
                raise InvalidInputError(
                    L_NO_SUCH, name=name, names=", ".join(f.name for f in found)
                )
            if match not in picked:
                picked.append(match)
        return picked
    out = console()
    out.print(t(L_FOUND), highlight=False)
    for number, one in enumerate(found, 1):
        out.print(escape(f"{number:>3}. {one.name}  {one.url}"), highlight=False, soft_wrap=True)
    if not sys.stdin.isatty():
        typer.echo(t(L_PICK).format(count=len(found)), err=True)
        raise typer.Exit(1)
    answer = typer.prompt(t(L_CHOOSE), default="all").strip().lower()
    if answer in ("all", "*"):
        return found
    picked = []
    for part in answer.replace(" ", ",").split(","):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= len(found):
            raise InvalidInputError(L_BAD_CHOICE, choice=part)
        if found[int(part) - 1] not in picked:
            picked.append(found[int(part) - 1])
    return picked


@calendars_app.command("discover")
def discover(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A CalDAV server, principal or account address.")],
    user: Annotated[
        str | None,
        typer.Option("--user", help="User name; the password is read from standard input."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the calendars of a CalDAV account (to add with --calendar NAME)."""
    password = inputs.password(user, t(L_PASSWORD).format(user=user))
    sync = container(ctx).calendar_sync
    found = sync.discover(url, username=user, password=password)
    have = {i.url for i in sync.sources()}
    if as_json:
        print_json([{"name": f.name, "url": f.url, "added": f.url in have} for f in found])
        return
    table = Table(show_edge=False)
    for name in (L_NAME, L_ADDRESS, L_ADDED_COL):
        table.add_column(t(name))
    for f in found:
        table.add_row(escape(f.name), escape(f.url), "✓" if f.url in have else "")
    console().print(table)


@calendars_app.command("set")
def set_calendar(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="CALENDAR", help="Its number or address.")],
    write_agendas: Annotated[
        str,
        typer.Option(
            "--write-agendas", help="on: write saved agendas into its events; off: do not."
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Change a calendar's settings: whether saved agendas are written into its events."""
    from rapport.errors import InvalidInputError

    value = write_agendas.strip().lower()
    if value not in ("on", "off"):
        raise InvalidInputError("--write-agendas: use on or off, not {value}", value=value)
    info = container(ctx).calendar_sync.set_write_agendas(ref, value == "on")
    if as_json:
        print_json(info)
        return
    message = L_WRITE_ON if info.write_agendas else L_WRITE_OFF
    console().print(escape(t(message).format(id=info.id)), highlight=False)


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
    """The last sync of each calendar, address book and mailbox: when, what it did, its
    error if it failed."""
    c = container(ctx)
    if as_json:
        print_json({"sources": [_status_json(s) for s in c.sync_sources.last_results()]})
        return
    rows = [
        (i.id, i.url, i.kind, i.client, i.last_sync_at, i.last_result)
        for i in c.calendar_sync.sources()
    ]
    rows += [
        (b.id, b.url, b.kind, b.client, b.last_sync_at, b.last_result)
        for b in c.contact_sync.books()
    ]
    rows += [
        (m.id, m.url, m.kind, None, m.last_sync_at, m.last_result or {"error": m.last_error})
        for m in c.mail_sync.mailboxes()
    ]
    _status_table(rows)
    print_notes(console(), [row[5] or {} for row in rows])  # address books' conflicts


@unmatched_app.callback()
def unmatched(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """People on synced events that match no contact or client: e-mail, name, how many
    events, when last seen, in which calendars."""
    if ctx.invoked_subcommand is not None:
        return
    people = container(ctx).calendar_review.unmatched()
    if as_json:
        from rapport.jsonable import plain
        from rapport.services.calendar_review import UnmatchedList

        print_json(plain(UnmatchedList(tuple(people))))
        return
    out = console()
    if not people:
        out.print(t(L_NO_UNMATCHED), highlight=False)
        return
    table = Table(show_edge=False)
    for name in (L_EMAIL, L_NAME, L_EVENTS, L_LAST_SEEN, L_CALENDARS):
        table.add_column(t(name), justify="right" if name == L_EVENTS else "left")
    for p in people:
        table.add_row(
            escape(p.email),
            escape(p.name),
            str(p.events),
            p.seen_at.strftime("%Y-%m-%d %H:%M UTC") if p.seen_at else "",
            ", ".join(str(c) for c in p.calendars),
        )
    out.print(table)
    out.print(escape(t(L_UNMATCHED_HINT)), highlight=False)


@unmatched_app.command("client")
def unmatched_client(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The address on the list.")],
    name: Annotated[
        str | None,
        typer.Option("--name", help="The new client's name (default: the person's name)."),
    ] = None,
    tier: Annotated[Tier | None, typer.Option(help="Override the computed tier.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Make a client with this person as its contact; their events match at once."""
    services = container(ctx)
    made = services.calendar_review.make_client(
        email,
        name=name,
        tier=tier,
        workspace=services.workspace,
        language=services.settings.language,
        timezone=services.settings.timezone,
    )
    if as_json:
        print_json(made.as_json())
        return
    created = sum(r.created + r.updated for r in made.results)
    console().print(
        escape(t(L_MADE).format(client=made.client, email=made.email, created=created)),
        highlight=False,
    )
    for r in made.results:
        if r.error:
            error = _error_text(r.as_json())
            console().print(f"[red]{escape(f'{r.id}: {error}')}[/red]", highlight=False)


@unmatched_app.command("ignore")
def unmatched_ignore(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The address to leave off the list.")],
    as_json: JsonFlag = False,
) -> None:
    """Leave an address off the list of unmatched organisers from now on."""
    done = container(ctx).calendar_review.ignore(email)
    if as_json:
        print_json({"ignored": done})
        return
    console().print(escape(t(L_IGNORED).format(email=done)), highlight=False)


def _status_json(status: SourceStatus) -> dict[str, Any]:
    """A source's last sync as ``rapport sync status --json`` shows it: the stored result's
    keys (but the contacts fingerprint) between the source and its error."""
    return {
        "id": status.id,
        "url": status.url,
        "kind": status.kind,
        "last_sync_at": status.last_sync_at.isoformat() if status.last_sync_at else None,
        **{k: v for k, v in (status.last_result or {}).items() if k != "match"},
        "error": status.error,
    }


def _result_table(results: Sequence[Mapping[str, Any]]) -> None:
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
    print_notes(out, results)
    unmatched = sum(
        int(r.get("unmatched") or 0)
        for r in results
        if not r.get("error") and r.get("kind") in ("caldav", "ics")  # the note is about calendars
    )
    if unmatched:
        out.print(escape(t(L_UNMATCHED_NOTE).format(count=unmatched)), highlight=False)
        out.print(escape(t(L_SEE_UNMATCHED)), highlight=False)


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


L_PUSHED = N_("Address book {id}: {count} cards written to the server.")
L_CONFLICT = N_(
    "Address book {id}: {contact} — {field} changed on both sides; kept the server's "
    "{server!r}, Rapport had {rapport!r}."
)


def print_notes(out: Any, results: Sequence[Mapping[str, Any]]) -> None:
    """Under the sync table: cards written back and each conflict, for address books."""
    for r in results:
        if r.get("kind") != "carddav" or r.get("error"):
            continue
        if r.get("pushed"):
            out.print(escape(t(L_PUSHED).format(id=r["id"], count=r["pushed"])), highlight=False)
        for c in r.get("conflict_list") or []:
            line = t(L_CONFLICT).format(
                id=r["id"],
                contact=c["contact"],
                field=c["field"],
                server=c["server"] or "",
                rapport=c["rapport"] or "",
            )
            out.print(f"[yellow]{escape(line)}[/yellow]", highlight=False, soft_wrap=True)
