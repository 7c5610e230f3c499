"""``rapport contacts``: people at a client."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport.cli.inputs import (
    ClientFilter,
    ClientOption,
    JsonFlag,
    done,
    find_client,
    records,
    show,
    store,
)
from rapport.domain.model import Contact

app = typer.Typer(help="Add and list contacts (people at a client).", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: str,
    client: ClientOption,
    email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    title: Annotated[str | None, typer.Option(help="Job title.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a contact to a client."""
    owner, owner_id = find_client(ctx, client)
    contact = store(
        ctx, Contact(client_id=owner_id, name=name, email=email, phone=phone, title=title)
    )
    done(
        f"added contact {contact.name} at {owner.name} (id {contact.id})", contact, as_json=as_json
    )


@app.command("list")
def list_contacts(
    ctx: typer.Context, client: ClientFilter = None, as_json: JsonFlag = False
) -> None:
    """List contacts, optionally of one client."""
    contacts, names = records(ctx, Contact, client)
    show(
        contacts,
        ("id", "client", "name", "email", "phone", "title"),
        ((c.id, names.get(c.client_id), c.name, c.email, c.phone, c.title) for c in contacts),
        as_json=as_json,
    )
