"""The promise ledger, touch-points, announce-it-early, and the portfolio's referrals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from rapport.domain import commitments as ledger
from rapport.domain import portfolio
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Interaction,
    InteractionKind,
    Origin,
    Project,
    ProjectStatus,
    RevenueEntry,
)
from rapport.errors import InvalidInputError

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def promise(
    cid: int, due_in_days: float, status: CommitmentStatus = CommitmentStatus.OPEN
) -> Commitment:
    return Commitment(
        id=cid,
        client_id=1,
        text=f"p{cid}",
        made_at=NOW - timedelta(days=10),
        due_at=NOW + timedelta(days=due_in_days),
        status=status,
    )


def test_at_risk_and_overdue_lists() -> None:
    items = [
        promise(1, 1),
        promise(2, 5),
        promise(3, -2),
        promise(4, 2, CommitmentStatus.DONE),
        promise(5, -1, CommitmentStatus.RENEGOTIATED),
    ]
    assert [e.commitment.id for e in ledger.at_risk(items, NOW, 3)] == [1]
    overdue = ledger.overdue(items, NOW)
    assert [(e.commitment.id, e.days) for e in overdue] == [(3, 2.0), (5, 1.0)]


def test_announce_keeps_the_first_date_and_recommits() -> None:
    client = Client(id=1, name="Fjord", language="nb", timezone="Europe/Oslo")
    first = promise(1, 4)
    told = NOW
    updated, notice = ledger.announce(first, client, told, NOW + timedelta(days=9))
    assert updated.status is CommitmentStatus.OPEN
    assert updated.original_due_at == first.due_at
    assert updated.due_at == NOW + timedelta(days=9)
    assert notice.before_due and notice.notice_days == 4.0 and notice.language == "nb"
    with pytest.raises(InvalidInputError, match="already announced on"):
        ledger.announce(updated, client, told, NOW + timedelta(days=20))


def test_announce_refuses_a_second_notice_and_a_late_one() -> None:
    """An early notice is recorded once, and only before the due date (no negative notice)."""
    client = Client(id=1, name="A")
    overdue = promise(1, -3)  # due three days ago
    with pytest.raises(InvalidInputError, match="before the client is told") as late:
        ledger.announce(overdue, client, NOW, NOW + timedelta(days=5))
    assert "commitment recommit 1 --new-due" in late.value.message
    on_the_day = promise(2, 0)
    updated, notice = ledger.announce(on_the_day, client, NOW, NOW + timedelta(days=5))
    assert notice.notice_days == 0 and notice.before_due
    with pytest.raises(InvalidInputError, match="commitment 2 was already announced"):
        ledger.announce(updated, client, NOW + timedelta(hours=1), NOW + timedelta(days=9))


def test_announce_refuses_done_promises_and_past_new_dates() -> None:
    client = Client(id=1, name="A")
    with pytest.raises(InvalidInputError, match="only an open promise"):
        ledger.announce(promise(1, 1, CommitmentStatus.DONE), client, NOW)
    with pytest.raises(InvalidInputError, match="new due date"):
        ledger.announce(promise(1, 1), client, NOW, NOW - timedelta(days=1))


def test_last_interaction_resets_the_touchpoint_clock() -> None:
    clients = [
        Client(id=1, name="A", cadence_days=14, created_at=NOW - timedelta(days=100)),
        Client(id=2, name="B", cadence_days=14, created_at=NOW - timedelta(days=100)),
        Client(id=3, name="C", cadence_days=30, created_at=NOW - timedelta(days=28)),
    ]
    talks = [
        Interaction(client_id=1, kind=InteractionKind.CALL, started_at=NOW - timedelta(days=3)),
        Interaction(client_id=2, kind=InteractionKind.CALL, started_at=NOW - timedelta(days=20)),
    ]
    found = ledger.touchpoints(clients, talks, NOW, 3)
    assert [(t.client, t.status, t.days_overdue) for t in found] == [
        ("B", "overdue", 6.0),
        ("C", "due", -2.0),
    ]


def clients_with_referrals() -> list[Client]:
    return [
        Client(id=1, name="Friend", origin=Origin.FRIEND),
        Client(id=2, name="Ref", origin=Origin.REFERRAL, referred_by_client_id=1),
        Client(id=3, name="RefRef", origin=Origin.REFERRAL, referred_by_client_id=2),
        Client(id=4, name="Cold"),
    ]


def test_referral_attribution_worked_example() -> None:
    clients = clients_with_referrals()
    revenue = {1: Decimal(100), 2: Decimal(300), 3: Decimal(200), 4: Decimal(400)}
    graph = portfolio.referral_graph(clients)
    found = {a.referrer_id: a for a in portfolio.attribute_referrals(graph, revenue)}
    assert (found[1].direct, found[1].indirect, found[1].total) == (300, 200, 500)
    assert (found[2].direct, found[2].indirect) == (200, 0)
    assert 3 not in found
    shares = portfolio.origin_shares(clients, graph, revenue)
    assert shares.friends == pytest.approx(0.6)  # 100 + 300 + 200 of 1000
    assert shares.cold == pytest.approx(0.4)


def test_revenue_window_and_concentration() -> None:
    entries = [
        RevenueEntry(client_id=1, on=date(2026, 1, 5), amount=Decimal(100)),
        RevenueEntry(client_id=1, on=date(2025, 1, 5), amount=Decimal(900)),
        RevenueEntry(client_id=2, on=date(2026, 3, 1), amount=Decimal(300)),
    ]
    totals = portfolio.revenue_by_client(entries, since=date(2026, 1, 1))
    assert totals == {1: Decimal(100), 2: Decimal(300)}
    shares = portfolio.pareto(totals)
    assert [s.client_id for s in portfolio.concentrated(shares, 0.2)] == [2, 1]
    assert [s.client_id for s in portfolio.concentrated(shares, 0.25)] == [2]  # 25% is not over


def test_checklist_gaps_put_friends_first() -> None:
    clients = clients_with_referrals()
    projects = [
        Project(id=1, client_id=4, name="cold job"),
        Project(id=2, client_id=1, name="friend job", scope_written=True),
        Project(id=3, client_id=1, name="dropped", status=ProjectStatus.CANCELLED),
    ]
    gaps = portfolio.checklist_gaps(projects, clients)
    assert [(g.project.id, g.friend) for g in gaps] == [(2, True), (1, False)]
    assert "scope_written" not in gaps[0].missing
