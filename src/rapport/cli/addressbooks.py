"""``rapport addressbooks add|list|remove``: the CardDAV address books synced with clients'
contacts by ``rapport sync`` (docs/integrations.md "Contact sync (CardDAV)"). Texts are in
the ``sync`` translation domain, shared with the calendar commands."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from rapport.cli import inputs
from rapport.cli.context import console, container, print_json
from rapport.cli.sync import L_PASSWORD, JsonFlag, _status_table, t
from rapport.texts import N_

L_ADDED = N_("Address book {id} added: {url}. Run `rapport sync` to sync it now.")
L_REMOVED = N_("Address book {id} removed: {url} (its contacts stay)")
L_NONE = N_("No address books yet: add one with `rapport addressbooks add URL`.")

addressbooks_app = typer.Typer(
    help="Address books synced with clients' contacts, both ways (CardDAV).",
    no_args_is_help=True,
)


@addressbooks_app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="A CardDAV address-book collection.")],
    user: Annotated[
        str | None,
        typer.Option("--user", help="User name; the password is read from standard input."),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option(
            "--client",
            help="Client for cards that match none; only its contacts are written back.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a CardDAV address book to sync with clients' contacts."""
    password = inputs.password(user, t(L_PASSWORD).format(user=user))
    info = container(ctx).contact_sync.add(url, username=user, password=password, client=client)
    if as_json:
        print_json(info)
        return
    console().print(escape(t(L_ADDED).format(id=info.id, url=info.url)), highlight=False)


@addressbooks_app.command("list")
def list_books(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The address books, with their last sync and its result."""
    infos = container(ctx).contact_sync.books()
    if as_json:
        print_json(infos)
        return
    if not infos:
        console().print(t(L_NONE))
        return
    _status_table([(i.id, i.url, i.kind, i.client, i.last_sync_at, i.last_result) for i in infos])


@addressbooks_app.command("remove")
def remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ADDRESSBOOK", help="Its number or address.")],
) -> None:
    """Stop syncing an address book (its contacts stay, and its cards on the server)."""
    info = container(ctx).contact_sync.remove(ref)
    console().print(escape(t(L_REMOVED).format(id=info.id, url=info.url)), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(addressbooks_app, name="addressbooks")
