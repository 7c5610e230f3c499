"""The scores repository (client_scores, trust_snapshots, assessments) and the queries the
score services ask of the other aggregates, on both engines."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.model import Client, Interaction, InteractionKind, RevenueEntry
from rapport.domain.trust import ClientTrust, ComponentEstimate
from rapport.storage.failures import DBAPIError
from rapport.storage.intel_rows import AssessmentRow
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.scores import TakesOf, best_effort
from rapport.storage.score_rows import ClientScoreRow


def _clients(container: Container, *names: str) -> list[int]:
    ids = []
    for name in names:
        client = container.workspace.add_client(Client(name=name))
        assert client.id is not None
        ids.append(client.id)
    return ids


def _estimate(client_id: int, value: float) -> ClientTrust:
    part = ComponentEstimate(5.0, 0.5, ())
    return ClientTrust(client_id, f"c{client_id}", value, part, part, part, part)


def test_rows_are_ensured_once_and_facts_stored_only_at_their_version(
    container: Container,
) -> None:
    a, b = _clients(container, "A", "B")
    at = now()
    with container.db.transaction() as s:
        s.execute(sa.delete(ClientScoreRow).where(ClientScoreRow.client_id == b))
    with container.db.reading() as s:
        scores = Repositories(s).scores
        assert scores.stale_ids(at, repair=True).count(b) == 1
        assert set(scores.expired([a, b], at)) == {a}
    for _ in range(2):  # the second time finds both rows and inserts nothing
        with best_effort(container.db) as s:
            Repositories(s).scores.ensure_rows([a, b])
    with container.db.reading() as s:
        versions = Repositories(s).scores.versions([a, b])
    assert set(versions) == {a, b}
    va = versions[a]
    row = {
        "computed_at": at,
        "valid_until": at + timedelta(hours=1),
        "trust": 3.0,
        "revenue": Decimal("-5"),
    }
    with container.db.transaction() as s:
        Repositories(s).scores.store_facts(
            [
                {"b_client_id": a, "b_version": va, "computed_version": va, **row},
                # changed since its version was read: not written
                {"b_client_id": b, "b_version": versions[b] + 1, "computed_version": 0, **row},
            ]
        )
    with container.db.reading() as s:
        scores = Repositories(s).scores
        current = scores.current_with_clients([a, b], at + timedelta(minutes=1))
        assert [(c.id, r.trust) for c, r in current] == [(a, 3.0)]
        assert scores.expired([a, b], at + timedelta(minutes=1)) == {a: False, b: True}
        assert a not in scores.stale_ids(at + timedelta(minutes=1))
        assert scores.positive_revenue_total() == Decimal(0)  # net refunds count as nothing


def test_best_effort_gives_up_on_contention_only(container: Container) -> None:
    class Busy(Exception):
        def __str__(self) -> str:
            return "database is locked"

    with best_effort(container.db):
        raise DBAPIError("UPDATE", {}, Busy())
    with pytest.raises(DBAPIError), best_effort(container.db):
        raise DBAPIError("UPDATE", {}, ValueError("syntax error"))


def test_snapshots_replace_within_a_month_and_earlier_months_are_found(
    container: Container,
) -> None:
    a, b = _clients(container, "A", "B")
    at = now()
    with container.db.transaction() as s:
        scores = Repositories(s).scores
        scores.save_month_snapshots([_estimate(a, 2.0), _estimate(b, 4.0)], "2026-01", at)
    with container.db.transaction() as s:
        scores = Repositories(s).scores
        scores.save_month_snapshots([_estimate(a, 2.5)], "2026-01", at)  # replaces
        scores.save_month_snapshots([_estimate(a, 3.0)], "2026-02", at)
    with container.db.reading() as s:
        scores = Repositories(s).scores
        assert scores.trends() == {a: [("2026-01", 2.5), ("2026-02", 3.0)], b: [("2026-01", 4.0)]}
        assert scores.trends([b]) == {b: [("2026-01", 4.0)]}
        latest = scores.latest_snapshots_before([a, b], "2026-03")
        assert sorted((r.client_id, r.month, r.trust) for r in latest) == [
            (a, "2026-02", 3.0),
            (b, "2026-01", 4.0),
        ]
        assert scores.earlier_trust("2026-02") == {a: ("2026-01", 2.5), b: ("2026-01", 4.0)}
        assert scores.earlier_trust("2026-02", [b]) == {b: ("2026-01", 4.0)}


def test_takes_are_read_by_whose_they_are(container: Container) -> None:
    def take(user_id: int | None, minutes: int, self_orientation: float) -> AssessmentRow:
        return AssessmentRow(
            user_id=user_id,
            taken_at=now() - timedelta(minutes=minutes),
            language="en",
            answers={},
            credibility=5.0,
            reliability=5.0,
            intimacy=5.0,
            self_orientation=self_orientation,
            trust=3.0,
        )

    with container.db.transaction() as s:
        scores = Repositories(s).scores
        first = scores.add_take(take(None, 10, 4.0))
        second = scores.add_take(take(None, 5, 6.0))
    assert first.id and second.id
    with container.db.reading() as s:
        scores = Repositories(s).scores
        everyone = TakesOf(everyone=True)
        assert [t.id for t in scores.takes(everyone)] == [first.id, second.id]
        latest = scores.latest_take(TakesOf(everyone=False, user_id=None))
        assert latest is not None and latest.id == second.id
        assert scores.latest_self_orientation(everyone) == 6.0
        assert scores.takes(TakesOf(everyone=False, user_id=999)) == []
        assert scores.latest_self_orientation(TakesOf(everyone=False, user_id=999)) is None


def test_meetings_and_revenue_for_the_scores(container: Container) -> None:
    (a,) = _clients(container, "A")
    ws = container.workspace
    at = now().replace(microsecond=0)
    ws.add(Interaction(a, InteractionKind.VIDEO, at - timedelta(hours=2), 60))
    ws.add(Interaction(a, InteractionKind.EMAIL, at - timedelta(hours=1), 5))  # no meeting
    ws.add(Interaction(a, InteractionKind.CALL, at + timedelta(hours=1), 30))
    ws.add(RevenueEntry(a, at.date() - timedelta(days=10), Decimal("100")))
    ws.add(RevenueEntry(a, at.date() - timedelta(days=400), Decimal("900")))
    with container.db.reading() as s:
        repos = Repositories(s)
        day = timedelta(days=1)
        between = repos.interactions.meetings_between(at - day, at + day)
        assert [m.duration_min for m in between] == [30, 60]  # newest first
        assert [m.duration_min for m in repos.interactions.meetings_before(a, at, 5)] == [60]
        assert len(repos.interactions.of_clients_between([a], at - timedelta(days=1), at)) == 2
        assert repos.interactions.last_started([a], at)[a] is not None
        assert repos.records.revenue_of_clients_since([a], at.date() - timedelta(days=30)) == {
            a: (Decimal("100"), "EUR")
        }
        assert repos.records.revenue_totals_since(at.date() - timedelta(days=365)) == [
            Decimal("100")
        ]
        shown = repos.records.revenue_between(at.date() - timedelta(days=365), at.date())
        assert [e.amount for e in shown] == [Decimal("100")]
        assert repos.clients.visible_ids() == [a]
        assert [c.name for c in repos.clients.with_ids([a])] == ["A"]
        assert repos.clients.owners([a]) == {}
        assert repos.meetings.resets_since(a, at - timedelta(days=1)) == []
