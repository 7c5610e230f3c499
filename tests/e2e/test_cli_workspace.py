"""The workspace commands end to end: real `rapport` processes against both databases.
(The breadth of options and bad input is covered in-process by
tests/integration/test_cli_commands.py, which runs the same entry point.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import RunCli


def ok_json(result: Any) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_keeping_a_client_relationship_from_the_command_line(cli: RunCli) -> None:
    client = ok_json(cli("clients", "add", "Tokyo Ramen", "--timezone", "Asia/Tokyo", "--json"))

    met = cli(
        "interactions", "add", "--client", "tokyo ramen", "--kind", "video",
        "--start", "2026-11-20 10:00", "--duration", "60", "--business", "45",
        "--personal", "15", "--drain", "4", "--json",
    )  # fmt: skip
    assert "note: read 2026-11-20 10:00 in Asia/Tokyo" in met.stderr
    interaction = ok_json(met)
    assert interaction["started_at"] == "2026-11-20T01:00:00Z"
    assert (interaction["client_id"], interaction["personal_min"]) == (client["id"], 15)

    unknown = cli(
        "commitment", "add", "--client", "Tokyo Ramn", "--text", "x", "--due", "2026-12-01"
    )
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "error: no client named Tokyo Ramn (did you mean Tokyo Ramen?)"

    promise = ok_json(
        cli(
            "commitment", "add", "--client", "Tokyo Ramen", "--text", "Send the menu",
            "--due", "2026-11-30", "--json",
        )
    )  # fmt: skip
    assert promise["due_at"] == "2026-11-30T08:00:00Z"  # 17:00 in Tokyo

    shown = ok_json(cli("clients", "show", "Tokyo Ramen", "--json"))
    assert shown["name"] == "Tokyo Ramen"
    assert [c["id"] for c in shown["open_commitments"]] == [promise["id"]]
    assert shown["last_interaction"]["id"] == interaction["id"]
    assert shown["contacts"] == []


def test_demo_then_backup_and_restore(cli: RunCli, tmp_path: Path) -> None:
    filled = cli("demo", "--if-empty", "--seed", "2", "--today", "2026-11-23")
    assert filled.returncode == 0, filled.stderr
    assert filled.stdout.startswith("demo workspace written: 40 clients")
    backup = tmp_path / "backup.file"
    assert cli("backup", str(backup)).returncode == 0
    restored = cli("restore", str(backup), "--yes", "--json")
    assert ok_json(restored)["counts"]["clients"] == 40
