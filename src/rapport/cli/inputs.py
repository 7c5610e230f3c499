"""Reading what users type on the command line: clients, dates and times, JSON flags.

Dates and times without a zone are read in the client's time zone, and the user is told
on standard error (``note: read 2026-11-30 15:00 in Asia/Tokyo``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from rapport.cli.context import console, container, note, print_json
from rapport.cli.text import _
from rapport.domain.model import Client
from rapport.domain.when import parse_when

T = TypeVar("T")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]
ClientOption = Annotated[str, typer.Option("--client", help="Client name or id.")]
ClientFilter = Annotated[
    str | None, typer.Option("--client", help="Only this client (name or id).")
]


def find_client(ctx: typer.Context, name_or_id: str) -> tuple[Client, int]:
    """The client named (or numbered) ``name_or_id``, and its id."""
    client = container(ctx).workspace.find_client(name_or_id)
    assert client.id is not None
    return client, client.id


def records(
    ctx: typer.Context, cls: type[T], client: str | None, *, limit: int | None = None
) -> tuple[list[T], dict[int, str]]:
    """Rows of ``cls`` (of one client when ``client`` is given), and every client's name."""
    ws = container(ctx).workspace
    client_id = find_client(ctx, client)[1] if client else None
    names = {c.id: c.name for c in ws.list_clients() if c.id is not None}
    return ws.list(cls, client_id=client_id, limit=limit), names


def store(ctx: typer.Context, obj: T) -> T:
    """Store ``obj`` (one transaction) and return it as stored."""
    return container(ctx).workspace.add(obj)


def when(text: str, client: Client, *, end_of_day: bool = False) -> datetime:
    """Parse ``text`` in the client's zone when it has none, and say so."""
    parsed = parse_when(text, client.timezone, end_of_day=end_of_day)
    if parsed.assumed_zone is not None:
        shown = parsed.at.strftime("%Y-%m-%d %H:%M")
        note(_("read {at} in {zone}").format(at=shown, zone=parsed.assumed_zone))
    return parsed.at.astimezone(UTC)


def optional_when(text: str | None, client: Client) -> datetime | None:
    return when(text, client) if text else None


def show(
    items: Sequence[Any],
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    as_json: bool,
) -> None:
    """Print ``items`` as JSON, or ``rows`` as a Rich table with ``columns``."""
    if as_json:
        print_json(list(items))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console().print(table)


def done(message: str, obj: Any, *, as_json: bool) -> None:
    """Report a write: the object as JSON, or one line for people."""
    if as_json:
        print_json(obj)
    else:
        console().print(message)


def password(user: str | None, prompt: str) -> str | None:
    """The password for ``user`` (None without a user): a prompt without echo on a
    terminal (``prompt`` already in the run's language), the first line of piped input
    otherwise; never from the command line."""
    import sys

    if user is None:
        return None
    if sys.stdin.isatty():
        entered: str = typer.prompt(prompt, hide_input=True)
        return entered
    return sys.stdin.readline().rstrip("\r\n") or None
