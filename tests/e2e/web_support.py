"""A small, deterministic workspace for the web tests, and helpers to read pages."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from rapport.domain.model import (
    Client,
    ClientKind,
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    Note,
    Origin,
    Project,
    ProjectStatus,
    RevenueEntry,
)
from rapport.services.when import now
from rapport.services.workspace import WorkspaceService


def seed(ws: WorkspaceService) -> dict[str, int]:
    """Three clients (Norwegian, Japanese, English) with a little history each."""
    at = now()
    fjord = ws.add_client(
        Client(
            name="Fjord Design AS",
            language="nb",
            timezone="Europe/Oslo",
            origin=Origin.FRIEND,
            cadence_days=14,
            personal_budget=0.15,
            email="post@fjord.example",
        )
    )
    assert fjord.id is not None
    sakura = ws.add_client(
        Client(
            name="Sakura Trading",
            language="ja",
            timezone="Asia/Tokyo",
            origin=Origin.REFERRAL,
            referred_by_client_id=fjord.id,
        )
    )
    assert sakura.id is not None
    lee = ws.add_client(
        Client(name="Jamie Lee", kind=ClientKind.PERSON, origin=Origin.COLD, cadence_days=60)
    )
    assert lee.id is not None
    for days, business, personal, kind in (
        (3, 40, 20, InteractionKind.VIDEO),
        (20, 50, 5, InteractionKind.IN_PERSON),
        (120, 55, 5, InteractionKind.VIDEO),
    ):
        ws.add(
            Interaction(
                client_id=fjord.id,
                kind=kind,
                started_at=at - timedelta(days=days),
                duration_min=business + personal,
                business_min=business,
                personal_min=personal,
                summary="Reviewed the launch plan",
            )
        )
    ws.add(
        Interaction(
            client_id=sakura.id,
            kind=InteractionKind.CALL,
            started_at=at - timedelta(days=45),
            duration_min=30,
            business_min=28,
            personal_min=2,
        )
    )
    overdue = ws.add(
        Commitment(
            client_id=fjord.id,
            text="Send the revised estimate",
            due_at=at - timedelta(days=2),
            made_at=at - timedelta(days=10),
        )
    )
    ws.add(
        Commitment(
            client_id=fjord.id,
            text="Share the launch checklist",
            due_at=at + timedelta(days=1),
            made_at=at - timedelta(days=3),
            size=CommitmentSize.SMALL,
        )
    )
    ws.add(
        Commitment(
            client_id=sakura.id,
            text="Book the workshop room",
            due_at=at - timedelta(days=30),
            made_at=at - timedelta(days=40),
            status=CommitmentStatus.DONE,
            done_at=at - timedelta(days=31),
        )
    )
    for client_id, amount in ((fjord.id, "42000"), (sakura.id, "9000"), (lee.id, "1500")):
        ws.add(
            RevenueEntry(
                client_id=client_id, on=(at - timedelta(days=30)).date(), amount=Decimal(amount)
            )
        )
    ws.add(
        Project(
            client_id=fjord.id,
            name="Spring launch",
            status=ProjectStatus.ACTIVE,
            scope_written=True,
            estimate_given=True,
        )
    )
    ws.add(Contact(client_id=fjord.id, name="Kari Nordmann", email="kari@fjord.example"))
    ws.add(Note(client_id=fjord.id, text="Prefers video calls on Tuesdays."))
    assert overdue.id is not None
    return {"fjord": fjord.id, "sakura": sakura.id, "lee": lee.id, "promise": overdue.id}


_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def visible_text(html: str) -> str:
    """The text a reader sees (tags, scripts and styles removed; entities left as they are)."""
    import html as html_lib

    return html_lib.unescape(_TAGS.sub(" ", html))
