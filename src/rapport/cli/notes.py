"""``rapport notes``: free notes about a client."""

from __future__ import annotations

import typer

from rapport.cli.context import container
from rapport.cli.inputs import (
    ClientFilter,
    ClientOption,
    JsonFlag,
    client_id_or_none,
    client_names,
    done,
    find_client,
    show,
)
from rapport.domain.model import Note

app = typer.Typer(help="Add and list notes about clients.", no_args_is_help=True)


@app.command("add")
def add(ctx: typer.Context, text: str, client: ClientOption, as_json: JsonFlag = False) -> None:
    """Add a note to a client."""
    owner = find_client(ctx, client)
    assert owner.id is not None
    note = container(ctx).workspace.add(Note(client_id=owner.id, text=text))
    done(f"added note {note.id} to {owner.name}", note, as_json=as_json)


@app.command("list")
def list_notes(ctx: typer.Context, client: ClientFilter = None, as_json: JsonFlag = False) -> None:
    """List notes, newest first."""
    notes = container(ctx).workspace.list(Note, client_id=client_id_or_none(ctx, client))
    names = client_names(ctx)
    show(
        notes,
        ("id", "client", "written", "text"),
        (
            (n.id, names.get(n.client_id), n.created_at and n.created_at.date(), n.text)
            for n in notes
        ),
        as_json=as_json,
    )
