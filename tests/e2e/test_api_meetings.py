"""The meetings API: /api/drafts, /api/agenda, /api/triage, /api/meetings/log."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from rapport.bootstrap import Container
from rapport.domain.model import (
    Client,
    Commitment,
    Interaction,
    InteractionKind,
    RevenueEntry,
    Tier,
)

REQUEST: dict[str, Any] = {
    "client": "Fjord AS",
    "start": "2026-12-02T09:00",
    "duration_min": 60,
    "format": "video",
    "purpose": "Monthly sync",
    "agenda": [{"item": "Status", "minutes": 15}],
    "organizer": "client",
    "essential": False,
    "travel_min": 0,
    "reason": "conflict",
}


def seed(container: Container) -> None:
    ws = container.workspace
    big = ws.add_client(Client(name="Sakura KK", language="ja", timezone="Asia/Tokyo"))
    fjord = ws.add_client(
        Client(
            name="Fjord AS",
            language="nb",
            timezone="Europe/Oslo",
            email="post@fjord.example",
            owner_colleague="Kari Nordmann",
        )
    )
    assert big.id is not None and fjord.id is not None
    ws.add(RevenueEntry(client_id=big.id, on=date(2026, 9, 1), amount=Decimal("95000")))
    ws.add(RevenueEntry(client_id=fjord.id, on=date(2026, 9, 1), amount=Decimal("5000")))
    ws.add(
        Commitment(
            client_id=fjord.id,
            text="Send the migration plan",
            due_at=datetime(2026, 12, 5, 16, 0, tzinfo=UTC),
            made_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        )
    )
    # 14 hours of meetings already in the week of the request (Monday 30 November)
    for day in (30, 1):
        ws.add(
            Interaction(
                client_id=big.id,
                kind=InteractionKind.IN_PERSON,
                started_at=datetime(2026, 11 if day == 30 else 12, day, 9, 0, tzinfo=UTC),
                duration_min=7 * 60,
            )
        )


def test_triage_delegates_to_the_account_owner_with_a_briefing(
    api: Any, container: Container
) -> None:
    seed(container)
    response = api.post("/api/triage", json=REQUEST)
    assert response.status_code == 201, response.text
    data = response.json()
    # a conflict needs the whole slot; the matter fits in writing (15 minutes) and a C-tier
    # client is flexible: email first
    assert data["decision"] == "email"
    assert data["context"]["tier"] == "C"
    assert data["context"]["week_hours"] == 14.0
    assert data["draft"]["language"] == "nb"
    # when it cannot be written, the colleague who owns the account goes instead
    unwritable = api.post("/api/triage", json={**REQUEST, "writable": False}).json()
    assert unwritable["decision"] == "delegate"
    subject = unwritable["draft"]["subject"]
    assert subject.endswith("kan kollegaen min Kari Nordmann møte i mitt sted?")
    briefing = unwritable["briefing"]
    assert "Send the migration plan" in briefing and "Monthly sync" in briefing
    listed = api.get("/api/triage", params={"client": "Fjord AS"}).json()
    assert [d["decision"] for d in listed] == ["delegate", "email"]


def test_triage_of_a_top_client_with_dislike_keeps_the_meeting(
    api: Any, container: Container
) -> None:
    seed(container)
    body = {**REQUEST, "client": "Sakura KK", "reason": "dislike", "duration_min": 20}
    data = api.post("/api/triage", json=body).json()
    assert data["context"]["tier"] == Tier.A.value
    assert data["decision"] == "accept" and data["draft"] is None
    assert any("not a reason" in r for r in data["reasons"])
    assert len(data["reasons_local"]["reasons"]) == len(data["reasons"])


def test_triage_rejects_a_bad_request_naming_the_field(api: Any, container: Container) -> None:
    seed(container)
    response = api.post("/api/triage", json={**REQUEST, "format": "carrier pigeon"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "format"
    unknown = api.post("/api/triage", json={**REQUEST, "client": "Nobody"})
    assert unknown.status_code == 404


def test_drafts_endpoint_and_eml(api: Any, container: Container) -> None:
    seed(container)
    response = api.post("/api/drafts/feedback", json={"client": "Fjord AS", "language": "vi"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["kind"], data["language"], data["to"]) == ("feedback", "vi", "post@fjord.example")
    eml = api.post("/api/drafts/check_in/eml", json={"client": "Fjord AS"})
    assert eml.headers["content-type"].startswith("message/rfc822")
    assert b"To: Fjord AS <post@fjord.example>" in eml.content
    assert api.post("/api/drafts/nonsense", json={"client": "Fjord AS"}).status_code == 422
    missing = api.post("/api/drafts/early_notice", json={"client": "Sakura KK"})
    assert missing.status_code == 422
    assert missing.json()["detail"] == (
        "an early_notice draft needs --commitment: Sakura KK has no open promise"
    )
    # every kind works with the client alone (the service fills sensible defaults)
    for kind in ("shorten", "delegate", "deviation", "boundary_reset", "early_notice"):
        response = api.post(f"/api/drafts/{kind}", json={"client": "Fjord AS", "language": "ja"})
        assert response.status_code == 200, (kind, response.text)
        assert response.json()["language"] == "ja"


def test_agenda_endpoint_and_ics(api: Any, container: Container) -> None:
    seed(container)
    body = {
        "client": "Fjord AS",
        "items": [{"title": "Status", "minutes": 15}, {"title": "Risks", "minutes": 10}],
        "start": "2026-12-02T09:00",
    }
    data = api.post("/api/agenda", json=body).json()
    assert data["opening_line"] == f"Vi har {data['total_min']} minutter i dag."
    assert [i["kind"] for i in data["items"]] == [
        "opening",
        "business",
        "business",
        "personal",
        "closing",
    ]
    assert "Status" in data["markdown"] and data["email"]["subject"] == "Agenda for møtet vårt"
    ics = api.post("/api/agenda/ics", json=body)
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
    no_start = api.post("/api/agenda/ics", json={**body, "start": None})
    assert no_start.status_code == 422


def test_meeting_log_endpoint(api: Any, container: Container) -> None:
    seed(container)
    body = {
        "client": "Fjord AS",
        "start": "2026-12-03T10:00",
        "duration_min": 50,
        "business_min": 40,
        "personal_min": 10,
        "promises": [{"text": "Share the slides", "due": "2026-12-04"}],
        "decisions": ["Ship in January"],
        "drain": 3,
        "boundary_reset": True,
    }
    response = api.post("/api/meetings/log", json=body)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["interaction"]["decisions"] == "Ship in January"
    assert data["commitments"][0]["text"] == "Share the slides"
    too_much = api.post("/api/meetings/log", json={**body, "business_min": 45})
    assert too_much.status_code == 422
    assert "exceed the duration" in too_much.json()["detail"]


def test_boundary_reset_is_offered_once_then_not_after_it_was_said(
    api: Any, container: Container
) -> None:
    seed(container)
    chatty = {
        "client": "Fjord AS",
        "start": "2026-11-10T10:00",
        "duration_min": 60,
        "business_min": 30,
        "personal_min": 30,
    }
    assert api.post("/api/meetings/log", json=chatty).status_code == 201
    agenda = {"client": "Fjord AS", "items": [{"title": "Status", "minutes": 20}]}
    first = api.post("/api/agenda", json=agenda).json()
    assert first["boundary_reset"] is True
    assert first["boundary_reset_text"].startswith("Hyggelig å se deg!")
    said = {**chatty, "start": "2026-11-17T10:00", "business_min": 55, "personal_min": 5}
    assert api.post("/api/meetings/log", json={**said, "boundary_reset": True}).status_code == 201
    # still over budget over the last meetings (35 of 120 minutes), but the reset was said
    assert api.post("/api/agenda", json=agenda).json()["boundary_reset"] is False
