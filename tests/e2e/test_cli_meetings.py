"""`rapport draft`, `rapport agenda`, `rapport triage` and `rapport meeting log` end to end,
on both databases, against the JSON contract."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import icalendar

from rapport.bootstrap import Container
from rapport.domain.model import Client, Commitment, Interaction, InteractionKind, RevenueEntry
from tests.conftest import RunCli


def seed(container: Container) -> Client:
    ws = container.workspace
    sakura = ws.add_client(
        Client(
            name="Sakura KK",
            language="ja",
            timezone="Asia/Tokyo",
            email="tanaka@sakura.example",
            personal_budget=0.1,
        )
    )
    other = ws.add_client(Client(name="Fjord AS", language="nb", timezone="Europe/Oslo"))
    assert sakura.id is not None and other.id is not None
    ws.add(RevenueEntry(client_id=sakura.id, on=date(2026, 10, 1), amount=Decimal("90000")))
    ws.add(RevenueEntry(client_id=other.id, on=date(2026, 10, 1), amount=Decimal("10000")))
    # a chatty recent meeting: 25 of 60 minutes personal, over the 10% budget
    ws.add(
        Interaction(
            client_id=sakura.id,
            kind=InteractionKind.VIDEO,
            started_at=datetime(2026, 11, 20, 1, 0, tzinfo=UTC),
            duration_min=60,
            business_min=35,
            personal_min=25,
        )
    )
    return sakura


def test_draft_json_in_the_clients_language_and_as_eml(
    cli: RunCli, container: Container, tmp_path: Path
) -> None:
    seed(container)
    result = cli("draft", "check_in", "--client", "Sakura KK", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"kind", "language", "subject", "body"} <= data.keys()
    assert (data["kind"], data["language"]) == ("check_in", "ja")
    assert "ご無沙汰しております" in data["body"]  # a check-in after a long silence

    eml = tmp_path / "shorten.eml"
    result = cli(
        "draft", "shorten", "--client", "Sakura KK", "--lang", "zh-Hans", "--minutes", "30",
        "--start", "2026-12-01T14:00", "--json", "--eml", str(eml),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["language"] == "zh-Hans" and "30分钟" in data["body"]
    assert b"To: Sakura KK <tanaka@sakura.example>" in eml.read_bytes()


def test_agenda_json_contract_with_checkpoints_and_ics(
    cli: RunCli, container: Container, tmp_path: Path
) -> None:
    seed(container)
    ics = tmp_path / "agenda.ics"
    result = cli(
        "agenda", "--client", "Sakura KK", "--item", "Budget review:20", "--item", "Launch:10",
        "--video", "--slot", "90", "--start", "2026-12-01T14:00", "--json", "--ics", str(ics),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    items = data["items"]
    assert {"title", "minutes", "kind", "start_min"} <= items[0].keys()
    assert data["total_min"] == sum(i["minutes"] for i in items)
    assert data["opening_line"] == f"本日は{data['total_min']}分お時間をいただいております。"
    kinds = [i["kind"] for i in items]
    assert kinds[0] == "opening" and kinds[-1] == "closing"
    assert max(i for i, k in enumerate(kinds) if k == "business") < kinds.index("personal")
    assert [(i["title"], i["minutes"]) for i in items if i["kind"] == "business"] == [
        ("Budget review", 20),
        ("Launch", 10),
    ]
    assert kinds.count("personal") == 1
    for item in items:
        marks = [0, *(c["at_min"] for c in item["checkpoints"]), item["minutes"]]
        if item["kind"] == "business":
            assert all(0 < b - a <= 5 for a, b in pairwise(marks))
            assert all(c["question"] for c in item["checkpoints"])
        else:
            assert not item["checkpoints"]
    assert data["boundary_reset"] is True  # 25/60 personal > 10% budget
    assert data["warnings"]  # 90 minutes for an agenda of about 50
    event = next(iter(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert "Budget review" in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)


def test_agenda_text_email_and_slot_agree_on_one_total(cli: RunCli, container: Container) -> None:
    seed(container)
    args = ["agenda", "--client", "Sakura KK", "--lang", "en", "--video"]
    args += ["--item", "Budget review:20", "--item", "Timeline:25", "--item", "Next steps:10"]
    data = json.loads(cli(*args, "--json").stdout)
    total = data["total_min"]
    assert data["opening_line"] == f"We have {total} minutes today."
    text = cli(*args)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == data["opening_line"]
    assert sum(" Business " in line for line in lines) == 3  # the kind, by its display name
    assert not any("part" in line for line in lines)
    budget_row = next(i for i, line in enumerate(lines) if line.endswith("Budget review"))
    business = next(i for i in data["items"] if i["title"] == "Budget review")
    assert len(business["checkpoints"]) == 3
    assert [line.strip() for line in lines[budget_row + 1 : budget_row + 4]] == [
        f"+{c['at_min']}′ {c['question']}" for c in business["checkpoints"]
    ]
    assert lines[-1] == f"total: {total} min"
    email = cli(*args, "--email")
    assert email.returncode == 0, email.stderr
    assert f"In total: {total} minutes." in email.stdout
    for title, minutes in (("Budget review", 20), ("Timeline", 25), ("Next steps", 10)):
        assert email.stdout.count(title) == 1
        assert f"- {title} ({minutes} minutes)" in email.stdout
    assert "Checkpoint" not in email.stdout and "part" not in email.stdout
    fitted = cli(*args, "--slot", "45", "--json")
    assert fitted.returncode == 0, fitted.stderr
    slotted = json.loads(fitted.stdout)
    assert slotted["total_min"] <= 45
    assert [c["title"] for c in slotted["cut"]] == ["Timeline", "Next steps"]
    assert len(slotted["warnings"]) == 2 and "Timeline" in slotted["warnings"][0]
    refused = cli(*args, "--slot", "10")
    assert refused.returncode != 0 and "cannot hold" in refused.stderr


def test_triage_decides_drafts_stores_and_shows_history(
    cli: RunCli, container: Container, tmp_path: Path
) -> None:
    seed(container)
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps(
            {
                "client": "Sakura KK",
                "start": "2026-12-01T14:00",
                "duration_min": 90,
                "format": "in_person",
                "purpose": "Quarterly review",
                "agenda": [{"item": "Budget", "minutes": 20}, {"item": "Roadmap", "minutes": 10}],
                "organizer": "client",
                "essential": True,
                "travel_min": 0,
                "reason": "dislike",
            }
        ),
        encoding="utf-8",
    )
    result = cli("triage", "--request", str(request), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"decision", "minutes", "reasons", "draft", "briefing"} <= data.keys()
    # the agenda builder's own total for the same items: opening 2, boundary reset 2 (the
    # last meeting was 42% personal against a 10% budget), 30 of items, personal 4, closing 2
    agenda = json.loads(
        cli(
            "agenda",
            "--client",
            "Sakura KK",
            "--item",
            "Budget:20",
            "--item",
            "Roadmap:10",
            "--start",
            "2026-12-01T14:00",
            "--json",
        ).stdout
    )
    assert agenda["total_min"] == 40 and agenda["boundary_reset"]
    assert data["needed_min"] == agenda["total_min"]
    assert "The agenda needs about 40 minutes of the 90 proposed." in data["reasons"]
    # A-tier (90% of revenue) and "dislike": not a reason; the slot is still 2x the agenda
    assert (data["decision"], data["minutes"]) == ("shorten", 40)
    assert any("not a reason" in r for r in data["reasons"])
    assert data["draft"]["language"] == "ja" and "40分" in data["draft"]["body"]
    text = cli("--lang", "en", "triage", "--request", str(request))
    assert "decision: Shorten the meeting (40 min)" in text.stdout
    assert "The agenda needs about 40 minutes of the 90 proposed." in text.stdout
    assert data["reasons_local"]["language"] == "ja"

    history = cli("triage", "--history", "--json")
    stored = json.loads(history.stdout)
    assert [(d["decision"], d["reasons"]) for d in stored][-1] == ("shorten", data["reasons"])

    bad = tmp_path / "bad.json"
    bad.write_text('{"client": "Sakura KK", "start": "2026-12-01T14:00", "format": "video"}')
    result = cli("triage", "--request", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {bad}: field 'duration_min': Field required"


def test_meeting_log_creates_interaction_and_promises_in_one_go(
    cli: RunCli, container: Container
) -> None:
    sakura = seed(container)
    result = cli(
        "meeting", "log", "--client", "Sakura KK", "--start", "2026-11-27T10:00",
        "--duration", "45", "--business", "40", "--personal", "5",
        "--promise", "Send the revised quote@2026-12-04", "--promise", "Call Ito-san@2026-12-02",
        "--decision", "Go with plan B", "--drain", "2", "--kind", "call", "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    started = datetime.fromisoformat(data["interaction"]["started_at"])
    assert started == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
    assert [c["text"] for c in data["commitments"]] == ["Send the revised quote", "Call Ito-san"]
    ws = container.workspace
    assert len(ws.list(Interaction, client_id=sakura.id)) == 2
    assert len(ws.list(Commitment, client_id=sakura.id)) == 2

    bad = cli(
        "meeting", "log", "--client", "Sakura KK", "--start", "2026-11-28T10:00",
        "--duration", "30", "--promise", "Quote@soon",
    )  # fmt: skip
    assert bad.returncode == 1 and "--promise 'Quote@soon'" in bad.stderr
    assert len(ws.list(Interaction, client_id=sakura.id)) == 2  # nothing half-written


def test_triage_and_agenda_agree_and_no_reset_within_budget(
    cli: RunCli, container: Container, tmp_path: Path
) -> None:
    """A client whose recent personal share is within budget gets no boundary reset, in the
    agenda or in triage's total; the email and the opening line state the same total."""
    ws = container.workspace
    calm = ws.add_client(Client(name="Calm Ltd", language="en", personal_budget=0.2))
    assert calm.id is not None
    ws.add(
        Interaction(
            client_id=calm.id,
            kind=InteractionKind.VIDEO,
            started_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
            duration_min=60,
            business_min=50,
            personal_min=10,  # 17% of the meeting, under the 20% budget
        )
    )
    items = [("Budget review", 20), ("Timeline", 25), ("Next steps", 10)]
    args = [a for title, minutes in items for a in ("--item", f"{title}:{minutes}")]
    agenda = json.loads(
        cli(
            "agenda",
            "--client",
            "Calm Ltd",
            *args,
            "--video",
            "--start",
            "2026-12-01T10:00",
            "--json",
        ).stdout
    )
    assert not agenda["boundary_reset"]
    assert [i["kind"] for i in agenda["items"]].count("opening") == 1
    total = agenda["total_min"]
    assert total == sum(i["minutes"] for i in agenda["items"])
    assert str(total) in agenda["opening_line"]
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps(
            {
                "client": "Calm Ltd",
                "start": "2026-12-01T10:00",
                "duration_min": 60,
                "format": "video",
                "agenda": [{"item": t, "minutes": m} for t, m in items],
            }
        ),
        encoding="utf-8",
    )
    data = json.loads(cli("triage", "--request", str(request), "--json").stdout)
    assert data["needed_min"] == total
    assert total > 60
    assert (
        f"The agenda needs {total} minutes, more than the 60 proposed: cut an item or ask for "
        "a longer slot." in data["reasons"]
    )
    email = cli("agenda", "--client", "Calm Ltd", *args, "--video", "--email")
    assert email.returncode == 0, email.stderr
    assert f"{total} minutes" in email.stdout
