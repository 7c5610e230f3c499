"""The demo workspace: deterministic, and rich enough for every feature to show something."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from rapport.domain.model import (
    LANGUAGES,
    CommitmentSize,
    CommitmentStatus,
    InteractionKind,
    Origin,
    Tier,
)
from rapport.domain.portfolio import pareto
from rapport.jsonable import dump
from rapport.services.demo import build_demo

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ZONES = {
    "en": {"Europe/London", "America/New_York"},
    "ja": {"Asia/Tokyo"},
    "vi": {"Asia/Ho_Chi_Minh"},
    "zh-Hans": {"Asia/Shanghai"},
    "nb": {"Europe/Oslo"},
}


def test_same_seed_and_day_give_the_same_workspace() -> None:
    assert dump(build_demo(7, NOW)) == dump(build_demo(7, NOW))
    assert dump(build_demo(7, NOW)) != dump(build_demo(8, NOW))


@pytest.mark.parametrize("seed", [1, 2, 3, 42, 2026])
def test_every_feature_has_something_real_to_show(seed: int) -> None:
    ws = build_demo(seed, NOW)
    clients = {c.id: c for c in ws.clients}
    assert 35 <= len(clients) <= 45
    assert {c.origin for c in ws.clients} == set(Origin)
    assert {c.language for c in ws.clients} == set(LANGUAGES)
    for c in ws.clients:
        assert c.timezone in ZONES[c.language]
        if c.origin in (Origin.REFERRAL, Origin.FRIEND_OF_FRIEND):
            referrer = c.referred_by_client_id
            assert referrer is not None and referrer < (c.id or 0)  # an older client
    assert all(contact.email and "@" in contact.email for contact in ws.contacts)
    assert {c.client_id for c in ws.contacts} == set(clients)

    # A year of interactions up to now, every kind, some clients far over their budget.
    assert {i.kind for i in ws.interactions} == set(InteractionKind)
    assert all(NOW - timedelta(days=400) < i.started_at <= NOW for i in ws.interactions)
    personal: dict[int, list[float]] = defaultdict(list)
    for i in ws.interactions:
        if i.kind.is_meeting and i.duration_min:
            personal[i.client_id].append((i.personal_min or 0) / i.duration_min)
    over = [
        cid for cid, s in personal.items() if sum(s) / len(s) > 3 * clients[cid].personal_budget
    ]
    assert len(over) >= 3
    last_contact = {
        i.client_id: i.started_at for i in sorted(ws.interactions, key=lambda i: i.started_at)
    }
    assert any(
        NOW - at > timedelta(days=2 * clients[cid].cadence_days) for cid, at in last_contact.items()
    )
    assert any(i.feedback_asked for i in ws.interactions)

    # Commitments: kept on time, kept late, missed silently or announced, open and overdue.
    c = ws.commitments
    assert {x.status for x in c} == set(CommitmentStatus)
    assert {x.size for x in c} == set(CommitmentSize)
    assert any(x.status is CommitmentStatus.DONE and x.done_at and x.done_at <= x.due_at for x in c)
    assert any(x.status is CommitmentStatus.DONE and x.done_at and x.done_at > x.due_at for x in c)
    assert any(x.status is CommitmentStatus.MISSED and x.announced_at is None for x in c)
    assert any(
        x.status is CommitmentStatus.MISSED and x.announced_at and x.announced_at < x.due_at
        for x in c
    )
    open_ = [x for x in c if x.status is CommitmentStatus.OPEN]
    assert any(x.due_at < NOW for x in open_)
    assert any(NOW < x.due_at < NOW + timedelta(days=14) for x in open_)
    assert all(x.made_at <= NOW and x.made_at < x.due_at for x in c)

    # Revenue is concentrated: a few A clients carry most of it.
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    for r in ws.revenue:
        assert r.amount > 0 and r.on <= NOW.date()
        revenue[r.client_id] += r.amount
    tiers = Counter(share.tier for share in pareto(revenue))
    assert 3 <= tiers[Tier.A] <= len(clients) // 3

    # Friends' projects skip steps of the process more often than strangers'.
    def skipped(origins: tuple[Origin, ...]) -> float:
        projects = [p for p in ws.projects if clients[p.client_id].origin in origins]
        return sum(len(p.missing_steps()) for p in projects) / max(1, len(projects))

    assert skipped((Origin.FRIEND, Origin.FRIEND_OF_FRIEND)) > skipped((Origin.COLD,))
    assert len(ws.notes) >= len(clients)
