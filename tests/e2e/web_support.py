"""A small, deterministic workspace for the web tests, and helpers to read pages."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from rapport.clock import now
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


TRANSCRIPT = """WEBVTT

00:00:00.000 --> 00:00:20.000
<v Me>Hi Kari, good to see you. How was your weekend?

00:00:20.000 --> 00:01:30.000
<v Kari Nordmann>Lovely, we went sailing with the kids and had a barbecue by the sea.

00:01:30.000 --> 00:03:00.000
<v Me>Let's look at the launch budget. The print costs went up by ten percent.

00:03:00.000 --> 00:05:00.000
<v Kari Nordmann>We need to decide on the supplier for the brochures before Friday.

00:05:00.000 --> 00:06:00.000
<v Me>I'll send you the revised estimate by 2026-12-04.

00:06:00.000 --> 00:07:00.000
<v Kari Nordmann>Did you watch the football match last night? My son plays in the youth team.

00:07:00.000 --> 00:08:00.000
<v Me>Back to the schedule: can we move the launch date to the second week of March?

00:08:00.000 --> 00:08:30.000
<v Kari Nordmann>Yes, that works. Thanks, talk soon!
"""
"""A short video meeting with Fjord's contact: personal opening, business, one drift, a
promise with a date (written for these tests)."""


_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def visible_text(html: str) -> str:
    """The text a reader sees (tags, scripts and styles removed; entities left as they are)."""
    import html as html_lib

    return html_lib.unescape(_TAGS.sub(" ", html))
