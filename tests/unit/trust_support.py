"""Shared by the trust tests: a fixed now, promises and meetings N days ago, and the
Hypothesis strategies for commitments, interactions and conversation signals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from rapport.domain import trust
from rapport.domain.model import (
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Interaction,
    InteractionKind,
)
from rapport.domain.signals import ConversationSignals

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def kept(due_days_ago: float = 10, size: CommitmentSize = CommitmentSize.SMALL) -> Commitment:
    return Commitment(
        client_id=1,
        text="x",
        made_at=ago(30),
        due_at=ago(due_days_ago),
        done_at=ago(due_days_ago + 1),
        status=CommitmentStatus.DONE,
        size=size,
    )


def missed(announced_days_before_due: float | None = None, due_days_ago: float = 5) -> Commitment:
    due = ago(due_days_ago)
    announced = (
        None
        if announced_days_before_due is None
        else due - timedelta(days=announced_days_before_due)
    )
    return Commitment(
        client_id=1,
        text="x",
        made_at=ago(30),
        due_at=due,
        status=CommitmentStatus.MISSED,
        announced_at=announced,
    )


def meeting(
    days_ago: float, kind: InteractionKind = InteractionKind.VIDEO, **kw: object
) -> Interaction:
    return Interaction(client_id=1, kind=kind, started_at=ago(days_ago), **kw)  # type: ignore[arg-type]


def effects_add_up(estimate: trust.ComponentEstimate, middle: float = 5.0) -> bool:
    return abs(middle + sum(e.effect for e in estimate.evidence) - estimate.score) < 0.05


def signals(
    talk: float, self_ref: float, mono: float, questions: float, n: int = 4
) -> ConversationSignals:
    return ConversationSignals(
        meetings=n,
        my_talk_share=talk,
        self_reference_rate=self_ref,
        longest_monologue_share=mono,
        my_question_share=questions,
        personal_share=0.1,
        drifts_per_meeting=0.0,
    )


days_st = st.floats(min_value=-60, max_value=120, allow_nan=False)


@st.composite
def commitments_st(draw: st.DrawFn) -> Commitment:
    due = ago(draw(days_st))
    status = draw(st.sampled_from(list(CommitmentStatus)))
    done = ago(draw(days_st)) if status is CommitmentStatus.DONE and draw(st.booleans()) else None
    announced = ago(draw(days_st)) if draw(st.booleans()) else None
    original = due - timedelta(days=draw(st.floats(0, 30))) if draw(st.booleans()) else None
    return Commitment(
        client_id=1,
        text="x",
        made_at=ago(200),
        due_at=due,
        status=status,
        done_at=done,
        announced_at=announced,
        original_due_at=original,
        size=draw(st.sampled_from(list(CommitmentSize))),
        rework=draw(st.none() | st.booleans()),
    )


@st.composite
def interactions_st(draw: st.DrawFn) -> Interaction:
    duration = draw(st.integers(0, 240))
    personal = draw(st.none() | st.integers(0, duration))
    return Interaction(
        client_id=1,
        kind=draw(st.sampled_from(list(InteractionKind))),
        started_at=ago(draw(st.floats(-5, 500))),
        duration_min=duration,
        personal_min=personal,
        feedback_asked=draw(st.booleans()),
        point_of_view_shared=draw(st.booleans()),
        client_rating=draw(st.none() | st.integers(1, 5)),
    )


unit = st.floats(0, 1)
signals_st = st.none() | st.builds(
    ConversationSignals,
    meetings=st.integers(0, 20),
    my_talk_share=unit,
    self_reference_rate=unit,
    longest_monologue_share=unit,
    my_question_share=unit,
    personal_share=unit,
    drifts_per_meeting=st.floats(0, 10),
)
