"""``rapport booking link|list|cancel|calendar``: each client's booking page
(docs/integrations.md "Booking page"). Texts are in the ``sync`` translation domain."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from rapport.cli.context import console, container, print_json
from rapport.cli.sync import BaseOption, JsonFlag, _base, t
from rapport.jsonable import plain
from rapport.texts import N_

L_LINK = N_("Send this private address to {client}; it opens their booking page:")
L_LINK_RESET = N_("A new booking address for {client}; the old one no longer works:")
L_NO_BOOKINGS = N_("No bookings yet.")
L_WHEN = N_("When")
L_LENGTH = N_("Minutes")
L_FORMAT = N_("Format")
L_WHO = N_("Booked by")
L_STATUS = N_("Status")
L_STEPS = N_("Follow-up")
L_CANCELLED = N_("Booking {id} cancelled; its time is free again.")
L_CALENDAR_SET = N_("Bookings go into calendar {id}: {url}")
L_CLIENT = N_("Client")
L_OK = N_("ok")

app = typer.Typer(help="Booking pages: a private link per client.", no_args_is_help=True)


@app.command("link")
def link(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(help="Client name or id.")],
    base: BaseOption = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Make a new address; the old one answers 404.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Print the client's private booking page address (made on first use)."""
    found = container(ctx).booking.url(client, _base(ctx, base), reset=reset)
    if as_json:
        print_json(plain(found))
        return
    if sys.stdout.isatty():
        note = t(L_LINK_RESET if reset else L_LINK).format(client=found.client)
        console().print(escape(note), highlight=False)
    typer.echo(found.url)


@app.command("list")
def list_bookings(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Bookings made on the booking pages, by start."""
    rows = container(ctx).booking.bookings()
    if as_json:
        print_json(plain(rows))
        return
    if not rows:
        console().print(t(L_NO_BOOKINGS), highlight=False)
        return
    table = Table("#", t(L_CLIENT), t(L_WHEN), t(L_LENGTH), t(L_FORMAT), t(L_WHO), t(L_STATUS))
    table.add_column(t(L_STEPS))
    for row in rows:
        steps = row.steps or {}
        failed = [f"{k}: {v}" for k, v in steps.items() if v]
        table.add_row(
            str(row.id),
            escape(row.client),
            row.start[:16].replace("T", " "),
            str(row.minutes),
            row.format,
            escape(f"{row.name} <{row.email}>"),
            row.status,
            escape("; ".join(failed)) if failed else t(L_OK),
        )
    console().print(table)


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    booking: Annotated[int, typer.Argument(help="The booking's number (rapport booking list).")],
    as_json: JsonFlag = False,
) -> None:
    """Cancel a booking: its planned meeting goes and its time is free again."""
    done = container(ctx).booking.cancel(booking)
    if as_json:
        print_json(plain(done))
        return
    console().print(t(L_CANCELLED).format(id=booking), highlight=False)


@app.command("calendar")
def calendar(
    ctx: typer.Context,
    calendar_ref: Annotated[
        str, typer.Argument(metavar="CALENDAR_ID", help="A CalDAV calendar's number or address.")
    ],
) -> None:
    """Choose the CalDAV calendar (rapport calendars list) that bookings are written into."""
    chosen = container(ctx).booking.set_calendar(calendar_ref)
    console().print(escape(t(L_CALENDAR_SET).format(id=chosen.id, url=chosen.url)), highlight=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="booking")
