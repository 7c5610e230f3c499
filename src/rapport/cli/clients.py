"""``rapport clients``: list, show, add, update and delete clients."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from rapport.cli.context import console, container, dump, print_json
from rapport.cli.text import _, amount, term
from rapport.domain.model import (
    Client,
    ClientKind,
    Commitment,
    CommitmentStatus,
    Contact,
    Interaction,
    Origin,
    Tier,
)
from rapport.errors import InvalidInputError
from rapport.texts import N_


def _language_names() -> dict[str, str]:
    from rapport.i18n import LANGUAGE_NAMES

    return LANGUAGE_NAMES


app = typer.Typer(help="List, show, add, update and delete clients.", no_args_is_help=True)

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
    table = Table(_("id"), _("name"), _("kind"), _("language"), _("origin"), _("cadence (days)"))
    for c in clients:
        table.add_row(
            str(c.id),
            c.name,
            term("client_kind", c.kind),
            _language_names().get(c.language, c.language),
            term("origin", c.origin),
            str(c.cadence_days),
        )
    console().print(table)


@app.command("show")
def show(
    ctx: typer.Context,
    name_or_id: Annotated[str, typer.Argument(metavar="NAME_OR_ID")],
    as_json: JsonFlag = False,
) -> None:
    """Show one client with its contacts, open commitments and last interaction."""
    ws = container(ctx).workspace
    client = ws.find_client(name_or_id)
    contacts = ws.list(Contact, client_id=client.id)
    open_commitments = [
        c for c in ws.list(Commitment, client_id=client.id) if c.status is CommitmentStatus.OPEN
    ]
    last = next(iter(ws.list(Interaction, client_id=client.id, limit=1)), None)
    if as_json:
        print_json(
            {
                **dump(client),
                "contacts": dump(contacts),
                "open_commitments": dump(open_commitments),
                "last_interaction": dump(last) if last else None,
            }
        )
        return
    out = console()
    table = Table(_("field"), _("value"), show_header=False)
    for key, value in print_fields(client):
        table.add_row(key, value)
    out.print(table)
    people = Table(_("contact"), _("email"), _("phone"), _("title"), title=_("Contacts"))
    for p in contacts:
        people.add_row(p.name, p.email or "", p.phone or "", p.title or "")
    out.print(people)
    promises = Table(_("id"), _("due (UTC)"), _("text"), title=_("Open commitments"))
    for c in open_commitments:
        promises.add_row(str(c.id), f"{c.due_at:%Y-%m-%d %H:%M}", c.text)
    out.print(promises)
    if last:
        line = _("last interaction: {kind} on {at} UTC, {minutes} min").format(
            kind=term("interaction_kind", last.kind),
            at=f"{last.started_at:%Y-%m-%d %H:%M}",
            minutes=last.duration_min,
        )
        out.print(f"{line}: {last.summary}" if last.summary else line)
    else:
        out.print(_("no interactions yet"))


SHOWN_AS: dict[str, str] = {"kind": "client_kind", "origin": "origin", "tier_override": "tier"}
"""Fields whose values are identifiers, shown by their display names."""


def print_fields(client: Client) -> list[tuple[str, str]]:
    """Each field of the client with its display name and its value for people."""
    rows = []
    for key, value in dump(client).items():
        if value is None or value == "":
            shown = ""
        elif key in SHOWN_AS:
            shown = term(SHOWN_AS[key], value)
        elif key == "language":
            shown = _language_names().get(str(value), str(value))
        elif key == "personal_budget":
            shown = amount(100 * float(value), 0) + " %"
        elif key == "monthly_meeting_hours_cap":
            shown = amount(value, 1)
        else:
            shown = str(value)
        rows.append((term("client_field", key), shown))
    return rows


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
        console().print(_("added client {name} (id {id})").format(name=client.name, id=client.id))


@app.command("update")
def update(
    ctx: typer.Context,
    name_or_id: Annotated[str, typer.Argument(metavar="NAME_OR_ID")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    kind: Annotated[ClientKind | None, typer.Option(help="Organisation or person.")] = None,
    language: Annotated[str | None, typer.Option(help="en, ja, vi, zh-Hans or nb.")] = None,
    timezone: Annotated[str | None, typer.Option(help="IANA time zone.")] = None,
    origin: Annotated[Origin | None, typer.Option(help="How the relationship started.")] = None,
    referred_by: Annotated[
        str | None, typer.Option(help="Name or id of the client who referred them.")
    ] = None,
    cadence: Annotated[int | None, typer.Option(help="Days between touch-points.")] = None,
    personal_budget: Annotated[
        float | None, typer.Option(help="Share of meeting time for personal talk (0..1).")
    ] = None,
    meeting_cap: Annotated[float | None, typer.Option(help="Monthly meeting-hours cap.")] = None,
    tier: Annotated[Tier | None, typer.Option(help="Override the computed tier.")] = None,
    email: Annotated[str | None, typer.Option(help="Main email address.")] = None,
    notes: Annotated[str | None, typer.Option(help="Free notes.")] = None,
    owner: Annotated[
        str | None, typer.Option(help="Colleague who owns the account day to day.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a client's fields; only the options given are changed."""
    ws = container(ctx).workspace
    client = ws.find_client(name_or_id)
    assert client.id is not None
    changes = {
        key: value
        for key, value in {
            "name": name,
            "kind": kind,
            "language": language,
            "timezone": timezone,
            "origin": origin,
            "referred_by_client_id": ws.find_client(referred_by).id if referred_by else None,
            "cadence_days": cadence,
            "personal_budget": personal_budget,
            "monthly_meeting_hours_cap": meeting_cap,
            "tier_override": tier,
            "email": email,
            "notes": notes,
            "owner_colleague": owner,
        }.items()
        if value is not None
    }
    if not changes:
        raise InvalidInputError(N_("nothing to change: give at least one option (see --help)"))
    updated = ws.update(Client, client.id, changes)
    if as_json:
        print_json(updated)
    else:
        console().print(
            _("updated client {name}: {fields}").format(
                name=updated.name, fields=", ".join(sorted(changes))
            )
        )


@app.command("delete")
def delete(
    ctx: typer.Context,
    name_or_id: Annotated[str, typer.Argument(metavar="NAME_OR_ID")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a client with its contacts, interactions, commitments, revenue, projects, notes."""
    ws = container(ctx).workspace
    client = ws.find_client(name_or_id)
    assert client.id is not None
    if not yes and not typer.confirm(
        _("Delete {name} and everything recorded about them?").format(name=client.name),
        default=False,
    ):
        raise InvalidInputError(N_("not deleted (confirm, or pass --yes)"))
    ws.delete(Client, client.id)
    console().print(_("deleted client {name}").format(name=client.name))
