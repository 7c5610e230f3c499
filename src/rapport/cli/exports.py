"""``rapport export``: the whole workspace as JSON, or as CSV tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rapport.cli.context import console, container

app = typer.Typer(help="Export the workspace as JSON or CSV.", no_args_is_help=True)


@app.command("json")
def export_json(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The file to write.")],
) -> None:
    """Write every entity, ids included, to one JSON file (`rapport import json` reads it)."""
    counts = container(ctx).imports.export_json(path)
    summary = ", ".join(f"{n} {key}" for key, n in counts.items())
    console().print(f"wrote {path}: {summary}", highlight=False, markup=False)


@app.command("csv")
def export_csv(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(metavar="PATH", help="A folder, or a file name ending in .zip.")
    ],
) -> None:
    """Write clients, contacts, interactions and revenue as CSV (the CSV import's columns)."""
    written = container(ctx).imports.export_csv(path)
    console().print("wrote " + ", ".join(str(p) for p in written), highlight=False, markup=False)
