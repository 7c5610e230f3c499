"""``rapport clients``: list, show and add clients."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from rapport.cli.context import console, container, print_json
from rapport.domain.model import Client, ClientKind, Origin, Tier

app = typer.Typer(help="List, show and add clients.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]


@app.command("list")
def list_clients(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option(help="Only names containing this text.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List clients by name."""
    clients = container(ctx).workspace.list_clients(search=search)
    if as_json:
        print_json(clients)
        return
    table = Table("id", "name", "kind", "language", "origin", "cadence (days)")
    for c in clients:
        table.add_row(
            str(c.id), c.name, c.kind.value, c.language, c.origin.value, str(c.cadence_days)
        )
    console().print(table)


@app.command("show")
def show(
    ctx: typer.Context,
    name_or_id: Annotated[str, typer.Argument(metavar="NAME_OR_ID")],
    as_json: JsonFlag = False,
) -> None:
    """Show one client."""
    client = container(ctx).workspace.find_client(name_or_id)
    if as_json:
        print_json(client)
        return
    table = Table("field", "value", show_header=False)
    for key, value in print_fields(client):
        table.add_row(key, value)
    console().print(table)


def print_fields(client: Client) -> list[tuple[str, str]]:
    from rapport.jsonable import dump

    return [(k, "" if v is None else str(v)) for k, v in dump(client).items()]


@app.command("add")
def add(
    ctx: typer.Context,
    name: str,
    kind: Annotated[ClientKind, typer.Option(help="Organisation or person.")] = (
        ClientKind.ORGANISATION
    ),
    language: Annotated[str, typer.Option(help="en, ja, vi, zh-Hans or nb.")] = "en",
    timezone: Annotated[str, typer.Option(help="IANA time zone.")] = "UTC",
    origin: Annotated[Origin, typer.Option(help="How the relationship started.")] = Origin.COLD,
    referred_by: Annotated[
        str | None, typer.Option(help="Name or id of the client who referred them.")
    ] = None,
    cadence: Annotated[int, typer.Option(help="Days between touch-points.")] = 30,
    personal_budget: Annotated[
        float, typer.Option(help="Share of meeting time for personal talk (0..1).")
    ] = 0.1,
    meeting_cap: Annotated[float | None, typer.Option(help="Monthly meeting-hours cap.")] = None,
    tier: Annotated[Tier | None, typer.Option(help="Override the computed tier.")] = None,
    email: Annotated[str | None, typer.Option(help="Main email address.")] = None,
    notes: Annotated[str, typer.Option(help="Free notes.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Add a client."""
    ws = container(ctx).workspace
    referrer_id = ws.find_client(referred_by).id if referred_by else None
    client = ws.add_client(
        Client(
            name=name,
            kind=kind,
            language=language,
            timezone=timezone,
            origin=origin,
            referred_by_client_id=referrer_id,
            cadence_days=cadence,
            personal_budget=personal_budget,
            monthly_meeting_hours_cap=meeting_cap,
            tier_override=tier,
            email=email,
            notes=notes,
        )
    )
    if as_json:
        print_json(client)
    else:
        console().print(f"added client {client.name} (id {client.id})")
