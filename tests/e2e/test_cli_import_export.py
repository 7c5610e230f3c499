"""`rapport import` and `rapport export` as a user runs them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.conftest import RunCli, _worker, fresh_postgres_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

CLIENTS = (
    "\ufeffname,kind,language,timezone,origin,referred_by,cadence_days\r\n"
    "Sakura KK,organisation,ja,Asia/Tokyo,friend,,14\r\n"
    "Fjordlys AS,organisation,nb,Europe/Oslo,,Sakura KK,30\r\n"
)


def test_csv_dry_run_writes_nothing_then_import_is_idempotent(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text(CLIENTS, encoding="utf-8")
    dry = cli("import", "csv", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would create 2 clients" in dry.stdout
    assert "+ client: Fjordlys AS" in dry.stdout
    assert "dry run: nothing was written" in dry.stderr

    first = cli("import", "csv", str(path), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["created"] == {"client": 2}  # the dry run wrote nothing
    again = json.loads(cli("import", "csv", str(path), "--json").stdout)
    assert again["created"] == {}
    assert [s["reason"] for s in again["skipped"]] == ["already present", "already present"]


def test_bad_rows_print_one_line_each_and_write_nothing(cli: RunCli, tmp_path: Path) -> None:
    cli("clients", "add", "Sakura KK", "--timezone", "Asia/Tokyo")
    path = tmp_path / "meetings.csv"
    path.write_text(
        "client,start,kind,duration_min\n"
        "Sakura KK,2026-01-05 10:00,video,60\n"
        "Sakra KK,2026-01-06 10:00,call,30\n"
        "Sakura KK,yesterday-ish,call,30\n"
        "[/bold] Co,2026-01-06 10:00,call,30\n",
        encoding="utf-8",
    )
    result = cli("import", "csv", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:3: no client named Sakra KK (did you mean Sakura KK?)",
        f"error: {path}:4: start: not an ISO date or time: 'yesterday-ish' "
        "(use e.g. 2026-11-30 or 2026-11-30 15:00)",
        f"error: {path}:5: no client named [/bold] Co",  # printed as is, not as markup
    ]
    assert "Traceback" not in result.stderr
    ok = tmp_path / "ok.csv"
    ok.write_text("client,start\nSakura KK,2026-01-05 10:00\n", encoding="utf-8")
    imported = cli("import", "csv", str(ok))
    assert imported.returncode == 0 and "created 1 interaction" in imported.stdout
    assert "read in the client's zone: Sakura KK (Asia/Tokyo)" in imported.stderr


def test_vcard_then_ics_with_window_and_client(cli: RunCli) -> None:
    cards = cli("import", "vcard", str(FIXTURES / "vcf" / "rapport-contacts.vcf"))
    assert cards.returncode == 0, cards.stderr
    assert "created 4 clients, 5 contacts" in cards.stdout
    meetings = str(FIXTURES / "ics" / "rapport-meetings.ics")
    window = ["--from", "2026-01-01", "--to", "2026-03-01"]
    first = cli("import", "ics", meetings, *window, "--client", "Fjordlys AS", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["created"] == {"interaction": 7}
    assert {s["reason"] for s in report["skipped"]} == {"cancelled", "all-day event, not a meeting"}
    again = json.loads(cli("import", "ics", meetings, *window, "--json").stdout)
    assert again["created"] == {}


def test_missing_file_is_a_clean_error(cli: RunCli, tmp_path: Path) -> None:
    missing = cli("import", "ics", str(tmp_path / "nope.ics"))
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        f"error: {tmp_path}/nope.ics: no such file",
    )


def test_export_json_then_import_json_and_csv_zip(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text(CLIENTS, encoding="utf-8")
    cli("import", "csv", str(path))
    out = tmp_path / "ws.json"
    exported = cli("export", "json", str(out))
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"], len(doc["clients"])) == ("rapport-workspace", 2, 2)
    back = cli("import", "json", str(out))
    assert back.returncode == 0 and "created nothing" in back.stdout
    archive = tmp_path / "export.zip"
    assert cli("export", "csv", str(archive)).returncode == 0
    with zipfile.ZipFile(archive) as z:
        assert sorted(z.namelist()) == [
            "clients.csv",
            "contacts.csv",
            "interactions.csv",
            "revenue.csv",
        ]
        assert (
            "Fjordlys AS,organisation,nb,Europe/Oslo,referral,Sakura KK"
            in z.read("clients.csv").decode()
        )


def test_a_demo_workspace_exports_and_imports_into_an_empty_database(
    cli: RunCli, db_url: str, tmp_path: Path
) -> None:
    if db_url.startswith("sqlite"):
        second = f"sqlite:///{tmp_path / 'second.db'}"
    else:
        second = fresh_postgres_database(f"rapport_test_{_worker()}_second")
    assert cli("demo", "--seed", "3", "--today", "2026-11-20").returncode == 0
    first, again = tmp_path / "first.json", tmp_path / "again.json"
    assert cli("export", "json", str(first)).returncode == 0
    elsewhere = {"RAPPORT_DATABASE_URL": second}
    imported = cli("import", "json", str(first), "--json", env=elsewhere)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["created"]["client"] >= 30
    assert cli("export", "json", str(again), env=elsewhere).returncode == 0
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (first, again))
    before.pop("exported_at"), after.pop("exported_at")
    assert after == before
