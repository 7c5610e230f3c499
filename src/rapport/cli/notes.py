"""``rapport notes``: free notes about a client."""

from __future__ import annotations

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
from rapport.domain.model import Note

app = typer.Typer(help="Add and list notes about clients.", no_args_is_help=True)


@app.command("add")
def add(ctx: typer.Context, text: str, client: ClientOption, as_json: JsonFlag = False) -> None:
    """Add a note to a client."""
    owner, owner_id = find_client(ctx, client)
    note = store(ctx, Note(client_id=owner_id, text=text))
    done(f"added note {note.id} to {owner.name}", note, as_json=as_json)


@app.command("list")
def list_notes(ctx: typer.Context, client: ClientFilter = None, as_json: JsonFlag = False) -> None:
    """List notes, newest first."""
    notes, names = records(ctx, Note, client)
    show(
        notes,
        ("id", "client", "written", "text"),
        (
            (n.id, names.get(n.client_id), n.created_at and n.created_at.date(), n.text)
            for n in notes
        ),
        as_json=as_json,
    )
