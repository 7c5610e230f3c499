"""Stored per-client facts (client_scores) on both engines: what the client pages show, that
stored facts always match a fresh computation, and that any change to a client's evidence
(through Rapport or straight in SQL) makes them stale."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.assessment import ITEMS
from rapport.domain.model import (
    Client,
    Commitment,
    Interaction,
    InteractionKind,
    RevenueEntry,
    Tier,
)
from rapport.services import client_list
from rapport.services.client_list import ClientFilters
from rapport.storage.score_rows import ClientScoreRow
from rapport.web.pages.summaries import summarise


def _meeting(client_id: int, days_ago: float, business: int, personal: int) -> Interaction:
    return Interaction(
        client_id=client_id,
        kind=InteractionKind.VIDEO,
        started_at=now() - timedelta(days=days_ago),
        duration_min=business + personal,
        business_min=business,
        personal_min=personal,
    )


def _three_clients(container: Container) -> tuple[int, int, int]:
    ws = container.workspace
    at = now()
    big = ws.add_client(Client(name="Big", cadence_days=14, created_at=at - timedelta(days=400)))
    small = ws.add_client(
        Client(name="Small", cadence_days=30, created_at=at - timedelta(days=400))
    )
    quiet = ws.add_client(
        Client(name="Quiet", tier_override=Tier.A, created_at=at - timedelta(days=5))
    )
    assert big.id and small.id and quiet.id
    ws.add(_meeting(big.id, 3, 40, 20))  # recent: 1/3 personal
    ws.add(_meeting(big.id, 120, 57, 3))  # the 90 days before: 5% personal
    ws.add(_meeting(small.id, 45, 50, 10))
    ws.add(Commitment(big.id, "late", due_at=at - timedelta(days=1), made_at=at - timedelta(9)))
    ws.add(Commitment(big.id, "soon", due_at=at + timedelta(days=1), made_at=at - timedelta(2)))
    ws.add(RevenueEntry(big.id, (at - timedelta(days=30)).date(), Decimal("9000")))
    ws.add(RevenueEntry(small.id, (at - timedelta(days=30)).date(), Decimal("1000")))
    ws.add(RevenueEntry(small.id, (at - timedelta(days=500)).date(), Decimal("99999")))
    return big.id, small.id, quiet.id


def test_client_list_figures_tiers_and_trends(container: Container) -> None:
    big_id, small_id, quiet_id = _three_clients(container)
    page = client_list.client_page(container.client_facts, ClientFilters(sort="tier"))
    at = now()
    rows = {r.client.id: summarise(r.facts, r.tier, r.tier_overridden, at) for r in page.rows}
    big, small, quiet = rows[big_id], rows[small_id], rows[quiet_id]
    assert big.personal_share == 20 / 60 and big.personal_share_before == 3 / 60
    assert big.trend == "up" and not big.touchpoint_due
    assert (big.open_promises, big.overdue_promises) == (2, 1)
    assert big.tier is Tier.A and big.revenue == Decimal("9000")
    assert small.touchpoint_due  # 45 days since the last contact, cadence 30
    assert small.tier is Tier.B and small.trend == ""
    assert quiet.tier is Tier.A and quiet.tier_overridden
    assert quiet.personal_share is None and not quiet.touchpoint_due  # added 5 days ago
    assert [r.client.name for r in page.rows] == ["Big", "Quiet", "Small"]
    for r in page.rows:
        assert client_list.tier_of(container.client_facts, r.client, r.facts.revenue) == (
            r.tier,
            r.tier_overridden,
        )


def test_stored_facts_match_a_fresh_computation(container: Container) -> None:
    _three_clients(container)
    facts = container.client_facts
    stored = facts.facts()  # computed and stored
    again = facts.facts()  # read back from client_scores
    fresh = facts.compute(list(stored), now())
    for cid, f in again.items():
        assert f.estimate == stored[cid].estimate
        assert f.estimate.components == fresh[cid].estimate.components
        assert (f.contexts, f.setbacks) == (fresh[cid].contexts, fresh[cid].setbacks)
        assert f.last_contact == fresh[cid].last_contact
    assert facts.stale_ids(None, now()) == []


def test_any_change_to_the_evidence_makes_stored_facts_stale(container: Container) -> None:
    big_id, small_id, _quiet = _three_clients(container)
    facts = container.client_facts
    before = facts.facts()
    assert facts.stale_ids(None, now()) == []

    # Through Rapport: a new interaction moves last contact and the evidence.
    container.workspace.add(_meeting(small_id, 0.1, 30, 0))
    assert facts.stale_ids(None, now()) == [small_id]
    after = facts.facts()
    assert after[small_id].last_contact != before[small_id].last_contact
    assert after[big_id] == before[big_id]  # other clients' stored facts are kept

    # Straight in SQL, bypassing Rapport: the triggers still see it.
    with container.db.transaction() as s:
        s.execute(sa.text("DELETE FROM revenue_entries WHERE client_id = :c"), {"c": big_id})
    assert facts.stale_ids(None, now()) == [big_id]
    assert facts.facts([big_id])[big_id].revenue == 0

    # A self-assessment feeds every client's self-orientation: all are stale.
    container.assessment.take({item.id: 3 for item in ITEMS})
    assert sorted(facts.stale_ids(None, now())) == sorted(after)


def test_a_write_during_computation_is_not_stored_as_current(container: Container) -> None:
    big_id, _small, _quiet = _three_clients(container)
    facts = container.client_facts
    at = now()
    facts._ensure_rows([big_id])
    with container.db.reading() as s:
        version = s.scalar(
            sa.select(ClientScoreRow.version).where(ClientScoreRow.client_id == big_id)
        )
    computed, promises, failures = facts._compute_chunk([big_id], at)
    container.workspace.add(_meeting(big_id, 0.5, 30, 0))  # lands while we computed
    facts._store(computed, promises, {big_id: version or 0}, at, failures)
    assert facts.stale_ids([big_id], at) == [big_id]


def test_search_filters_and_pages(container: Container) -> None:
    ws = container.workspace
    for i in range(120):
        ws.add_client(Client(name=f"Kunde {i:03d}", language="nb" if i % 2 else "en"))
    ws.add_client(Client(name="100% Lean_Co", language="ja"))
    facts = container.client_facts
    first = client_list.client_page(facts, ClientFilters())
    assert (first.total, first.matching, first.pages, len(first.rows)) == (121, 121, 3, 50)
    last = client_list.client_page(facts, ClientFilters(page=9))
    assert last.page == 3 and len(last.rows) == 21
    norsk = client_list.client_page(facts, ClientFilters(language="nb"))
    assert norsk.matching == 60 and all(r.client.language == "nb" for r in norsk.rows)
    # Search is a literal, case-insensitive substring: % and _ are not wildcards.
    found = client_list.client_page(facts, ClientFilters(q="0% lean_"))
    assert [r.client.name for r in found.rows] == ["100% Lean_Co"]
    assert client_list.client_page(facts, ClientFilters(q="0%_")).matching == 0


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    amounts=st.lists(
        st.sampled_from([None, Decimal(-50), Decimal(0), Decimal(100), Decimal("250.5")])
        | st.integers(1, 5000).map(Decimal),
        min_size=1,
        max_size=12,
    ),
    overridden=st.sets(st.integers(0, 11), max_size=2),
)
def test_tiers_in_sql_agree_with_the_pareto_rule(
    container: Container, amounts: list[Decimal | None], overridden: set[int]
) -> None:
    """Whatever the revenue (ties, nothing, refunds), the list's SQL tiers and a single
    client's tier are the tiers of rapport.domain.portfolio.pareto."""
    from rapport.domain.portfolio import pareto

    ws = container.workspace
    with container.db.transaction() as s:
        s.execute(sa.text("DELETE FROM clients"))
    day = (now() - timedelta(days=10)).date()
    revenue: dict[int, Decimal] = {}
    overrides: dict[int, Tier | None] = {}
    for i, amount in enumerate(amounts):
        override = Tier.C if i in overridden else None
        client = ws.add_client(Client(name=f"C{i}", tier_override=override))
        assert client.id is not None
        overrides[client.id] = override
        revenue[client.id] = amount or Decimal(0)
        if amount is not None:
            ws.add(RevenueEntry(client.id, day, amount))
    expected = {s.client_id: (s.tier, s.tier_overridden) for s in pareto(revenue, overrides)}
    page = client_list.client_page(container.client_facts, ClientFilters(sort="tier"))
    assert {r.client.id: (r.tier, r.tier_overridden) for r in page.rows} == expected
    for r in page.rows:
        assert (
            client_list.tier_of(container.client_facts, r.client, r.facts.revenue)
            == (expected[r.client.id])
        )


def test_planner_statistics_upkeep_runs_on_both_engines(container: Container) -> None:
    from rapport.storage.database import optimize

    _three_clients(container)
    optimize(container.engine)  # first time: ANALYZE on SQLite
    optimize(container.engine)  # then PRAGMA optimize
    if container.db.dialect == "sqlite":
        with container.db.reading() as s:
            assert s.scalar(sa.text("SELECT count(*) FROM sqlite_stat1")) > 0


def test_the_background_refresher_also_repairs_rows_deleted_by_hand(container: Container) -> None:
    big_id, _small, _quiet = _three_clients(container)
    facts = container.client_facts
    facts.refresh()
    with container.db.transaction() as s:
        s.execute(sa.text("DELETE FROM client_scores WHERE client_id = :c"), {"c": big_id})
    assert facts.stale_ids(None, now()) == []  # the list pages do not look for them
    assert facts.stale_ids(None, now(), repair=True) == [big_id]
    assert facts.refresh(repair=True) == 1 and facts.stale_ids(None, now(), repair=True) == []
    with container.db.transaction() as s:
        s.execute(sa.text("DELETE FROM client_scores WHERE client_id = :c"), {"c": big_id})
    assert facts.facts([big_id])[big_id].client.name == "Big"  # one client's page: rebuilt
    assert facts.stale_ids(None, now(), repair=True) == []
