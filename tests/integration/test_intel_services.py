"""Trust snapshots, assessment history and the announce flow against both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rapport.bootstrap import Container
from rapport.domain import assessment
from rapport.domain.model import Commitment, CommitmentStatus
from rapport.errors import InvalidInputError
from rapport.storage.intel_rows import AssessmentRow, TrustSnapshotRow
from tests import intel_data

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_one_snapshot_per_client_and_month_and_slipping_against_last_month(
    container: Container,
) -> None:
    ids = intel_data.build(container.workspace, NOW)
    last_month = NOW - timedelta(days=31)
    container.trust.reports(at=last_month)
    container.trust.reports(at=NOW)
    container.trust.reports(at=NOW + timedelta(hours=1))
    with container.db.reading() as s:
        assert s.query(TrustSnapshotRow).count() == 2 * 5
    acme = container.trust.report("Acme", snapshot=False, at=NOW)
    assert [m for m, _ in acme.trend] == ["2026-10", "2026-11"]
    # make last month look much better than now: Acme is slipping
    with container.db.transaction() as s:
        row = s.query(TrustSnapshotRow).filter_by(client_id=ids["Acme"], month="2026-10").one()
        row.trust = 9.0
    slipping, _count = container.trust.slipping(2.0, at=NOW)
    assert [r.estimate.client for r, _ in slipping] == ["Acme"]
    reasons = [m.english for m in slipping[0][1]]
    assert reasons[0].startswith("Trust fell from 7.5 to")  # 9.0 on the 0..10 scale
    assert "Promises missed without notice in the last 30 days: 1" in reasons


def test_risk_order_puts_the_big_client_with_weak_trust_first(container: Container) -> None:
    intel_data.build(container.workspace, NOW)
    reports = container.trust.reports(at=NOW, snapshot=False)
    assert reports[0].estimate.client == "Acme"
    assert reports[0].revenue_share == pytest.approx(0.6)


def test_assessment_history_with_change_and_nothing_stored_on_bad_answers(
    container: Container,
) -> None:
    threes = {i.id: 3 for i in assessment.ITEMS}
    first = container.assessment.take(threes, "ja", at=NOW - timedelta(days=30))
    assert first.change is None
    second = container.assessment.take({**threes, "r1": 5}, "en", at=NOW)
    assert second.change is not None and second.change["reliability"] == 0.7  # 5.5 -> 6.2
    with pytest.raises(InvalidInputError):
        container.assessment.take({"c1": 9}, "en")
    with container.db.reading() as s:
        assert s.query(AssessmentRow).count() == 2
    assert [t.language for t in container.assessment.history()] == ["ja", "en"]
    assert container.assessment.self_orientation_by_client([1, 2]) == {1: 5.5, 2: 5.5}


def test_announce_records_and_recommits(container: Container) -> None:
    ids = intel_data.build(container.workspace, NOW)
    at_risk = container.workspace.get(Commitment, ids["at_risk"])
    stored, notice = container.reliability.announce(
        ids["at_risk"], at=NOW, new_due=NOW + timedelta(days=7)
    )
    assert stored.original_due_at == at_risk.due_at
    assert stored.due_at == NOW + timedelta(days=7)
    assert stored.announced_at == NOW and stored.status is CommitmentStatus.OPEN
    assert notice.client == "Acme" and notice.before_due
    container.workspace.commitment_done(ids["at_risk"], NOW + timedelta(days=1))
    with pytest.raises(InvalidInputError):
        container.reliability.announce(ids["at_risk"], at=NOW)


def test_conversation_signals_drive_self_orientation_when_supplied(container: Container) -> None:
    from rapport.domain import trust
    from rapport.domain.signals import ConversationSignals
    from rapport.services.client_facts import ClientFactsService
    from rapport.services.trust import TrustService

    ids = intel_data.build(container.workspace, NOW)
    chatty_me = ConversationSignals(
        meetings=6,
        my_talk_share=0.8,
        self_reference_rate=0.7,
        longest_monologue_share=0.4,
        my_question_share=0.0,
        personal_share=0.1,
        drifts_per_meeting=0.0,
    )

    def signals_for(client_id: int) -> ConversationSignals | None:
        return chatty_me if client_id == ids["Acme"] else None

    facts = ClientFactsService(
        container.db, container.workspace.actor, container.assessment, signals_for=signals_for
    )
    service = TrustService(container.db, container.workspace, facts)
    acme = service.report("Acme", at=NOW, snapshot=False).estimate
    assert acme.self_orientation.score == 10.0
    assert acme.self_orientation.confidence == pytest.approx(0.67)
    assert acme.self_orientation.evidence[0].message.template == trust.E_SIGNALS
    plain = container.trust.report("Acme", at=NOW, snapshot=False).estimate
    assert acme.trust < plain.trust
    fjord = service.report("Fjord", at=NOW, snapshot=False).estimate
    assert fjord.self_orientation.evidence[0].message.template == trust.E_NO_SIGNALS
