"""What the client list shows at a glance, computed from a workspace snapshot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from rapport.domain.model import (
    Client,
    Commitment,
    Interaction,
    InteractionKind,
    RevenueEntry,
    Tier,
    Workspace,
)
from rapport.web.pages.summaries import summarise

AT = datetime(2026, 11, 23, 12, tzinfo=UTC)


def _meeting(client_id: int, days_ago: int, business: int, personal: int) -> Interaction:
    return Interaction(
        client_id=client_id,
        kind=InteractionKind.VIDEO,
        started_at=AT - timedelta(days=days_ago),
        duration_min=business + personal,
        business_min=business,
        personal_min=personal,
    )


def test_personal_share_trend_touchpoints_promises_and_tiers() -> None:
    ws = Workspace(
        clients=[
            Client(name="Big", id=1, cadence_days=14, created_at=AT - timedelta(days=400)),
            Client(name="Small", id=2, cadence_days=30, created_at=AT - timedelta(days=400)),
            Client(name="Quiet", id=3, tier_override=Tier.A, created_at=AT - timedelta(days=5)),
        ],
        interactions=[
            _meeting(1, 3, 40, 20),  # recent: 1/3 personal
            _meeting(1, 120, 57, 3),  # before: 5% personal
            _meeting(2, 45, 50, 10),
        ],
        commitments=[
            Commitment(1, "late", due_at=AT - timedelta(days=1), made_at=AT - timedelta(days=9)),
            Commitment(1, "soon", due_at=AT + timedelta(days=1), made_at=AT - timedelta(days=2)),
        ],
        revenue=[
            RevenueEntry(1, (AT - timedelta(days=30)).date(), Decimal("9000")),
            RevenueEntry(2, (AT - timedelta(days=30)).date(), Decimal("1000")),
            RevenueEntry(2, (AT - timedelta(days=500)).date(), Decimal("99999")),  # too old
        ],
    )
    big, small, quiet = summarise(ws, AT)
    assert big.personal_share == 20 / 60 and big.personal_share_before == 3 / 60
    assert big.trend == "up" and not big.touchpoint_due
    assert (big.open_promises, big.overdue_promises) == (2, 1)
    assert big.tier is Tier.A and big.revenue == Decimal("9000")
    assert small.touchpoint_due  # 45 days since the last contact, cadence 30
    assert small.tier is Tier.B and small.trend == ""
    assert quiet.tier is Tier.A and quiet.tier_overridden
    assert quiet.personal_share is None and not quiet.touchpoint_due  # added 5 days ago
