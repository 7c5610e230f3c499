"""Reliability on its own (rapport.domain.trust.components.reliability): worked examples
and properties."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.model import (
    Commitment,
    CommitmentSize,
    CommitmentStatus,
)
from rapport.domain.trust.components import reliability as component
from tests.unit.trust_support import (
    NOW,
    ago,
    commitments_st,
    effects_add_up,
    kept,
    meeting,
    missed,
)


def test_four_of_five_kept_with_a_silent_miss_worked_example() -> None:
    # promises: (4 x 1 + 1) / (5 + 2) = 5/7; contact: no evidence = 0.5
    # 10 * (0.75 * 5/7 + 0.25 * 0.5) = 6.61
    r = component.reliability([kept(), kept(), kept(), kept(), missed()], [], 14, NOW)
    assert r.score == pytest.approx(6.61, abs=0.01)
    texts = [e.text for e in r.evidence]
    assert "Promises kept on time: 4 of 5" in texts
    assert "Promises missed without telling the client: 1" in texts
    silent = next(e for e in r.evidence if e.message.template == component.E_SILENT)
    assert silent.effect < 0
    assert effects_add_up(r)


def test_one_kept_promise_is_not_perfect() -> None:
    # (1 + 1) / (1 + 2) = 2/3 -> 10 * (0.75 * 2/3 + 0.25 * 0.5) = 6.25
    assert component.reliability([kept()], [], 14, NOW).score == pytest.approx(6.25, abs=0.01)


def test_notice_credit_grows_with_how_early_the_client_was_told() -> None:
    week = component.promise_outcome(missed(announced_days_before_due=7), NOW)
    same_day = component.promise_outcome(missed(announced_days_before_due=0), NOW)
    late = component.promise_outcome(missed(announced_days_before_due=-1), NOW)
    silent = component.promise_outcome(missed(), NOW)
    assert week and same_day and late and silent
    assert (week.credit, same_day.credit, late.credit, silent.credit) == pytest.approx(
        (0.9, 0.4, 0.15, 0.0)
    )


def test_pending_promise_is_not_evidence_until_it_slips() -> None:
    pending = Commitment(client_id=1, text="x", made_at=ago(1), due_at=NOW + timedelta(days=3))
    assert component.promise_outcome(pending, NOW) is None
    overdue = Commitment(client_id=1, text="x", made_at=ago(9), due_at=ago(1))
    outcome = component.promise_outcome(overdue, NOW)
    assert outcome is not None and outcome.outcome is component.Outcome.SILENT


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
    outcome = component.promise_outcome(c, NOW)
    assert outcome is not None and outcome.outcome is component.Outcome.ANNOUNCED
    assert outcome.credit == pytest.approx(0.9)


def test_many_small_promises_count_more_than_one_large() -> None:
    small = component.reliability([kept(), kept(), kept()], [], 14, NOW)
    large = component.reliability([kept(size=CommitmentSize.LARGE)], [], 14, NOW)
    assert small.score > large.score
    assert small.confidence > large.confidence


def test_contact_against_cadence_worked_example() -> None:
    # gaps 10, 10 (regular for cadence 14), then 41 days to now (> 1.5 x 14 = 21)
    # contact part (2 + 0 + 1) / (3 + 2) = 0.6; promises 0.5
    # 10 * (0.75 * 0.5 + 0.25 * 0.6) = 5.25
    r = component.reliability([], [meeting(61), meeting(51), meeting(41)], 14, NOW)
    assert r.score == pytest.approx(5.25, abs=0.01)
    last = next(e for e in r.evidence if e.message.template == component.E_LAST_CONTACT)
    assert last.text == "Last contact 41 days ago, cadence 14 days"
    assert last.effect < 0
    assert effects_add_up(r)


def test_documented_reliability_example() -> None:
    # docs/component.md: 4 kept + 1 silent miss, gaps 10, 10, 41 with cadence 14
    # 10 * (0.75 * 5/7 + 0.25 * 3/5) = 6.86
    r = component.reliability(
        [kept(), kept(), kept(), kept(), missed()],
        [meeting(61), meeting(51), meeting(41)],
        14,
        NOW,
    )
    assert r.score == pytest.approx(6.86, abs=0.01)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(commitments_st(), max_size=12),
    st.sampled_from(list(CommitmentSize)),
    st.floats(0, 200),
)
def test_another_kept_promise_never_lowers_reliability(
    commitments: list[Commitment], size: CommitmentSize, due_days_ago: float
) -> None:
    before = component.reliability(commitments, [], 14, NOW).score
    after = component.reliability([*commitments, kept(due_days_ago, size)], [], 14, NOW).score
    assert after >= before


@settings(max_examples=60, deadline=None)
@given(st.lists(commitments_st(), max_size=12), st.floats(0, 30), st.floats(0, 60))
def test_a_silent_miss_costs_more_than_an_announced_one(
    commitments: list[Commitment], notice: float, due_days_ago: float
) -> None:
    silent = component.reliability([*commitments, missed(None, due_days_ago)], [], 14, NOW)
    told = component.reliability([*commitments, missed(notice, due_days_ago)], [], 14, NOW)
    assert silent.score < told.score
