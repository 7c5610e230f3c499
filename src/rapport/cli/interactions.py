"""``rapport interactions``: meetings, calls, video calls, emails and messages."""

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
    when,
)
from rapport.cli.text import _, term
from rapport.domain.model import Interaction, InteractionKind

app = typer.Typer(help="Log and list interactions with clients.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    client: ClientOption,
    kind: Annotated[InteractionKind, typer.Option(help="How you met or wrote.")],
    start: Annotated[
        str, typer.Option(help="When it started (without a zone: the client's zone).")
    ],
    duration: Annotated[int, typer.Option(min=0, help="Length in minutes.")],
    business: Annotated[int | None, typer.Option(min=0, help="Minutes on business.")] = None,
    personal: Annotated[int | None, typer.Option(min=0, help="Minutes of personal talk.")] = None,
    summary: Annotated[str, typer.Option(help="What it was about.")] = "",
    drain: Annotated[
        int | None, typer.Option(min=1, max=5, help="How draining: 1 energising .. 5 exhausting.")
    ] = None,
    feedback_asked: Annotated[
        bool, typer.Option("--feedback-asked", help="You asked the client for feedback.")
    ] = False,
    point_of_view: Annotated[
        bool, typer.Option("--point-of-view", help="You shared a clear point of view.")
    ] = False,
    rating: Annotated[
        int | None, typer.Option(min=1, max=5, help="The client's own rating, 1..5.")
    ] = None,
    decisions: Annotated[str, typer.Option(help="Decisions taken.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Log an interaction."""
    owner, owner_id = find_client(ctx, client)
    interaction = store(
        ctx,
        Interaction(
            client_id=owner_id,
            kind=kind,
            started_at=when(start, owner),
            duration_min=duration,
            business_min=business,
            personal_min=personal,
            summary=summary,
            drain=drain,
            feedback_asked=feedback_asked,
            point_of_view_shared=point_of_view,
            client_rating=rating,
            decisions=decisions,
        ),
    )
    done(
        _("logged {kind} with {client} (id {id})").format(
            kind=interaction.kind.value, client=owner.name, id=interaction.id
        ),
        interaction,
        as_json=as_json,
    )


@app.command("list")
def list_interactions(
    ctx: typer.Context,
    client: ClientFilter = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many, newest first.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List interactions, newest first."""
    items, names = records(ctx, Interaction, client, limit=limit)
    show(
        items,
        (
            _("id"),
            _("client"),
            _("kind"),
            _("started (UTC)"),
            _("min"),
            _("business"),
            _("personal"),
            _("drain"),
            _("summary"),
        ),
        (
            (
                i.id,
                names.get(i.client_id),
                term("interaction_kind", i.kind),
                i.started_at.strftime("%Y-%m-%d %H:%M"),
                i.duration_min,
                i.business_min,
                i.personal_min,
                i.drain,
                i.summary,
            )
            for i in items
        ),
        as_json=as_json,
    )
