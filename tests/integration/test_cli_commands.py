"""Every workspace command, its main path and its bad input, run in-process through the
same entry point as the `rapport` script (stdout, stderr and exit status captured)."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rapport.cli import main
from rapport.config import Settings
from tests.conftest import RunCli


@pytest.fixture
def rapport(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[RunCli]:
    monkeypatch.setenv("RAPPORT_DATABASE_URL", str(settings.database_url))
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str, input: str = "") -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "argv", ["rapport", *args])
        monkeypatch.setattr(sys, "stdin", io.StringIO(input))
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    yield run
    gc.collect()  # close the runs' database connections, as finished processes would


def ok_json(result: Any) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def failed(result: Any) -> str:
    assert result.returncode != 0, result.stdout
    return str(result.stderr).strip()


def test_contacts(rapport: RunCli) -> None:
    rapport("clients", "add", "Hanoi Coffee", "--timezone", "Asia/Ho_Chi_Minh")
    added = ok_json(
        rapport("contacts", "add", "Lan Pham", "--client", "Hanoi Coffee", "--email",
                "lan@hanoi.example", "--phone", "+84 28 3555 0101", "--title", "CEO", "--json")
    )  # fmt: skip
    assert (added["name"], added["title"]) == ("Lan Pham", "CEO")
    assert "not an email address" in failed(
        rapport("contacts", "add", "X", "--client", "Hanoi Coffee", "--email", "x")
    )
    assert ok_json(rapport("contacts", "list", "--client", "Hanoi Coffee", "--json")) == [added]
    table = rapport("contacts", "list")
    assert "Lan Pham" in table.stdout and "lan@hanoi.example" in table.stdout


def test_interactions(rapport: RunCli) -> None:
    rapport("clients", "add", "Oslo Bikes", "--timezone", "Europe/Oslo")
    logged = rapport(
        "interactions", "add", "--client", "Oslo Bikes", "--kind", "in_person",
        "--start", "2026-06-01 09:30", "--duration", "90", "--business", "60", "--personal",
        "30", "--summary", "Planning", "--drain", "2", "--feedback-asked", "--point-of-view",
        "--rating", "5", "--decisions", "Go with B", "--json",
    )  # fmt: skip
    assert "note: read 2026-06-01 09:30 in Europe/Oslo" in logged.stderr
    first = ok_json(logged)
    assert first["started_at"] == "2026-06-01T07:30:00Z"
    assert (first["point_of_view_shared"], first["client_rating"], first["decisions"]) == (
        True, 5, "Go with B"
    )  # fmt: skip
    rapport("interactions", "add", "--client", "Oslo Bikes", "--kind", "email",
            "--start", "2026-06-02T08:00:00Z", "--duration", "5")  # fmt: skip
    assert "exceed the duration" in failed(
        rapport("interactions", "add", "--client", "Oslo Bikes", "--kind", "call",
                "--start", "2026-06-03", "--duration", "30", "--business", "40")
    )  # fmt: skip
    assert "not a date or time" in failed(
        rapport("interactions", "add", "--client", "Oslo Bikes", "--kind", "call",
                "--start", "next tuesday-ish", "--duration", "30")
    )  # fmt: skip
    assert failed(rapport("interactions", "add", "--client", "Oslo Bikes", "--kind", "fax",
                          "--start", "2026-06-03", "--duration", "30"))  # fmt: skip
    newest = ok_json(rapport("interactions", "list", "--client", "Oslo Bikes", "--limit", "1",
                             "--json"))  # fmt: skip
    assert [i["kind"] for i in newest] == ["email"]
    assert len(ok_json(rapport("interactions", "list", "--json"))) == 2


def test_commitments(rapport: RunCli) -> None:
    rapport("clients", "add", "Shanghai Tea", "--timezone", "Asia/Shanghai")
    kept = ok_json(
        rapport("commitment", "add", "--client", "Shanghai Tea", "--text", "Send quote",
                "--due", "2026-03-02", "--to", "Wang Fang", "--size", "large",
                "--made-at", "2026-02-20 10:00", "--json")
    )  # fmt: skip
    assert (kept["due_at"], kept["made_at"]) == ("2026-03-02T09:00:00Z", "2026-02-20T02:00:00Z")
    assert (kept["to_whom"], kept["size"], kept["status"]) == ("Wang Fang", "large", "open")
    done = ok_json(rapport("commitment", "done", str(kept["id"]), "--at", "2026-03-01 12:00",
                           "--json"))  # fmt: skip
    assert (done["status"], done["done_at"]) == ("done", "2026-03-01T04:00:00Z")

    slipped = ok_json(
        rapport(
            "commitment",
            "add",
            "--client",
            "Shanghai Tea",
            "--text",
            "Fix bug",
            "--due",
            "2026-03-05T17:00+08:00",
            "--json",
        )
    )
    missed = ok_json(rapport("commitment", "miss", str(slipped["id"]), "--json"))
    assert (missed["status"], missed["announced_at"]) == ("missed", None)

    assert failed(rapport("commitment", "miss", "999")) == "error: no commitment with id 999"
    assert "a commitment needs the text" in failed(
        rapport("commitment", "add", "--client", "Shanghai Tea", "--text", " ", "--due",
                "2026-03-05")
    )  # fmt: skip
    statuses = {c["text"]: c["status"] for c in ok_json(rapport("commitment", "list", "--json"))}
    assert statuses == {"Send quote": "done", "Fix bug": "missed"}
    only_done = ok_json(rapport("commitment", "list", "--status", "done", "--json"))
    assert [c["text"] for c in only_done] == ["Send quote"]
    assert "Fix bug" in rapport("commitment", "list", "--client", "Shanghai Tea").stdout


def test_revenue_projects_and_notes(rapport: RunCli) -> None:
    rapport("clients", "add", "Fjordlys AS", "--timezone", "Europe/Oslo")
    assert failed(rapport("revenue", "add", "--client", "Fjordlys AS", "--amount", "12,5")) == (
        "error: not an amount: '12,5' (use e.g. 1200.50)"
    )
    assert "three-letter code" in failed(
        rapport("revenue", "add", "--client", "Fjordlys AS", "--amount", "5", "--currency", "kr")
    )
    entry = ok_json(
        rapport("revenue", "add", "--client", "Fjordlys AS", "--amount", "1200.5", "--currency",
                "nok", "--date", "2026-11-01", "--kind", "retainer", "--json")
    )  # fmt: skip
    assert (entry["amount"], entry["currency"], entry["on"], entry["kind"]) == (
        "1200.50", "NOK", "2026-11-01", "retainer"
    )  # fmt: skip
    assert ok_json(rapport("revenue", "list", "--json")) == [entry]

    project = ok_json(
        rapport("projects", "add", "Ny nettside", "--client", "Fjordlys AS",
                "--done", "scope_written", "--done", "estimate_given", "--json")
    )  # fmt: skip
    assert project["scope_written"] and project["estimate_given"]
    assert not project["agreement_signed"]
    undone = ok_json(rapport("projects", "check", str(project["id"]), "estimate_given",
                             "--undo", "--json"))  # fmt: skip
    assert undone["estimate_given"] is False
    assert failed(rapport("projects", "check", str(project["id"]), "bogus_step"))
    assert failed(rapport("projects", "check", "999", "signed_off")) == (
        "error: no project with id 999"
    )
    listing = rapport("projects", "list").stdout
    assert "Estimate" in listing and "Signed agreement" in listing  # missing steps, by name

    rapport("notes", "add", "--client", "Fjordlys AS", "Prefers mornings")
    notes = ok_json(rapport("notes", "list", "--client", "Fjordlys AS", "--json"))
    assert [n["text"] for n in notes] == ["Prefers mornings"]
    assert "no client named Fjordlis" in failed(
        rapport("notes", "add", "--client", "Fjordlis", "x")
    )


def test_update_show_and_delete_clients(rapport: RunCli) -> None:
    rapport("clients", "add", "Referrer Ltd")
    rapport("clients", "add", "Fjordlys AS")
    updated = ok_json(
        rapport("clients", "update", "Fjordlys AS", "--cadence", "14", "--language", "no",
                "--timezone", "Europe/Oslo", "--origin", "referral", "--referred-by",
                "Referrer Ltd", "--owner", "Alex", "--json")
    )  # fmt: skip
    assert (updated["cadence_days"], updated["language"], updated["origin"]) == (
        14,
        "nb",
        "referral",
    )
    assert updated["referred_by_client_id"] == 1 and updated["owner_colleague"] == "Alex"
    assert "nothing to change" in failed(rapport("clients", "update", "Fjordlys AS"))
    assert "unknown time zone" in failed(
        rapport("clients", "update", "Fjordlys AS", "--timezone", "Mars/Base")
    )
    assert failed(rapport("clients", "update", "Fjordlys AS", "--name", "REFERRER ltd")) == (
        "error: a client named 'Referrer Ltd' already exists (names are compared regardless "
        "of case and Unicode form)"
    )
    shown = rapport("clients", "show", "fjordlys as").stdout
    assert "Europe/Oslo" in shown and "no interactions yet" in shown

    assert "not deleted" in failed(rapport("clients", "delete", "Referrer Ltd", input="n\n"))
    assert rapport("clients", "delete", "Referrer Ltd", input="y\n").returncode == 0
    assert rapport("clients", "delete", "Fjordlys AS", "--yes").returncode == 0
    assert ok_json(rapport("clients", "list", "--json")) == []


def test_demo_backup_and_restore_commands(rapport: RunCli, tmp_path: Path) -> None:
    counts = ok_json(rapport("demo", "--seed", "3", "--today", "2026-11-23", "--json"))
    assert counts["clients"] == 40 and counts["interactions"] > 1000
    skipped = rapport("demo", "--if-empty")
    assert skipped.returncode == 0 and "demo skipped" in skipped.stderr
    rapport("clients", "update", "1", "--cadence", "20")  # the workspace is now yours
    assert "already has 40 clients and is not an untouched demo" in failed(rapport("demo"))

    backup = tmp_path / "rapport-backup"
    saved = ok_json(rapport("backup", str(backup), "--portable", "--json"))
    assert saved["format"] == "portable" and saved["counts"]["clients"] == 40
    rapport("clients", "delete", "1", "--yes")

    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(backup.read_bytes()[:-100])
    assert "damaged archive" in failed(rapport("restore", str(broken), "--yes"))
    assert "not restored" in failed(rapport("restore", str(backup), input="n\n"))
    assert len(ok_json(rapport("clients", "list", "--json"))) == 39
    restored = ok_json(rapport("restore", str(backup), "--yes", "--json"))
    assert restored["counts"] == saved["counts"]
    assert len(ok_json(rapport("clients", "list", "--json"))) == 40
