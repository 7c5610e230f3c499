"""Backup and restore tell their progress (the Rich bar of `rapport backup` and `rapport
restore` draws it), on both engines and in both formats: it only moves forward and ends
complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_backup_and_restore_report_progress_to_the_end(
    container: Container, tmp_path: Path, portable: bool
) -> None:
    container.workspace.add_client(Client(name="Oslo Bikes", language="nb"))
    told: list[tuple[int, int]] = []
    path = tmp_path / "backup.bin"
    container.backups.backup(path, portable=portable, progress=lambda d, t: told.append((d, t)))
    assert told and told[-1][0] == told[-1][1] > 0
    assert [d for d, _ in told] == sorted(d for d, _ in told)

    told.clear()
    container.backups.restore(path, progress=lambda d, t: told.append((d, t)))
    assert told and told[-1][0] == told[-1][1] > 0
    assert container.workspace.find_client("Oslo Bikes").language == "nb"
