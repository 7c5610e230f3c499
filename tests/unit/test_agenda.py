"""Agenda rules: business before personal, checkpoints in video meetings, the personal slot
within budget, the total as the sum of its items, the slot warning, the boundary reset."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain import agenda as a
from rapport.domain.agenda import ItemKind, PersonalHistory, Topic, build_agenda

topics = st.lists(
    st.builds(Topic, st.text(min_size=1, max_size=12), st.integers(min_value=1, max_value=60)),
    min_size=1,
    max_size=6,
)
budgets = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(topics=topics, budget=budgets, video=st.booleans())
def test_agenda_properties_hold_for_all_inputs(
    topics: list[Topic], budget: float, video: bool
) -> None:
    agenda = build_agenda(topics, personal_budget=budget, video=video)
    kinds = [item.kind for item in agenda.items]
    # the total equals the sum of the items, and items follow each other without gaps
    assert agenda.total_min == sum(item.minutes for item in agenda.items)
    clock = 0
    for item in agenda.items:
        assert item.start_min == clock
        clock += item.minutes
    # opening first, closing last
    assert kinds[0] is ItemKind.OPENING
    assert kinds[-1] is ItemKind.CLOSING
    # business before personal
    business = [i for i, k in enumerate(kinds) if k is ItemKind.BUSINESS]
    personal = [i for i, k in enumerate(kinds) if k is ItemKind.PERSONAL]
    if personal:
        assert max(business) < min(personal)
    # the business items keep their minutes
    assert sum(i.minutes for i in agenda.items if i.kind is ItemKind.BUSINESS) == sum(
        t.minutes for t in topics
    )
    # the personal slot stays within the client's budget share of the meeting
    assert agenda.personal_min == sum(
        i.minutes for i in agenda.items if i.kind is ItemKind.PERSONAL
    )
    assert agenda.personal_min <= budget * agenda.total_min + 1e-9
    assert agenda.personal_min <= sum(t.minutes for t in topics)
    # video: a checkpoint at least every 5 minutes of agenda
    checkpoints = [i.start_min for i in agenda.items if i.kind is ItemKind.CHECKPOINT]
    if video:
        marks = [0, *checkpoints, agenda.total_min]
        assert all(b - a <= 5 for a, b in pairwise(marks))
    else:
        assert not checkpoints


def test_personal_slot_is_sized_from_the_budget_and_comes_last_before_closing() -> None:
    agenda = build_agenda([Topic("Budget", 30), Topic("Plan", 20)], personal_budget=0.1)
    assert [i.kind for i in agenda.items] == [
        ItemKind.OPENING,
        ItemKind.BUSINESS,
        ItemKind.BUSINESS,
        ItemKind.PERSONAL,
        ItemKind.CLOSING,
    ]
    # 2 + 30 + 20 + p + 2 with p <= 10% of the total: p = 6 (total 60)
    assert (agenda.personal_min, agenda.total_min) == (6, 60)


def test_no_personal_slot_with_a_zero_budget() -> None:
    agenda = build_agenda([Topic("Budget", 30)], personal_budget=0.0)
    assert ItemKind.PERSONAL not in [i.kind for i in agenda.items]


def test_long_items_are_split_around_checkpoints_in_video_meetings() -> None:
    agenda = build_agenda([Topic("Budget", 12)], personal_budget=0.0, video=True)
    titles = [i.title.english() for i in agenda.items if i.kind is ItemKind.BUSINESS]
    assert titles == ["Budget (part 1 of 3)", "Budget (part 2 of 3)", "Budget (part 3 of 3)"]


def test_warns_when_the_slot_is_much_longer_than_the_agenda_needs() -> None:
    agenda = build_agenda([Topic("Budget", 20)], personal_budget=0.1, slot_min=90)
    assert [w.msgid for w in agenda.warnings] == [a.WARN_SLACK]
    assert agenda.time_box_min == agenda.total_min
    assert not build_agenda([Topic("Budget", 20)], personal_budget=0.1, slot_min=30).warnings


def test_warns_when_the_agenda_does_not_fit_the_slot_and_states_the_slot() -> None:
    agenda = build_agenda([Topic("Budget", 50)], personal_budget=0.1, slot_min=30)
    assert [w.msgid for w in agenda.warnings] == [a.WARN_OVERFLOW]
    assert agenda.time_box_min == 30


def test_boundary_reset_is_offered_when_recent_personal_talk_exceeds_the_budget() -> None:
    chatty = PersonalHistory(duration_min=180, personal_min=50)
    agenda = build_agenda([Topic("Budget", 20)], personal_budget=0.1, history=chatty)
    assert agenda.boundary_reset
    assert agenda.items[1].title.msgid == a.RESET_TITLE
    assert agenda.items[1].kind is ItemKind.OPENING
    assert sum(1 for i in agenda.items if i.title.msgid == a.RESET_TITLE) == 1


def test_boundary_reset_is_offered_once_not_again_after_it_was_said() -> None:
    said = PersonalHistory(duration_min=180, personal_min=50, reset_said_since=True)
    assert not build_agenda([Topic("Budget", 20)], personal_budget=0.1, history=said).boundary_reset
    within = PersonalHistory(duration_min=180, personal_min=10)
    assert not build_agenda([Topic("B", 20)], personal_budget=0.1, history=within).boundary_reset


def test_an_empty_agenda_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        build_agenda([], personal_budget=0.1)
