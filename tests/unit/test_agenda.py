"""Agenda rules: one row per topic, business before personal, checkpoints inside video items,
the personal slot within budget, the total as the sum of its items, fitting a slot, the boundary
reset."""

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
    # one row per topic, never split, in the order given
    business_items = [i for i in agenda.items if i.kind is ItemKind.BUSINESS]
    assert [(i.title.english, i.minutes) for i in business_items] == [
        (t.title, t.minutes) for t in topics
    ]
    assert kinds.count(ItemKind.PERSONAL) <= 1
    # video: questions inside each business item, at most 5 minutes apart, never rows
    for item in agenda.items:
        marks = [0, *(c.at_min for c in item.checkpoints), item.minutes]
        if video and item.kind is ItemKind.BUSINESS:
            assert all(0 < b - a <= 5 for a, b in pairwise(marks))
        else:
            assert not item.checkpoints


@settings(max_examples=200, deadline=None)
@given(
    topics=topics,
    budget=budgets,
    video=st.booleans(),
    slot=st.integers(min_value=1, max_value=240),
    chatty=st.booleans(),
)
def test_agenda_fits_any_slot_by_shrinking_personal_then_cutting_last_items(
    topics: list[Topic], budget: float, video: bool, slot: int, chatty: bool
) -> None:
    history = PersonalHistory(duration_min=100, personal_min=100 if chatty else 0)
    frame = a.OPENING_MIN + a.CLOSING_MIN + (a.RESET_MIN if chatty and budget < 1 else 0)
    if slot < frame + topics[0].minutes:
        with pytest.raises(ValueError, match="cannot hold"):
            build_agenda(
                topics, personal_budget=budget, video=video, slot_min=slot, history=history
            )
        return
    agenda = build_agenda(
        topics, personal_budget=budget, video=video, slot_min=slot, history=history
    )
    assert agenda.total_min <= slot
    assert agenda.total_min == sum(i.minutes for i in agenda.items) == agenda.time_box_min
    kept = [(i.title.english, i.minutes) for i in agenda.items if i.kind is ItemKind.BUSINESS]
    cut = [(t.title, t.minutes) for t in agenda.cut]
    # the kept topics are the first ones, the cut ones the last; each cut is warned
    assert kept + cut == [(t.title, t.minutes) for t in topics]
    cut_warnings = [w for w in agenda.warnings if w.template == a.WARN_CUT]
    assert [(w.params["title"], w.params["minutes"]) for w in cut_warnings] == cut
    # an item is cut only when it would not fit even without a personal slot
    if cut:
        assert agenda.total_min - agenda.personal_min + cut[0][1] > slot
    # the personal slot only shrinks to fit: never more than the unconstrained one
    free = build_agenda(topics[: len(kept)], personal_budget=budget, history=history)
    assert agenda.personal_min <= free.personal_min
    if free.total_min <= slot:
        assert agenda.personal_min == free.personal_min


@settings(max_examples=100, deadline=None)
@given(
    budget=budgets,
    duration=st.integers(min_value=1, max_value=600),
    personal=st.integers(min_value=0, max_value=600),
)
def test_boundary_reset_only_when_the_recent_share_is_over_budget(
    budget: float, duration: int, personal: int
) -> None:
    history = PersonalHistory(duration_min=duration, personal_min=min(personal, duration))
    agenda = build_agenda([Topic("Budget", 20)], personal_budget=budget, history=history)
    assert agenda.boundary_reset == (history.share > budget)
    resets = [i for i in agenda.items if i.title.template == a.RESET_TITLE]
    assert len(resets) == (1 if agenda.boundary_reset else 0)


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


def test_video_items_stay_whole_with_checkpoints_inside() -> None:
    agenda = build_agenda(
        [Topic("Budget review", 20), Topic("Timeline", 25), Topic("Next steps", 10)],
        personal_budget=0.1,
        video=True,
    )
    rows = [(i.kind, i.title.english, i.minutes) for i in agenda.items]
    assert rows == [
        (ItemKind.OPENING, a.OPENING_TITLE, 2),
        (ItemKind.BUSINESS, "Budget review", 20),
        (ItemKind.BUSINESS, "Timeline", 25),
        (ItemKind.BUSINESS, "Next steps", 10),
        (ItemKind.PERSONAL, a.PERSONAL_TITLE, 6),
        (ItemKind.CLOSING, a.CLOSING_TITLE, 2),
    ]
    assert agenda.total_min == 65
    budget = agenda.items[1]
    assert [c.at_min for c in budget.checkpoints] == [5, 10, 15]
    assert {c.question.template for c in budget.checkpoints} <= set(a.CHECKPOINT_QUESTIONS)
    assert [c.at_min for c in agenda.items[3].checkpoints] == [5]


def test_warns_when_the_slot_is_much_longer_than_the_agenda_needs() -> None:
    agenda = build_agenda([Topic("Budget", 20)], personal_budget=0.1, slot_min=90)
    assert [w.template for w in agenda.warnings] == [a.WARN_SLACK]
    assert agenda.time_box_min == agenda.total_min
    assert not build_agenda([Topic("Budget", 20)], personal_budget=0.1, slot_min=30).warnings


def test_a_tight_slot_shrinks_the_personal_slot_then_cuts_the_last_item() -> None:
    topics = [Topic("Budget review", 20), Topic("Timeline", 25), Topic("Next steps", 10)]
    roomy = build_agenda(topics, personal_budget=0.1, video=True, slot_min=62)
    assert (roomy.total_min, roomy.personal_min, roomy.warnings) == (62, 3, [])
    tight = build_agenda(topics, personal_budget=0.1, video=True, slot_min=45)
    assert [t.title for t in tight.cut] == ["Timeline", "Next steps"]
    assert tight.total_min == 2 + 20 + 2 + 2 <= 45
    assert [(w.template, w.params["title"]) for w in tight.warnings] == [
        (a.WARN_CUT, "Timeline"),
        (a.WARN_CUT, "Next steps"),
    ]
    assert "Cut to fit the 45-minute slot" in tight.warnings[0].english


def test_a_slot_too_short_for_the_first_item_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot hold"):
        build_agenda([Topic("Budget", 50)], personal_budget=0.1, slot_min=30)


def test_boundary_reset_is_offered_when_recent_personal_talk_exceeds_the_budget() -> None:
    chatty = PersonalHistory(duration_min=180, personal_min=50)
    agenda = build_agenda([Topic("Budget", 20)], personal_budget=0.1, history=chatty)
    assert agenda.boundary_reset
    assert agenda.items[1].title.template == a.RESET_TITLE
    assert agenda.items[1].kind is ItemKind.OPENING
    assert sum(1 for i in agenda.items if i.title.template == a.RESET_TITLE) == 1


def test_boundary_reset_is_offered_once_not_again_after_it_was_said() -> None:
    said = PersonalHistory(duration_min=180, personal_min=50, reset_said_since=True)
    assert not build_agenda([Topic("Budget", 20)], personal_budget=0.1, history=said).boundary_reset
    within = PersonalHistory(duration_min=180, personal_min=10)
    assert not build_agenda([Topic("B", 20)], personal_budget=0.1, history=within).boundary_reset


def test_an_empty_agenda_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one item"):
        build_agenda([], personal_budget=0.1)
