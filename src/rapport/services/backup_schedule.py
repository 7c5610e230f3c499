"""Scheduled backups: a new timestamped file in a directory, the oldest ones pruned.

``rapport backup --dir DIR --keep 7 --every 24h`` runs :func:`backup_into` in a loop (a
cron line running ``rapport backup --dir DIR --keep 7`` does the same with the system's
scheduler).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from rapport.clock import now
from rapport.errors import InvalidInputError
from rapport.services.backup import BackupInfo, BackupService, Progress

PREFIX = "rapport-"
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_every(text: str) -> timedelta:
    """``90s``, ``30m``, ``24h`` or ``7d``."""
    match = _DURATION.match(text)
    if not match or int(match.group(1)) == 0:
        raise InvalidInputError(f"--every {text!r}: give a duration such as 30m, 24h or 7d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def backup_into(
    service: BackupService,
    directory: Path,
    *,
    keep: int,
    portable: bool = False,
    progress: Progress | None = None,
) -> tuple[BackupInfo, list[Path]]:
    """Write ``rapport-<UTC time>.<ext>`` into ``directory`` and delete all but the newest
    ``keep`` backups there. Answers the new backup and the files deleted."""
    if keep < 1:
        raise InvalidInputError("--keep must be at least 1")
    directory = directory.expanduser()
    ext = ".db" if service.engine.dialect.name == "sqlite" and not portable else ".json.gz"
    stamp = now().strftime("%Y%m%dT%H%M%S%fZ")
    target = directory / f"{PREFIX}{stamp}{ext}"
    if progress is None:
        info = service.backup(target, portable=portable)
    else:
        info = service.backup(target, portable=portable, progress=progress)
    # Names sort by time; only files this schedule wrote are considered.
    ours = sorted(
        p for p in directory.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(ext)
    )
    pruned = ours[:-keep]
    for old in pruned:
        old.unlink()
    return info, pruned
