"""``rapport backup`` and ``rapport restore``: the whole workspace to a file and back."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from rapport.cli import text
from rapport.cli.context import console, container, print_json
from rapport.cli.text import N_, _
from rapport.errors import InvalidInputError
from rapport.services.backup import BackupInfo

JsonFlag = Annotated[bool, typer.Option("--json", help="Print what the file holds as JSON.")]
FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="The backup file.")]


def _report(message: str, info: BackupInfo, as_json: bool) -> None:
    """``message`` is a translated template with ``{path}``, ``{format}``, ``{revision}``
    and ``{rows}``."""
    if as_json:
        print_json(asdict(info))
        return
    console().print(
        message.format(
            path=info.path,
            format=info.format,
            revision=info.revision,
            rows=text.counts(info.counts, skip_zero=True),
        )
    )


def backup(
    ctx: typer.Context,
    file: FileArg,
    portable: Annotated[
        bool,
        typer.Option(
            "--portable",
            help="Write the portable .json.gz archive (always so on PostgreSQL).",
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Back the whole workspace up to FILE (a consistent copy, even while in use)."""
    info = container(ctx).backups.backup(file, portable=portable)
    _report(_("backed up to {path} ({format}, schema {revision}): {rows}"), info, as_json)


def restore(
    ctx: typer.Context,
    file: FileArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Replace all data with the backup in FILE, after checking the file completely."""
    service = container(ctx).backups
    info = service.verify(file)
    if not yes and not typer.confirm(
        _("Replace everything in this database with {file} ({clients} clients)?").format(
            file=file, clients=info.counts.get("clients", 0)
        ),
        default=False,
    ):
        raise InvalidInputError(N_("not restored (confirm, or pass --yes)"))
    _report(
        _("restored from {path} ({format}, schema {revision}): {rows}"),
        service.restore(file),
        as_json,
    )
