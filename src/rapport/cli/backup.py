"""``rapport backup`` and ``rapport restore``: the whole workspace to a file and back."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rapport.cli import text
from rapport.cli.context import console, container, err_console, print_json
from rapport.cli.text import _, ngettext
from rapport.errors import InvalidInputError
from rapport.texts import N_

if TYPE_CHECKING:
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


@contextmanager
def _bar(label: str, as_json: bool) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr while a backup or restore runs (not with --json, and
    not when stderr is not a terminal: then nothing is drawn)."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        TaskProgressColumn(),
        console=err_console,
        transient=True,
        disable=as_json,
    ) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total or None)


def backup(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(metavar="[FILE]", help="The backup file (or use --dir).")
    ] = None,
    portable: Annotated[
        bool,
        typer.Option(
            "--portable",
            help="Write the portable .json.gz archive (always so on PostgreSQL).",
        ),
    ] = False,
    as_json: JsonFlag = False,
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Write a new timestamped backup into this directory."),
    ] = None,
    keep: Annotated[
        int, typer.Option(min=1, help="With --dir: keep only the newest N backups there.")
    ] = 7,
    every: Annotated[
        str | None,
        typer.Option(help="With --dir: repeat every 30m, 24h, 7d... until stopped."),
    ] = None,
) -> None:
    """Back the whole workspace up to FILE (a consistent copy, even while in use), or into
    a directory of rotated backups (--dir, --keep), now or on a schedule (--every)."""
    service = container(ctx).backups
    if directory is None:
        if file is None or every is not None:
            raise InvalidInputError("give FILE, or --dir DIR (with --keep and --every)")
        with _bar(_("backing up"), as_json) as progress:
            info = service.backup(file, portable=portable, progress=progress)
        _report(_("backed up to {path} ({format}, schema {revision}): {rows}"), info, as_json)
        return
    if file is not None:
        raise InvalidInputError("give either FILE or --dir, not both")
    from rapport.services.backup_schedule import backup_into, parse_every

    interval = parse_every(every) if every is not None else None
    while True:
        with _bar(_("backing up"), as_json) as progress:
            info, pruned = backup_into(
                service, directory, keep=keep, portable=portable, progress=progress
            )
        _report(_("backed up to {path} ({format}, schema {revision}): {rows}"), info, as_json)
        for old in pruned:
            console().print(_("removed old backup {path}").format(path=old), highlight=False)
        if interval is None:
            return
        time.sleep(interval.total_seconds())


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
        ngettext(
            "Replace everything in this database with {file} ({clients} client)?",
            "Replace everything in this database with {file} ({clients} clients)?",
            info.counts.get("clients", 0),
        ).format(file=file, clients=info.counts.get("clients", 0)),
        default=False,
    ):
        raise InvalidInputError(N_("not restored (confirm, or pass --yes)"))
    with _bar(_("restoring"), as_json) as progress:
        restored = service.restore(file, progress=progress)
    _report(_("restored from {path} ({format}, schema {revision}): {rows}"), restored, as_json)
