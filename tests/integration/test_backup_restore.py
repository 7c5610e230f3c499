"""Backup and restore on both engines: a lossless round trip, and a bad file refused with
the database left exactly as it was."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Commitment, Contact, Note, RevenueEntry
from rapport.errors import InvalidInputError
from rapport.jsonable import dump
from rapport.services.backup import BackupService


def _fill(container: Container) -> object:
    ws = container.workspace
    first = ws.add_client(Client(name="Oslo Bikes", language="nb", timezone="Europe/Oslo"))
    second = ws.add_client(Client(name="東雲デザイン株式会社", language="ja"))
    assert first.id and second.id
    # A referral pointing at a *later* row: restore must not trip over the order.
    ws.update(Client, first.id, {"referred_by_client_id": second.id})
    ws.add(Contact(client_id=first.id, name="Kari Berg", email="kari@oslo.example"))
    ws.add(
        RevenueEntry(client_id=second.id, on=datetime(2026, 1, 5).date(), amount=Decimal("1200.50"))
    )
    ws.add(
        Commitment(
            client_id=second.id,
            text="報告書の草案を納品",
            due_at=datetime(2026, 3, 1, 8, tzinfo=UTC),
            made_at=datetime(2026, 2, 1, 8, tzinfo=UTC),
        )
    )
    ws.add(Note(client_id=first.id, text="Liker kaffe"))
    return dump(ws.snapshot())


def _mess_up(container: Container) -> None:
    ws = container.workspace
    ws.delete(Client, ws.find_client("Oslo Bikes").id or 0)
    ws.add_client(Client(name="Someone new"))


@pytest.mark.parametrize("portable", [False, True], ids=["native", "portable"])
def test_round_trip_restores_everything(
    container: Container, tmp_path: Path, portable: bool
) -> None:
    before = _fill(container)
    info = container.backups.backup(tmp_path / "backup.bin", portable=portable)
    native_sqlite = container.db.dialect == "sqlite" and not portable
    assert info.format == ("sqlite" if native_sqlite else "portable")
    assert info.counts["clients"] == 2 and info.counts["notes"] == 1
    _mess_up(container)

    container.backups.restore(tmp_path / "backup.bin")
    assert dump(container.workspace.snapshot()) == before
    # New rows take fresh ids after the restored ones.
    assert container.workspace.add_client(Client(name="Third")).id == 3


def _damaged_archives(tmp_path: Path, archive: Path) -> list[Path]:
    data = json.loads(gzip.decompress(archive.read_bytes()))
    tampered = json.loads(json.dumps(data))
    tampered["tables"]["clients"]["rows"][0][1] = "Someone else"
    wrong_count = json.loads(json.dumps(data))
    wrong_count["counts"]["notes"] = 5
    future = json.loads(json.dumps(data))
    future["revision"] = "9999_from_the_future"
    files = []
    for name, content in [("tampered", tampered), ("count", wrong_count), ("future", future)]:
        path = tmp_path / f"{name}.json.gz"
        path.write_bytes(gzip.compress(json.dumps(content).encode()))
        files.append(path)
    truncated = tmp_path / "truncated.json.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    return [*files, truncated, text, tmp_path / "missing.json.gz"]


def test_a_bad_backup_is_refused_and_changes_nothing(container: Container, tmp_path: Path) -> None:
    _fill(container)
    archive = container.backups.backup(tmp_path / "good.json.gz", portable=True)
    bad = _damaged_archives(tmp_path, Path(archive.path))
    if container.db.dialect == "sqlite":
        native = Path(container.backups.backup(tmp_path / "good.db").path)
        corrupt = tmp_path / "corrupt.db"
        raw = bytearray(native.read_bytes())
        raw[4096:8192] = b"\xff" * 4096  # page 2 overwritten
        corrupt.write_bytes(bytes(raw))
        bad.append(corrupt)
    _mess_up(container)
    current = dump(container.workspace.snapshot())

    messages = []
    for path in bad:
        with pytest.raises(InvalidInputError) as refused:
            container.backups.restore(path)
        messages.append(refused.value.message)
        assert dump(container.workspace.snapshot()) == current
    assert "checksum does not match" in messages[0]
    assert "has 1 rows, the archive says 5" in messages[1]
    assert "does not know" in messages[2]
    assert "damaged archive" in messages[3]
    assert "not a Rapport backup" in messages[4]
    assert "cannot read" in messages[5]
    if container.db.dialect == "sqlite":
        assert "damaged SQLite file" in messages[6]


def test_sqlite_file_needs_a_sqlite_database(container: Container, tmp_path: Path) -> None:
    if container.db.dialect != "postgresql":
        pytest.skip("only PostgreSQL refuses a SQLite file")
    sqlite_url = f"sqlite:///{tmp_path / 'other.db'}"
    from rapport.config import Settings

    other = Container(Settings(database_url=sqlite_url, data_dir=tmp_path))
    other.workspace.add_client(Client(name="Elsewhere"))
    path = Path(other.backups.backup(tmp_path / "other-backup.db").path)
    other.close()
    with pytest.raises(InvalidInputError, match="restores into a SQLite database only"):
        BackupService(container.engine).restore(path)
