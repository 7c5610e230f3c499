"""Per-client trust: worked examples for each formula, and properties for all inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain import trust
from rapport.domain.model import (
    Client,
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


# --- reliability -------------------------------------------------------------------------


def test_four_of_five_kept_with_a_silent_miss_worked_example() -> None:
    # promises: (4 x 1 + 1) / (5 + 2) = 5/7; contact: no evidence = 0.5
    # 10 * (0.75 * 5/7 + 0.25 * 0.5) = 6.61
    r = trust.reliability([kept(), kept(), kept(), kept(), missed()], [], 14, NOW)
    assert r.score == pytest.approx(6.61, abs=0.01)
    texts = [e.text for e in r.evidence]
    assert "Promises kept on time: 4 of 5" in texts
    assert "Promises missed without telling the client: 1" in texts
    silent = next(e for e in r.evidence if e.message.key == trust.E_SILENT)
    assert silent.effect < 0
    assert effects_add_up(r)


def test_one_kept_promise_is_not_perfect() -> None:
    # (1 + 1) / (1 + 2) = 2/3 -> 10 * (0.75 * 2/3 + 0.25 * 0.5) = 6.25
    assert trust.reliability([kept()], [], 14, NOW).score == pytest.approx(6.25, abs=0.01)


def test_notice_credit_grows_with_how_early_the_client_was_told() -> None:
    week = trust.promise_outcome(missed(announced_days_before_due=7), NOW)
    same_day = trust.promise_outcome(missed(announced_days_before_due=0), NOW)
    late = trust.promise_outcome(missed(announced_days_before_due=-1), NOW)
    silent = trust.promise_outcome(missed(), NOW)
    assert week and same_day and late and silent
    assert (week.credit, same_day.credit, late.credit, silent.credit) == pytest.approx(
        (0.9, 0.4, 0.15, 0.0)
    )


def test_pending_promise_is_not_evidence_until_it_slips() -> None:
    pending = Commitment(client_id=1, text="x", made_at=ago(1), due_at=NOW + timedelta(days=3))
    assert trust.promise_outcome(pending, NOW) is None
    overdue = Commitment(client_id=1, text="x", made_at=ago(9), due_at=ago(1))
    outcome = trust.promise_outcome(overdue, NOW)
    assert outcome is not None and outcome.outcome is trust.Outcome.SILENT


def test_recommitted_promise_is_scored_against_the_first_date() -> None:
    # told 7 days before the first date, delivered by the new date: an announced slip
    c = Commitment(
        client_id=1,
        text="x",
        made_at=ago(30),
        original_due_at=ago(10),
        due_at=ago(2),
        announced_at=ago(17),
        status=CommitmentStatus.DONE,
        done_at=ago(3),
    )
    outcome = trust.promise_outcome(c, NOW)
    assert outcome is not None and outcome.outcome is trust.Outcome.ANNOUNCED
    assert outcome.credit == pytest.approx(0.9)


def test_many_small_promises_count_more_than_one_large() -> None:
    small = trust.reliability([kept(), kept(), kept()], [], 14, NOW)
    large = trust.reliability([kept(size=CommitmentSize.LARGE)], [], 14, NOW)
    assert small.score > large.score
    assert small.confidence > large.confidence


def test_contact_against_cadence_worked_example() -> None:
    # gaps 10, 10 (regular for cadence 14), then 41 days to now (> 1.5 x 14 = 21)
    # contact part (2 + 0 + 1) / (3 + 2) = 0.6; promises 0.5
    # 10 * (0.75 * 0.5 + 0.25 * 0.6) = 5.25
    r = trust.reliability([], [meeting(61), meeting(51), meeting(41)], 14, NOW)
    assert r.score == pytest.approx(5.25, abs=0.01)
    last = next(e for e in r.evidence if e.message.key == trust.E_LAST_CONTACT)
    assert last.text == "Last contact 41 days ago, cadence 14 days"
    assert last.effect < 0
    assert effects_add_up(r)


# --- intimacy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "part"), [(0.0, 0.2), (0.05, 0.6), (0.1, 1.0), (0.2, 0.7), (0.3, 0.35), (0.5, 0.0)]
)
def test_personal_moments_are_an_inverted_u(share: float, part: float) -> None:
    assert trust.personal_part(share, 0.1) == pytest.approx(part)


def test_intimacy_worked_example() -> None:
    # feedback min(1, (4*1 + 1) / (4 + 2)) = 5/6; personal 6/60 = budget -> 1.0;
    # bandwidth (2 + 1) / (4 + 2) = 0.5
    # 10 * (0.4 * 5/6 + 0.35 * 1 + 0.25 * 0.5) = 8.08
    interactions = [
        meeting(5, feedback_asked=True, duration_min=60, personal_min=6),
        meeting(10, duration_min=60, personal_min=6),
        meeting(15, kind=InteractionKind.EMAIL),
        meeting(20, kind=InteractionKind.MESSAGE),
    ]
    i = trust.intimacy(interactions, 0.1, NOW)
    assert i.score == pytest.approx(8.08, abs=0.01)
    assert effects_add_up(i)


def test_cold_and_draining_personal_talk_are_told_apart() -> None:
    cold = trust.intimacy([meeting(5, duration_min=60, personal_min=0)], 0.1, NOW)
    drain = trust.intimacy([meeting(5, duration_min=60, personal_min=40)], 0.1, NOW)
    keys = {e.message.key for e in cold.evidence}, {e.message.key for e in drain.evidence}
    assert trust.E_PERSONAL_NONE in keys[0]
    assert trust.E_PERSONAL_DRAIN in keys[1]


# --- credibility -----------------------------------------------------------------------------


def test_credibility_worked_example() -> None:
    # rework (3 + 1) / (4 + 2); points of view min(1, (3*2 + 1) / (5 + 2)) = 1;
    # ratings ((4 - 1) / 4 + 1) / (1 + 2) = 0.583
    # 10 * (0.4 * 0.667 + 0.3 * 1 + 0.3 * 0.583) = 7.42
    deliverables = [kept() for _ in range(4)]
    for d, rework in zip(deliverables, (True, False, False, False), strict=True):
        d.rework = rework
    interactions = [meeting(d, point_of_view_shared=d < 3) for d in (1, 2, 3, 4, 5)]
    interactions[0].client_rating = 4
    c = trust.credibility(deliverables, interactions, NOW)
    assert c.score == pytest.approx(7.42, abs=0.01)
    assert effects_add_up(c)


# --- self-orientation --------------------------------------------------------------------------


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


def test_self_orientation_from_signals_worked_examples() -> None:
    # every signal half-way between its low and high point -> 1 + 9 * 0.5 = 5.5
    middle = trust.self_orientation(signals(0.6, 0.5, 0.25, 0.25), [], NOW)
    assert middle.score == pytest.approx(5.5)
    assert middle.confidence == pytest.approx(4 / 7, abs=0.01)
    assert trust.self_orientation(signals(0.3, 0.2, 0.05, 0.6), [], NOW).score == 1.0
    assert trust.self_orientation(signals(0.9, 0.8, 0.5, 0.0), [], NOW).score == 10.0
    assert effects_add_up(middle, middle=5.5)


def test_self_orientation_without_transcripts_says_confidence_is_low() -> None:
    # a quarter of the way from the middle 5.5 to the self-assessment's 4.0 (issue 13)
    s = trust.self_orientation(None, [], NOW, self_assessed=4.0)
    assert s.score == 5.12 and s.confidence == 0.2
    assert s.evidence[0].message.key == trust.E_NO_SIGNALS
    assert trust.self_orientation(None, [], NOW).confidence == 0.1


def test_overall_trust_and_weakest_component() -> None:
    assert trust.trust_value(6, 6, 6, 3) == 6.0
    scores = {
        trust.Component.CREDIBILITY: 7.0,
        trust.Component.RELIABILITY: 6.0,
        trust.Component.INTIMACY: 8.0,
        trust.Component.SELF_ORIENTATION: 6.0,  # as "goodness": 11 - 6 = 5, the weakest
    }
    assert trust.weakest_component(scores) is trust.Component.SELF_ORIENTATION
    assert trust.strongest_component(scores) is trust.Component.INTIMACY


def test_risk_puts_low_trust_with_high_revenue_first() -> None:
    assert trust.risk(0.5, 1.0) > trust.risk(0.5, 4.0) > trust.risk(0.1, 4.0)


def test_slipping_when_trust_fell_or_is_low_with_setbacks() -> None:
    fell = trust.slipping(2.0, ("2026-10", 3.0), 1.0, [])
    # said on the readable 0..10 scale: 3.0 is 5.2 of 10, 2.0 is 4.4
    assert fell and fell[0].text == "Trust fell from 5.2 to 4.4 of 10 since 2026-10"
    assert trust.slipping(2.9, ("2026-10", 3.0), 1.0, []) == []
    setbacks = trust.recent_setbacks([missed()], None, 14, NOW)
    assert [m.key for m in setbacks] == [trust.S_SILENT]
    assert trust.slipping(1.5, None, 2.0, setbacks)
    assert trust.slipping(1.5, None, 2.0, []) == []


# --- properties ----------------------------------------------------------------------------

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


@settings(max_examples=60, deadline=None)
@given(
    st.lists(commitments_st(), max_size=12),
    st.lists(interactions_st(), max_size=12),
    st.integers(1, 120),
    st.floats(0, 1),
    signals_st,
    st.none() | st.floats(1, 10),
)
def test_all_scores_stay_in_range(
    commitments: list[Commitment],
    interactions: list[Interaction],
    cadence: int,
    budget: float,
    sig: ConversationSignals | None,
    self_assessed: float | None,
) -> None:
    client = Client(
        name="c", id=1, cadence_days=cadence, personal_budget=budget, created_at=ago(400)
    )
    result = trust.estimate(
        client, commitments, interactions, NOW, signals=sig, self_assessed=self_assessed
    )
    for component, estimate in result.components.items():
        low = 1.0 if component is trust.Component.SELF_ORIENTATION else 0.0
        assert low <= estimate.score <= 10.0
        assert 0.0 <= estimate.confidence <= 1.0
        assert estimate.evidence
    assert 0.0 <= result.trust <= 30.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(commitments_st(), max_size=12),
    st.sampled_from(list(CommitmentSize)),
    st.floats(0, 200),
)
def test_another_kept_promise_never_lowers_reliability(
    commitments: list[Commitment], size: CommitmentSize, due_days_ago: float
) -> None:
    before = trust.reliability(commitments, [], 14, NOW).score
    after = trust.reliability([*commitments, kept(due_days_ago, size)], [], 14, NOW).score
    assert after >= before


@settings(max_examples=60, deadline=None)
@given(st.lists(commitments_st(), max_size=12), st.floats(0, 30), st.floats(0, 60))
def test_a_silent_miss_costs_more_than_an_announced_one(
    commitments: list[Commitment], notice: float, due_days_ago: float
) -> None:
    silent = trust.reliability([*commitments, missed(None, due_days_ago)], [], 14, NOW)
    told = trust.reliability([*commitments, missed(notice, due_days_ago)], [], 14, NOW)
    assert silent.score < told.score


@settings(deadline=None)
@given(unit, unit, unit, unit, st.floats(0, 0.5))
def test_more_self_orientation_never_raises_trust(
    talk: float, self_ref: float, mono: float, questions: float, extra: float
) -> None:
    def value(t: float) -> float:
        s = trust.self_orientation(signals(t, self_ref, mono, questions), [], NOW).score
        return trust.trust_value(6, 6, 6, s)

    assert value(min(1.0, talk + extra)) <= value(talk)


@settings(deadline=None)
@given(st.floats(0, 10), st.floats(0, 10), st.floats(0, 10), st.floats(1, 10), st.floats(0, 5))
def test_trust_falls_as_self_orientation_rises(
    c: float, r: float, i: float, s: float, extra: float
) -> None:
    assert trust.trust_value(c, r, i, s + extra) <= trust.trust_value(c, r, i, s)


def test_documented_reliability_example() -> None:
    # docs/trust.md: 4 kept + 1 silent miss, gaps 10, 10, 41 with cadence 14
    # 10 * (0.75 * 5/7 + 0.25 * 3/5) = 6.86
    r = trust.reliability(
        [kept(), kept(), kept(), kept(), missed()],
        [meeting(61), meeting(51), meeting(41)],
        14,
        NOW,
    )
    assert r.score == pytest.approx(6.86, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(commitments_st(), max_size=12),
    st.lists(interactions_st(), max_size=12),
    st.integers(1, 120),
    st.floats(0, 1),
    signals_st,
    st.none() | st.floats(1, 10),
)
def test_every_score_is_its_middle_plus_its_evidence(
    commitments: list[Commitment],
    interactions: list[Interaction],
    cadence: int,
    budget: float,
    sig: ConversationSignals | None,
    self_assessed: float | None,
) -> None:
    client = Client(
        name="c", id=1, cadence_days=cadence, personal_budget=budget, created_at=ago(400)
    )
    result = trust.estimate(
        client, commitments, interactions, NOW, signals=sig, self_assessed=self_assessed
    )
    for component, estimate in result.components.items():
        middle = 5.5 if component is trust.Component.SELF_ORIENTATION else 5.0
        assert effects_add_up(estimate, middle), (component, estimate)
