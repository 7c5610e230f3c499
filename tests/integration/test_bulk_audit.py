"""Rows written in bulk (an import, the demo, a restore) leave one audit entry each, with
who did it and how many rows of each kind."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rapport.bootstrap import Container
from rapport.services.demo import DemoService


def _bulk_entries(container: Container) -> list[tuple[str, str, dict[str, int]]]:
    return [
        (e.actor, e.action, e.changes["rows"])
        for e in container.audit.entries(limit=500)
        if e.entity == "workspace"
    ]


def test_import_demo_and_restore_are_each_audited_once(
    container: Container, tmp_path: Path
) -> None:
    csv = b"name,language\nAlpha,en\nBeta,ja\n"
    container.imports.run("csv", csv, "c.csv", dry_run=True)
    assert _bulk_entries(container) == []  # a preview writes nothing, audit included
    container.imports.run("csv", csv, "c.csv")
    assert _bulk_entries(container) == [("local", "import", {"client": 2})]

    backup = container.backups.backup(tmp_path / "b.json.gz", portable=True)
    with container.db.transaction() as s:
        from sqlalchemy import text

        s.execute(text("DELETE FROM clients"))
    DemoService(container.db).fill(seed=1, now=datetime(2026, 11, 23, tzinfo=UTC))
    actions = [a for _who, a, _rows in _bulk_entries(container)]
    assert actions[0] == "demo" and _bulk_entries(container)[0][2]["clients"] == 40

    container.backups.restore(Path(backup.path))
    who, action, rows = _bulk_entries(container)[0]
    assert (who, action) == ("local", "restore") and rows["clients"] == 2
