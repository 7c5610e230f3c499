"""``rapport commitment``: promises made to clients, kept, missed or announced."""

from __future__ import annotations

from typing import Annotated

import typer

from rapport.cli.context import container
from rapport.cli.inputs import (
    ClientFilter,
    ClientOption,
    JsonFlag,
    done,
    find_client,
    optional_when,
    records,
    show,
    store,
    when,
)
from rapport.cli.text import _, term
from rapport.clock import now
from rapport.domain.model import Client, Commitment, CommitmentSize, CommitmentStatus

app = typer.Typer(help="Track promises: add, mark done or missed, list.", no_args_is_help=True)

CommitmentId = Annotated[int, typer.Argument(metavar="ID", help="Commitment id.")]


@app.command("add")
def add(
    ctx: typer.Context,
    client: ClientOption,
    text: Annotated[str, typer.Option(help="What you promised.")],
    due: Annotated[
        str, typer.Option(help="When it is due; a bare date means 17:00 that day, client's zone.")
    ],
    to: Annotated[str | None, typer.Option(help="To whom you promised it.")] = None,
    size: Annotated[CommitmentSize, typer.Option(help="Small or large.")] = CommitmentSize.SMALL,
    made_at: Annotated[str | None, typer.Option(help="When you promised it (default now).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record a promise."""
    owner, owner_id = find_client(ctx, client)
    commitment = store(
        ctx,
        Commitment(
            client_id=owner_id,
            text=text,
            due_at=when(due, owner, end_of_day=True),
            made_at=optional_when(made_at, owner) or now(),
            to_whom=to,
            size=size,
        ),
    )
    done(
        _("commitment {id} to {client} due {due} UTC").format(
            id=commitment.id, client=owner.name, due=f"{commitment.due_at:%Y-%m-%d %H:%M}"
        ),
        commitment,
        as_json=as_json,
    )


def _client_of(ctx: typer.Context, commitment_id: int) -> Client:
    ws = container(ctx).workspace
    return ws.get(Client, ws.get(Commitment, commitment_id).client_id)


@app.command("done")
def mark_done(
    ctx: typer.Context,
    commitment_id: CommitmentId,
    at: Annotated[str | None, typer.Option(help="When it was delivered (default now).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mark a promise as kept."""
    at_time = optional_when(at, _client_of(ctx, commitment_id))
    commitment = container(ctx).workspace.commitment_done(commitment_id, at_time)
    done(_("commitment {id} kept").format(id=commitment_id), commitment, as_json=as_json)


@app.command("miss")
def mark_missed(
    ctx: typer.Context,
    commitment_id: CommitmentId,
    announced_at: Annotated[
        str | None, typer.Option(help="When you told the client it would slip.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mark a promise as missed (and when the client was told, if they were)."""
    told = optional_when(announced_at, _client_of(ctx, commitment_id))
    commitment = container(ctx).workspace.commitment_missed(commitment_id, told)
    message = (
        _("commitment {id} missed, announced {at} UTC").format(
            id=commitment_id, at=f"{told:%Y-%m-%d %H:%M}"
        )
        if told
        else _("commitment {id} missed, not announced").format(id=commitment_id)
    )
    done(message, commitment, as_json=as_json)


@app.command("list")
def list_commitments(
    ctx: typer.Context,
    client: ClientFilter = None,
    status: Annotated[CommitmentStatus | None, typer.Option(help="Only this status.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List commitments by due date."""
    items, names = records(ctx, Commitment, client)
    if status is not None:
        items = [c for c in items if c.status is status]
    show(
        items,
        (_("id"), _("client"), _("due (UTC)"), _("status"), _("size"), _("to"), _("text")),
        (
            (
                c.id,
                names.get(c.client_id),
                c.due_at.strftime("%Y-%m-%d %H:%M"),
                term("commitment_status", c.status),
                term("commitment_size", c.size),
                c.to_whom,
                c.text,
            )
            for c in items
        ),
        as_json=as_json,
    )
