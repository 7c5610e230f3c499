"""What the walk computes from one ClientSnapshot instead of asking the workspace again:
the open promises, productivity of the recent meetings and their personal history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport.domain.agenda import PersonalHistory
from rapport.domain.model import Client, Commitment, CommitmentStatus, Interaction
from rapport.domain.model import InteractionKind as Kind
from rapport.domain.triage import Productivity
from rapport.services.client_snapshot import ClientSnapshot

AT = datetime(2026, 12, 9, 9, tzinfo=UTC)


def meeting(days: int, **kw: object) -> Interaction:
    return Interaction(client_id=1, kind=Kind.VIDEO, started_at=AT - timedelta(days=days), **kw)  # type: ignore[arg-type]


def promise(made_days: float, status: CommitmentStatus = CommitmentStatus.OPEN) -> Commitment:
    made = AT - timedelta(days=made_days)
    return Commitment(client_id=1, text="x", made_at=made, due_at=AT, status=status)


def snapshot(**kw: object) -> ClientSnapshot:
    values: dict[str, object] = {
        "client": Client(name="Fjord AS", id=1),
        "at": AT,
        "contact": None,
        "commitments": (),
        "meetings": (),
        "resets": (),
    }
    return ClientSnapshot(**{**values, **kw})  # type: ignore[arg-type]


def test_open_promises_keep_their_order() -> None:
    done = promise(3, CommitmentStatus.DONE)
    first, second = promise(2), promise(1)
    assert snapshot(commitments=(first, done, second)).open_commitments == [first, second]


def test_productivity_counts_promises_made_during_a_meeting_or_the_day_after() -> None:
    meetings = (
        meeting(7, duration_min=60, business_min=45, decisions="Go\n\nShip it"),
        meeting(14, duration_min=60, business_min=15),
        meeting(21, duration_min=60),
    )
    # made 7 days ago (in the first meeting), 6.5 days ago (the day after), 10 days ago (none)
    commitments = (promise(7 - 1 / 48), promise(6.5), promise(10))
    snap = snapshot(meetings=meetings, commitments=commitments)
    assert snap.productivity(2) == Productivity(2, 60 / 120, 2, 2)
    assert snap.productivity(0) == Productivity(0, None, 0, 0)


def test_personal_history_and_the_resets_since_its_oldest_meeting() -> None:
    meetings = (
        meeting(7, duration_min=60, personal_min=20),
        meeting(14, duration_min=60),  # personal share unknown: not counted
        meeting(21, duration_min=30, personal_min=5),
    )
    quiet = snapshot(meetings=meetings, resets=(AT - timedelta(days=30),))
    assert quiet.personal_history(3) == PersonalHistory(90, 25, False)
    said = snapshot(meetings=meetings, resets=(AT - timedelta(days=20),))
    assert said.personal_history(3) == PersonalHistory(90, 25, True)
    assert said.personal_history(1) == PersonalHistory(60, 20, False)
    assert snapshot().personal_history(3) is None
