"""When stored per-client facts stop being current (rapport.domain.facts.valid_until)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.facts import valid_until
from rapport.domain.model import Commitment, CommitmentStatus

AT = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
MIDNIGHT = datetime(2026, 11, 24, tzinfo=UTC)


def _promise(due_in_hours: float, status: CommitmentStatus) -> Commitment:
    due = AT + timedelta(hours=due_in_hours)
    return Commitment(1, "x", due_at=due, made_at=AT - timedelta(days=3), status=status)


def test_facts_expire_at_midnight_or_when_a_pending_promise_falls_due() -> None:
    assert valid_until([], AT) == MIDNIGHT
    soon = _promise(2, CommitmentStatus.OPEN)
    assert valid_until([soon], AT) == soon.due_at
    assert valid_until([_promise(2, CommitmentStatus.DONE)], AT) == MIDNIGHT  # settled
    assert valid_until([_promise(-2, CommitmentStatus.OPEN)], AT) == MIDNIGHT  # already due
    assert valid_until([_promise(30, CommitmentStatus.OPEN)], AT) == MIDNIGHT  # tomorrow


@given(
    st.lists(
        st.tuples(st.floats(-48, 48, allow_nan=False), st.sampled_from(list(CommitmentStatus))),
        max_size=6,
    )
)
def test_validity_is_in_the_future_and_never_past_midnight(
    promises: list[tuple[float, CommitmentStatus]],
) -> None:
    made = [_promise(hours, status) for hours, status in promises]
    until = valid_until(made, AT)
    assert AT < until <= MIDNIGHT
    pending_due = [c.due_at for c in made if c.status.value in ("open", "renegotiated")]
    assert all(not (AT < d < until) for d in pending_due)  # nothing falls due before it
