"""Upgrading a database written by the first release (schema revision ``0001_initial``)
to the newest schema keeps every record, on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from rapport.bootstrap import build
from rapport.config import Settings
from rapport.storage import database
from tests.conftest import BACKENDS, _worker, fresh_postgres_database

PREVIOUS_RELEASE = "0001_initial"
T0 = datetime(2026, 3, 2, 9, 30)  # stored as naive UTC, as the first release wrote it

CLIENT = {
    "notes": "",
    "email": None,
    "owner_colleague": None,
    "referred_by_client_id": None,
    "referred_by_contact_id": None,
    "monthly_meeting_hours_cap": None,
    "tier_override": None,
    "created_at": T0,
}
ROWS: dict[str, list[dict[str, Any]]] = {
    "clients": [
        {
            **CLIENT,
            "id": 1,
            "name": "Hanoi Coffee Co",
            "kind": "organisation",
            "language": "vi",
            "timezone": "Asia/Ho_Chi_Minh",
            "origin": "referral",
            "cadence_days": 14,
            "personal_budget": 0.2,
            "email": "hello@hanoicoffee.vn",
            "notes": "Roastery, 3 shops",
        },
        {
            **CLIENT,
            "id": 2,
            "name": "株式会社サクラ",
            "kind": "organisation",
            "language": "ja",
            "timezone": "Asia/Tokyo",
            "origin": "cold",
            "cadence_days": 30,
            "personal_budget": 0.1,
            "tier_override": "A",
            "monthly_meeting_hours_cap": 6.0,
        },
        {
            **CLIENT,
            "id": 3,
            "name": "Kari Nordmann",
            "kind": "person",
            "language": "nb",
            "timezone": "Europe/Oslo",
            "origin": "friend_of_friend",
            "cadence_days": 21,
            "personal_budget": 0.3,
            "referred_by_client_id": 1,
        },
    ],
    "contacts": [
        {
            "id": 1,
            "client_id": 1,
            "name": "Linh Tran",
            "email": "linh@hanoicoffee.vn",
            "phone": "+84 24 1234 5678",
            "title": "Owner",
            "notes": "",
            "external_id": None,
        },
        {
            "id": 2,
            "client_id": 2,
            "name": "佐藤 花子",
            "email": None,
            "phone": None,
            "title": "部長",
            "notes": "Prefers email",
            "external_id": "vcard:abc",
        },
    ],
    "interactions": [
        {
            "id": i,
            "client_id": 1 + i % 3,
            "kind": kind,
            "started_at": T0.replace(day=2 + i),
            "duration_min": 30 + 15 * i,
            "business_min": 20 + 10 * i,
            "personal_min": 10,
            "summary": f"Meeting {i}: roadmap and pricing",
            "drain": i % 5,
            "source": "manual",
            "external_id": None,
            "feedback_asked": i % 2 == 0,
            "point_of_view_shared": True,
            "client_rating": 4,
            "decisions": "Ship phase 1",
        }
        for i, kind in enumerate(["in_person", "video", "call", "email", "message"], start=1)
    ],
    "commitments": [
        {
            "id": 1,
            "client_id": 1,
            "text": "Send the proposal",
            "to_whom": "Linh Tran",
            "made_at": T0,
            "due_at": T0.replace(day=9),
            "size": "small",
            "status": "done",
            "done_at": T0.replace(day=8),
            "announced_at": None,
            "original_due_at": None,
            "rework": False,
            "source": "manual",
            "external_id": None,
        },
        {
            "id": 2,
            "client_id": 2,
            "text": "見積書を送る",
            "to_whom": None,
            "made_at": T0,
            "due_at": T0.replace(day=20),
            "size": "large",
            "status": "renegotiated",
            "done_at": None,
            "announced_at": T0.replace(day=15),
            "original_due_at": T0.replace(day=16),
            "rework": None,
            "source": "transcript",
            "external_id": None,
        },
    ],
    "projects": [
        {
            "id": 1,
            "client_id": 1,
            "name": "Loyalty app",
            "status": "active",
            "started_on": date(2026, 2, 1),
            "scope_written": True,
            "estimate_given": True,
            "agreement_signed": True,
            "schedule_set": False,
            "payment_terms_set": True,
            "signed_off": False,
        },
    ],
    "revenue_entries": [
        {
            "id": 1,
            "client_id": 1,
            "on": date(2026, 2, 28),
            "amount": Decimal("12500.00"),
            "currency": "USD",
            "kind": "project",
            "project_id": 1,
            "note": "Phase 1",
            "external_id": None,
        },
        {
            "id": 2,
            "client_id": 2,
            "on": date(2026, 3, 1),
            "amount": Decimal("980000.00"),
            "currency": "JPY",
            "kind": "retainer",
            "project_id": None,
            "note": "",
            "external_id": "csv:7",
        },
    ],
    "notes": [
        {"id": 1, "client_id": 3, "created_at": T0, "text": "Met at the Oslo meetup"},
    ],
}


@pytest.fixture(params=BACKENDS)
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database at the previous release's schema, with realistic rows written in SQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'previous.db'}"
    else:
        url = fresh_postgres_database(f"rapport_test_upgrade_{_worker()}")
    engine = database.create_engine(url)
    database.upgrade(engine, PREVIOUS_RELEASE)
    old = sa.MetaData()
    old.reflect(engine)
    with engine.begin() as conn:
        for table, rows in ROWS.items():
            conn.execute(old.tables[table].insert(), rows)
    engine.dispose()
    return url


def _read(engine: sa.Engine, table: str, columns: list[str]) -> list[dict[str, Any]]:
    meta = sa.MetaData()
    t = sa.Table(table, meta, autoload_with=engine)
    with engine.connect() as conn:
        result = conn.execute(sa.select(*(t.c[c] for c in columns)).order_by(t.c.id))
        return [dict(row._mapping) for row in result]


def test_upgrade_from_the_previous_release_keeps_every_record(
    old_database: str, tmp_path: Path
) -> None:
    engine = database.create_engine(old_database)
    assert database.current_revision(engine) == PREVIOUS_RELEASE
    database.upgrade(engine)
    assert database.current_revision(engine) == database.head_revision(engine)

    for table, rows in ROWS.items():
        stored = _read(engine, table, list(rows[0]))
        assert stored == rows, f"{table} changed in the upgrade"
    engine.dispose()

    # ...and the upgraded database is fully usable by the application.
    c = build(Settings(database_url=old_database, data_dir=tmp_path / "data"))
    try:
        ws = c.workspace.snapshot()
        assert sorted(cl.name for cl in ws.clients) == sorted(r["name"] for r in ROWS["clients"])
        assert len(ws.interactions) == len(ROWS["interactions"])
        assert {r.amount for r in ws.revenue} == {Decimal("12500.00"), Decimal("980000.00")}
        kari = c.workspace.find_client("Kari Nordmann")
        assert kari.referred_by_client_id == 1
        assert ws.commitments[1].due_at == datetime(2026, 3, 20, 9, 30, tzinfo=UTC)
    finally:
        c.close()
