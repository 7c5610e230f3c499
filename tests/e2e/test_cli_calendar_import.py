"""`rapport import ics` on a fresh workspace (issue 13): meetings are matched to clients by
their attendees' e-mail addresses and, failing that, their domains, without --client; what
was skipped is summed up in a few lines (one per reason), not one line per occurrence. On
both databases, checking the text a person reads."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunCli

ICS = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
WINDOW = ("--from", "2025-12-01", "--to", "2026-06-01")


def fresh_workspace(cli: RunCli) -> None:
    """Clients and contacts as a vCard or CSV import would leave them: no meetings yet.
    Fjordlys is known by another person at the same domain, Sakura by the exact address."""
    for name, lang in (("Fjordlys AS", "nb"), ("Sakura KK", "ja"), ("Yuntu Tech", "zh-Hans")):
        assert cli("clients", "add", name, "--language", lang).returncode == 0
    for client, name, email in (
        ("Fjordlys AS", "Kari Nordmann", "kari@fjordlys.example.no"),
        ("Sakura KK", "Taro Yamada", "taro.yamada@sakura.example.jp"),
        ("Yuntu Tech", "Li Na", "li.na@yuntu.example.cn"),
        ("Yuntu Tech", "Private", "wang@gmail.com"),
    ):
        added = cli("contacts", "add", name, "--client", client, "--email", email)
        assert added.returncode == 0, added.stderr


def test_meetings_are_matched_by_address_and_domain_without_client(cli: RunCli) -> None:
    fresh_workspace(cli)
    result = cli("import", "ics", str(ICS / "rapport-meetings.ics"), *WINDOW, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["created"] == {"interaction": 6}
    by_client: dict[str, int] = {}
    for item in data["items"]:
        client = item["label"].split(" 2026")[0]
        by_client[client] = by_client.get(client, 0) + 1
    # Åse is no contact, but fjordlys.example.no is Kari's domain; Wang matches Li's domain
    assert by_client == {"Fjordlys AS": 4, "Sakura KK": 1, "Yuntu Tech": 1}
    reasons = {s["label"].split(" 20")[0]: s["reason"] for s in data["skipped"]}
    assert reasons["Lunch with a stranger"].startswith("no attendee matches")
    assert reasons["Team offsite"] == "all-day event, not a meeting"

    again = cli("import", "ics", str(ICS / "rapport-meetings.ics"), *WINDOW)
    assert again.returncode == 0
    lines = again.stdout.splitlines()
    assert lines[0] == "created nothing"
    assert lines[1].startswith("skipped 9 (6 already present)")
    assert len(lines) <= 6, again.stdout  # one line per reason


def test_a_domain_shared_by_two_clients_is_not_guessed(cli: RunCli) -> None:
    fresh_workspace(cli)
    cli("clients", "add", "Fjordlys Invest AS")
    cli("contacts", "add", "Ola", "--client", "Fjordlys Invest AS",
        "--email", "ola@fjordlys.example.no")  # fmt: skip
    result = cli("import", "ics", str(ICS / "rapport-meetings.ics"), *WINDOW, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (
        "4 × event: the attendees' domain fjordlys.example.no belongs to several clients "
        "(Fjordlys AS, Fjordlys Invest AS): assign with --client: Weekly sync with Fjordlys ×3, "
        "Weekly sync with Fjordlys (moved)" in result.stdout
    )


def test_a_long_series_is_summed_up_in_a_few_lines(cli: RunCli) -> None:
    fresh_workspace(cli)
    skipped = cli("import", "ics", str(ICS / "ruby_rrule.ics"), "--from", "2002-01-01",
                  "--to", "2004-01-01", "--dry-run")  # fmt: skip
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.splitlines() == [
        "would create nothing",
        "skipped 10",
        "  - 10 × event: no attendee matches a contact's or client's e-mail address or domain "
        "(assign with --client): Something ×10",
    ]
    created = cli("import", "ics", str(ICS / "radicale-0827.ics"), "--client", "Sakura KK",
                  "--from", "2000-01-01", "--to", "2030-01-01", "--dry-run")  # fmt: skip
    assert created.returncode == 0, created.stderr
    lines = created.stdout.splitlines()
    assert lines[0] == "would create 26 interactions"
    assert "  + 26 × interaction: Sakura KK" in lines
    assert len(lines) <= 5, created.stdout
