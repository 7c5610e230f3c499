"""Imports and exports against a real database, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container, build
from rapport.config import Settings
from rapport.domain import assessment
from rapport.domain.agenda import Topic
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    Note,
    Origin,
    Project,
    RevenueEntry,
    Tier,
)
from rapport.domain.triage import MeetingFormat
from rapport.errors import ImportProblem
from rapport.importers.workspace_json import ENTITY_TABLES, EXCLUDED, RECORD_TABLES
from rapport.services.imports import ImportOptions
from rapport.services.meetings import MeetingLog
from rapport.services.triage import TriageRequestIn
from tests.conftest import _worker, fresh_postgres_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))


@pytest.fixture
def second(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Container]:
    """A second, empty database on the same engine as ``container``."""
    if db_url.startswith("sqlite"):
        path = tmp_path / "second.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = fresh_postgres_database(f"rapport_test_{_worker()}_second")
    c = build(Settings(database_url=url, data_dir=tmp_path / "second"))
    yield c
    c.close()


def fill(c: Container) -> None:
    """A small workspace with every kind of entity and awkward values."""
    ws = c.workspace
    at = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)
    sakura = ws.add_client(
        Client(
            name="株式会社サクラ",
            language="ja",
            timezone="Asia/Tokyo",
            origin=Origin.FRIEND,
            cadence_days=14,
            personal_budget=0.15,
            monthly_meeting_hours_cap=6.5,
            tier_override=Tier.A,
            notes="月次定例\nline two",
            email="info@sakura.example.jp",
        )
    )
    assert sakura.id is not None
    taro = ws.add(Contact(client_id=sakura.id, name="山田 太郎", email="taro@sakura.example.jp"))
    hanoi = ws.add_client(
        Client(
            name="Cà Phê Hà Nội",
            language="vi",
            timezone="Asia/Ho_Chi_Minh",
            origin=Origin.REFERRAL,
            referred_by_client_id=sakura.id,
            referred_by_contact_id=taro.id,
        )
    )
    assert hanoi.id is not None
    project = ws.add(Project(client_id=hanoi.id, name="Menu app", scope_written=True))
    ws.add(
        Interaction(
            client_id=sakura.id,
            kind=InteractionKind.VIDEO,
            started_at=at,
            duration_min=60,
            business_min=45,
            personal_min=15,
            summary="Kick-off",
            drain=2,
            feedback_asked=True,
            client_rating=5,
            external_id="ics:abc/2026",
        )
    )
    ws.add(
        Commitment(
            client_id=sakura.id,
            text="送付します",
            made_at=at,
            due_at=at + timedelta(days=3),
            status=CommitmentStatus.MISSED,
            announced_at=at + timedelta(days=2),
            rework=False,
        )
    )
    ws.add(
        RevenueEntry(
            client_id=hanoi.id,
            on=date(2026, 3, 31),
            amount=Decimal("12345.67"),
            currency="VND",
            project_id=project.id,
        )
    )
    ws.add(Note(client_id=hanoi.id, text="Prefers Zalo", created_at=at))


TRANSCRIPT = (
    "[00:00:00] Anna: Chào anh Minh!\n"
    "[00:00:10] Minh: How was the trip to Da Lat?\n"
    "[00:01:00] Anna: Lovely, we hiked with the kids.\n"
    "[00:02:00] Minh: Where are we with the menu app?\n"
    "[00:03:00] Anna: I'll send you the new screens by Friday.\n"
    "[00:05:00] Minh: Thanks, bye.\n"
)


def fill_other_tables(c: Container) -> None:
    """Rows in every table beyond the seven entities, written by the services that own
    them: two self-assessment takes, trust snapshots, a triage decision, a meeting with a
    boundary reset and the agenda saved for it, a saved transcript analysis with one
    label corrected, and the profile (name, a signature)."""
    at = datetime(2026, 3, 10, 12, tzinfo=UTC)
    threes = {item.id: 3 for item in assessment.ITEMS}
    c.assessment.take(threes, "ja", at=at - timedelta(days=30))
    c.assessment.take({**threes, "r1": 5}, "nb", at=at)
    c.trust.reports(at=at)
    c.triage.decide(
        TriageRequestIn(
            client="株式会社サクラ",
            start="2026-03-20T14:00",
            duration_min=90,
            format=MeetingFormat.IN_PERSON,
            purpose="四半期レビュー",
        )
    )
    agenda = c.agendas.build("Cà Phê Hà Nội", [Topic("Menu", 20)], start="2026-03-05 14:00")
    c.agendas.save(agenda, [Topic("Menu", 20)], "in_person")  # linked by the log below
    c.meetings.log(
        MeetingLog(
            client="Cà Phê Hà Nội",
            start="2026-03-05 14:00",
            duration_min=45,
            business_min=40,
            personal_min=5,
            boundary_reset=True,
        )
    )
    hanoi = c.workspace.find_client("Cà Phê Hà Nội")
    assert hanoi.id is not None
    c.workspace.add(Contact(client_id=hanoi.id, name="Minh"))
    analysis = c.conversation.analyse(
        TRANSCRIPT.encode(), "minh.txt", client=hanoi.id, me="Anna", on=date(2026, 3, 6)
    )
    saved = c.conversation.save(
        analysis, TRANSCRIPT.encode(), "minh.txt", hanoi.id, starts_at=time(9)
    )
    c.corrections.relabel(saved.analysis_id, {4: "other"})  # the menu app: not business
    c.profile.set("name", "Anna Berg")  # your profile travels with the workspace
    c.profile.set("signature.ja", "アナ・ベリ")


def _without_time(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_json_round_trip_into_an_empty_database_is_lossless(
    container: Container, second: Container, tmp_path: Path
) -> None:
    fill(container)
    fill_other_tables(container)
    first = container.imports.workspace_document().content
    exported = {key for key, value in first.items() if isinstance(value, list)}
    assert exported == {*ENTITY_TABLES, *RECORD_TABLES}
    empty = sorted(key for key in exported if not first[key])
    assert not empty, f"fill_other_tables() leaves exported tables empty: {empty}"
    with container.engine.connect() as conn:
        # The team server's job queue keeps its own tables (procrastinate_*) in the same
        # database once any team-mode container has run on it: not Rapport's tables.
        stored = {
            name
            for name in sa.inspect(conn).get_table_names()
            if not name.startswith("procrastinate_")
        }
    covered = {row.__tablename__ for row in ENTITY_TABLES.values()} | set(RECORD_TABLES)
    assert stored - covered - set(EXCLUDED) == set()

    path = tmp_path / "ws.json"
    container.imports.export_json(path)
    dry = second.imports.run("json", path.read_bytes(), "ws.json", dry_run=True)
    expected = {item.entity: 0 for item in dry.create}
    for item in dry.create:
        expected[item.entity] += 1
    assert dry.counts() == expected
    assert {k: dry.counts()[k] for k in ("client", "trust_snapshot", "conversation_analysis")} == {
        "client": 2,
        "trust_snapshot": 2,
        "conversation_analysis": 1,
    }
    assert second.imports.workspace_document().content["clients"] == []  # a dry run writes nothing
    plan = second.imports.run("json", path.read_bytes(), "ws.json")
    assert plan.counts() == dry.counts()
    assert sum(plan.counts().values()) == sum(len(first[key]) for key in exported)
    again = second.imports.workspace_document().content
    assert _without_time(again) == _without_time(first)
    # importing the same file again creates nothing
    twice = second.imports.run("json", path.read_bytes(), "ws.json")
    assert twice.counts() == {} and len(twice.skip) == len(plan.create)
    # ids continue after the imported ones, in every table
    added = second.workspace.add_client(Client(name="Next"))
    assert added.id == max(c["id"] for c in first["clients"]) + 1
    taken = second.assessment.take({item.id: 4 for item in assessment.ITEMS}, "en")
    assert taken.id == max(a["id"] for a in first["assessments"]) + 1


def test_a_version_1_export_still_imports(container: Container, second: Container) -> None:
    fill(container)
    doc = container.imports.workspace_document().content
    old = {key: value for key, value in doc.items() if key not in RECORD_TABLES}
    old["version"] = 1
    plan = second.imports.run("json", json.dumps(old).encode(), "v1.json")
    assert sum(plan.counts().values()) == 8
    again = second.imports.workspace_document().content
    assert _without_time(again) == _without_time({**doc, "version": 2})


def test_other_tables_are_all_or_nothing_with_one_line_per_problem(
    container: Container, second: Container
) -> None:
    fill(container)
    fill_other_tables(container)
    doc = container.imports.workspace_document().content
    snapshot = doc["trust_snapshots"][1]
    doc["trust_snapshots"].append({**snapshot, "id": 99})
    doc["assessments"][0]["trust"] = "high"
    doc["boundary_resets"][0]["client_id"] = 404
    doc["triage_decisions"][0]["colour"] = "red"
    doc["users"] = [{"id": 1, "name": "admin"}]
    with pytest.raises(ImportProblem) as err:
        second.imports.run("json", json.dumps(doc).encode(), "ws.json")
    assert err.value.problems == [
        "ws.json: users: not imported: accounts and password hashes are never exported",
        "ws.json: assessments[0]: trust: Input should be a valid number",
        "ws.json: boundary_resets[0]: client_id 404: not among the clients in the file or database",
        "ws.json: triage_decisions[0]: colour: Extra inputs are not permitted",
        f"ws.json: trust_snapshots[2]: client_id, month ({snapshot['client_id']}, "
        f"'{snapshot['month']}') already used by trust_snapshots[1]",
    ]
    assert second.imports.workspace_document().content["clients"] == []
    # into the database it came from, a changed row is a conflict and nothing is written
    doc = container.imports.workspace_document().content
    doc["trust_snapshots"][0]["trust"] = 0.5
    with pytest.raises(ImportProblem) as err:
        container.imports.run("json", json.dumps(doc).encode(), "ws.json")
    assert err.value.problems == [
        f"ws.json: trust_snapshots[0]: trust_snapshot id {doc['trust_snapshots'][0]['id']} "
        "already holds different data"
    ]


def test_json_into_a_non_empty_database_skips_same_and_reports_conflicts(
    container: Container, tmp_path: Path
) -> None:
    fill(container)
    doc = container.imports.workspace_document().content
    import json

    data = json.dumps(doc).encode()
    plan = container.imports.run("json", data, "ws.json")
    assert plan.counts() == {} and len(plan.skip) == 8
    doc["clients"][0]["name"] = "Renamed"
    doc["notes"][0]["id"] = 99
    doc["notes"][0]["client_id"] = 404
    with pytest.raises(ImportProblem) as err:
        container.imports.run("json", json.dumps(doc).encode(), "ws.json")
    assert err.value.problems == [
        "ws.json: clients[0]: client id 1 already holds different data in the database",
        "ws.json: notes[0]: client_id 404: no such client in the file or database",
    ]
    assert container.workspace.count(Note) == 1


def test_csv_imports_are_idempotent_and_all_or_nothing(container: Container) -> None:
    imports = container.imports
    clients = (
        "name,language,timezone,referred_by\n"
        "Sakura KK,ja,Asia/Tokyo,\n"
        "Fjordlys AS,nb,Europe/Oslo,Sakura KK\n"
    )
    dry = imports.run("csv", clients.encode(), "c.csv", dry_run=True)
    assert dry.counts() == {"client": 2}
    assert container.workspace.count(Client) == 0
    imports.run("csv", clients.encode(), "c.csv")
    again = imports.run("csv", clients.encode(), "c.csv")
    assert again.counts() == {} and len(again.skip) == 2
    fjordlys = container.workspace.find_client("Fjordlys AS")
    assert fjordlys.referred_by_client_id == container.workspace.find_client("Sakura KK").id

    rows = (
        "client,start,kind,duration_min,summary\n"
        "Sakura KK,2026-01-05 10:00,video,60,定例\n"
        "Fjordlys AS,2026-01-06 09:00,call,30,Status\n"
    )
    first = imports.run("csv", rows.encode(), "i.csv")
    assert first.counts() == {"interaction": 2}
    assert imports.run("csv", rows.encode(), "i.csv").counts() == {}
    stored = container.workspace.list(Interaction)
    assert {i.started_at for i in stored} == {
        datetime(2026, 1, 5, 1, 0, tzinfo=UTC),
        datetime(2026, 1, 6, 8, 0, tzinfo=UTC),
    }
    bad = (
        rows.replace("Fjordlys AS,2026-01-06", "Fjordlys,2026-01-07")
        + "Sakura KK,2026-01-08,x,1,\n"
    )
    with pytest.raises(ImportProblem) as err:
        imports.run("csv", bad.encode(), "i.csv")
    assert len(err.value.problems) == 2
    assert container.workspace.count(Interaction) == 2


def test_csv_export_reads_back_as_the_same_clients(container: Container, second: Container) -> None:
    fill(container)
    files = container.imports.csv_files()
    plan = second.imports.run("csv", files["clients.csv"].encode(), "clients.csv")
    assert plan.counts() == {"client": 2}

    def comparable(c: Container) -> list[tuple[Any, ...]]:
        names = {x.id: x.name for x in c.workspace.list_clients()}
        return [
            (
                x.name,
                x.kind,
                x.language,
                x.timezone,
                x.origin,
                names.get(x.referred_by_client_id),
                x.cadence_days,
                x.personal_budget,
                x.monthly_meeting_hours_cap,
                x.tier_override,
                x.email,
                x.notes,
            )
            for x in c.workspace.list_clients()
        ]

    assert comparable(second) == comparable(container)
    second.imports.run("csv", files["contacts.csv"].encode(), "contacts.csv")
    second.imports.run("csv", files["interactions.csv"].encode(), "interactions.csv")
    second.imports.run("csv", files["revenue.csv"].encode(), "revenue.csv")
    assert second.workspace.count(Interaction) == 1 and second.workspace.count(RevenueEntry) == 1
    assert [c.name for c in second.workspace.list(Contact)] == ["山田 太郎"]
    # exporting and importing back into the same database creates nothing
    for name, text in files.items():
        assert container.imports.run("csv", text.encode(), name).counts() == {}


def test_vcard_then_calendar_matches_attendees_to_contacts(container: Container) -> None:
    imports = container.imports
    cards = (FIXTURES / "vcf" / "rapport-contacts.vcf").read_bytes()
    plan = imports.run("vcard", cards, "contacts.vcf")
    assert plan.counts() == {"client": 4, "contact": 5}
    assert imports.run("vcard", cards, "contacts.vcf").counts() == {}
    fjordlys = container.workspace.find_client("fjordlys as")
    assert {c.name for c in container.workspace.list(Contact, client_id=fjordlys.id)} == {
        "Åse Bjørnstad",
        "Kari Nordmann",
    }
    meetings = (FIXTURES / "ics" / "rapport-meetings.ics").read_bytes()
    options = ImportOptions(window=EVER)
    plan = imports.run("ics", meetings, "m.ics", options=options)
    assert plan.counts() == {"interaction": 6}
    assert imports.run("ics", meetings, "m.ics", options=options).counts() == {}
    assert container.workspace.count(Interaction, client_id=fjordlys.id) == 4
