"""Scheduled backups into a directory keep the newest N and each one restores."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client
from rapport.errors import InvalidInputError
from rapport.services.backup_schedule import backup_into, parse_every
from tests.conftest import RunCli


def test_rotating_backups_keep_the_newest(container: Container, tmp_path: Path) -> None:
    container.workspace.add(Client(name="Hanoi Coffee"))
    made = []
    for _ in range(4):
        info, _pruned = backup_into(container.backups, tmp_path / "b", keep=2)
        made.append(Path(info.path).name)
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == made[-2:]
    newest = container.backups.verify(tmp_path / "b" / made[-1])
    assert newest.counts["clients"] == 1


def test_cli_backup_into_a_directory(cli: RunCli, tmp_path: Path) -> None:
    result = cli("backup", "--dir", str(tmp_path / "b"), "--keep", "1")
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "b").iterdir())) == 1
    bad = cli("backup", "--dir", str(tmp_path / "b"), "--every", "soon")
    assert bad.returncode == 1
    assert "--every 'soon'" in bad.stderr


@pytest.mark.parametrize("text", ["0h", "h", "24 hours", "-1d"])
def test_every_rejects_nonsense(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_every(text)


def test_every_reads_units() -> None:
    assert parse_every("24h").total_seconds() == 86400
    assert parse_every("30m").total_seconds() == 1800
