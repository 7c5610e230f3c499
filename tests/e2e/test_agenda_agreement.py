"""One computation (issue 13): for the same items and client, the agenda (API), its
email, the web agenda, live mode's plan and triage (API and web) state the same total, and
a boundary reset appears only when the client's recent personal share is over budget. On
both databases."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Interaction, InteractionKind

ITEMS = "Budget review: 20\nTimeline: 25\nNext steps: 10"


def client_with_history(container: Container, personal_min: int) -> int:
    ws = container.workspace
    client = ws.add_client(Client(name="Calm Ltd", language="en", personal_budget=0.2))
    assert client.id is not None
    ws.add(
        Interaction(
            client_id=client.id,
            kind=InteractionKind.VIDEO,
            started_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
            duration_min=60,
            business_min=60 - personal_min,
            personal_min=personal_min,
        )
    )
    return client.id


@pytest.mark.parametrize(("personal_min", "reset"), [(10, False), (20, True)])
def test_agenda_email_live_and_triage_agree(
    api: Any, container: Container, personal_min: int, reset: bool
) -> None:
    """10 of 60 minutes personal is within a 20% budget (no reset); 20 of 60 is over."""
    client_id = client_with_history(container, personal_min)
    form = {"client": str(client_id), "items": ITEMS, "video": "on"}
    agenda = api.post(
        "/api/agenda",
        json={
            "client": "Calm Ltd",
            "items": [
                {"title": t, "minutes": int(m)}
                for t, m in (line.split(": ") for line in ITEMS.splitlines())
            ],
            "video": True,
        },
    )
    assert agenda.status_code == 200, agenda.text
    data = agenda.json()
    total = data["total_min"]
    assert data["boundary_reset"] is reset
    assert (
        total
        == sum(i["minutes"] for i in data["items"])
        == 55 + 4 + (2 if reset else 0) + data["personal_min"]
    )
    assert f"{total} minutes" in data["opening_line"]
    assert f"{total} minutes" in data["email"]["body"]
    assert "Checkpoint" not in data["email"]["body"]

    page = api.post("/meetings/agenda?lang=en", data=form)
    assert page.status_code == 200
    assert f"{total} minutes" in page.text

    live = api.post("/meetings/live?lang=en", data=form)
    assert live.status_code == 200
    plan = json.loads(
        re.search(r'<script[^>]*id="live-plan"[^>]*>(.*?)</script>', live.text, re.S)[1]
    )
    assert sum(i["minutes"] for i in plan["items"]) == total
    assert ("opening" in [i["kind"] for i in plan["items"][1:2]]) is reset

    triaged = api.post(
        "/api/triage",
        json={
            "client": "Calm Ltd",
            "start": "2026-12-01T10:00",
            "duration_min": 120,
            "format": "video",
            "agenda": [
                {"item": t, "minutes": int(m)}
                for t, m in (line.split(": ") for line in ITEMS.splitlines())
            ],
        },
    )
    assert triaged.status_code in (200, 201), triaged.text
    assert triaged.json()["needed_min"] == total
    assert (
        f"The agenda needs about {total} minutes of the 120 proposed." in triaged.json()["reasons"]
    )
