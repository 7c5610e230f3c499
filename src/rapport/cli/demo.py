"""``rapport demo``: fill an empty database with a realistic demo workspace."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from rapport.cli import text
from rapport.cli.context import console, container, err_console, print_json
from rapport.cli.settings import hint_if_unnamed
from rapport.cli.text import _
from rapport.clock import now
from rapport.domain.when import parse_day


def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same demo.")] = 1,
    today: Annotated[
        str | None,
        typer.Option(help="Pretend today is YYYY-MM-DD (history ends at noon UTC that day)."),
    ] = None,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing when clients already exist.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Delete every client and their records first (accounts and the audit log "
            "stay). Not needed to replace an untouched demo.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print counts as JSON.")] = False,
) -> None:
    """Fill the database with a deterministic demo workspace (about 40 clients, a year).
    An untouched demo (as `make run` leaves it) is replaced; a workspace with your own
    records is refused unless --replace is given."""
    from rapport.services.demo import DemoService

    service = DemoService(container(ctx).db)
    if if_empty and service.client_count():
        err_console.print(_("the workspace already has clients: demo skipped"))
        hint_if_unnamed(ctx)
        return
    end = datetime.combine(parse_day(today), time(12), tzinfo=UTC) if today else now()
    with Progress(
        TextColumn(_("writing the demo workspace")),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("demo", total=None)
        replaced = service.client_count() > 0
        ws = service.fill(
            seed,
            end,
            lambda done, total: bar.update(task, completed=done, total=total),
            replace=replace,
        )
    counts = {
        "clients": len(ws.clients),
        "contacts": len(ws.contacts),
        "interactions": len(ws.interactions),
        "commitments": len(ws.commitments),
        "revenue": len(ws.revenue),
        "projects": len(ws.projects),
        "notes": len(ws.notes),
    }
    if as_json:
        print_json({**counts, "replaced": replaced, "seed": seed})
    elif replaced:
        console().print(
            _("replaced the workspace with the demo for seed {seed}: {rows}").format(
                seed=seed, rows=text.counts(counts)
            )
        )
    else:
        console().print(_("demo workspace written: {rows}").format(rows=text.counts(counts)))
    hint_if_unnamed(ctx)
