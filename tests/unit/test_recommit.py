"""Apologise and re-commit: an overdue promise is marked missed and made again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.domain import commitments as ledger
from rapport.domain import trust
from rapport.domain.model import Client, Commitment, CommitmentSize, CommitmentStatus
from rapport.errors import InvalidInputError

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
CLIENT = Client(id=1, name="Acme", language="ja", timezone="Asia/Tokyo")


def promise(
    due_in_days: float,
    status: CommitmentStatus = CommitmentStatus.OPEN,
    announced_days: float | None = None,
) -> Commitment:
    return Commitment(
        id=7,
        client_id=1,
        text="Send the revised estimate",
        made_at=NOW - timedelta(days=30),
        due_at=NOW + timedelta(days=due_in_days),
        to_whom="Grace",
        size=CommitmentSize.LARGE,
        status=status,
        announced_at=None if announced_days is None else NOW + timedelta(days=announced_days),
    )


def test_an_overdue_promise_is_missed_and_made_again() -> None:
    old = promise(-3)
    missed, again, notice = ledger.recommit(old, CLIENT, NOW, NOW + timedelta(days=4))
    assert missed.status is CommitmentStatus.MISSED and missed.id == 7
    assert missed.announced_at == NOW  # the apology is the (late) notice
    assert again.id is None and again.status is CommitmentStatus.OPEN
    assert (again.client_id, again.text, again.to_whom, again.size) == (
        1,
        "Send the revised estimate",
        "Grace",
        CommitmentSize.LARGE,
    )
    assert again.due_at == NOW + timedelta(days=4) and again.made_at == NOW
    assert ledger.replaced_id(again) == 7
    assert notice.language == "ja" and not notice.before_due and notice.notice_days == -3.0
    # Honest scoring: the miss stays on the record, as a late notice.
    outcome = trust.promise_outcome(missed, NOW)
    assert outcome is not None and outcome.outcome is trust.Outcome.LATE_NOTICE
    assert trust.promise_outcome(again, NOW) is None  # pending and not due yet


def test_an_early_notice_given_before_is_kept() -> None:
    """Told early, re-committed by announce, then missed the new date: the first notice
    still counts."""
    told_early = promise(-2, CommitmentStatus.OPEN, announced_days=-9)
    missed, _again, _notice = ledger.recommit(told_early, CLIENT, NOW, NOW + timedelta(days=2))
    assert missed.announced_at == NOW - timedelta(days=9)


@pytest.mark.parametrize(
    ("old", "new_due", "message"),
    [
        (promise(2), NOW + timedelta(days=9), "is not due yet .* commitment announce 7"),
        (promise(0), NOW + timedelta(days=9), "is not due yet"),
        (promise(-2, CommitmentStatus.DONE), NOW + timedelta(days=1), "is done: only an open"),
        (promise(-2, CommitmentStatus.MISSED), NOW + timedelta(days=1), "is missed"),
        (promise(-2), NOW, "must be after the apology"),
        (promise(-2), NOW - timedelta(days=1), "must be after the apology"),
    ],
)
def test_refused(old: Commitment, new_due: datetime, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        ledger.recommit(old, CLIENT, NOW, new_due)


@given(
    overdue_by=st.floats(min_value=0.001, max_value=400),
    ahead=st.floats(min_value=0.001, max_value=400),
    status=st.sampled_from([CommitmentStatus.OPEN, CommitmentStatus.RENEGOTIATED]),
    announced=st.none() | st.floats(min_value=-500, max_value=0),
)
def test_after_recommit_old_is_missed_and_new_is_open_and_ahead(
    overdue_by: float, ahead: float, status: CommitmentStatus, announced: float | None
) -> None:
    old = promise(-overdue_by, status, announced)
    new_due = NOW + timedelta(days=ahead)
    missed, again, _notice = ledger.recommit(old, CLIENT, NOW, new_due)
    assert missed.status is CommitmentStatus.MISSED
    assert missed.announced_at is not None and missed.announced_at <= NOW
    assert missed.due_at == old.due_at and missed.text == old.text
    assert again.status is CommitmentStatus.OPEN and again.due_at > NOW
    assert again.client_id == old.client_id and again.text == old.text
    assert ledger.replaced_id(again) == old.id
    # the miss is scored: a settled promise never counts as kept
    outcome = trust.promise_outcome(missed, NOW)
    assert outcome is not None and outcome.outcome is not trust.Outcome.KEPT
