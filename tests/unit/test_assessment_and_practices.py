"""The self-assessment's scoring and checks, and the practices picked from it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain import assessment, practices
from rapport.domain.trust import Component
from rapport.errors import InvalidInputError
from rapport.i18n import gettext

ALL_THREE = {item.id: 3 for item in assessment.ITEMS}


def test_item_bank_has_six_items_per_component_some_reverse_keyed() -> None:
    for component in Component:
        items = [i for i in assessment.ITEMS if i.component is component]
        assert len(items) >= 6
        assert any(i.reverse for i in items) and not all(i.reverse for i in items)
    assert len({i.id for i in assessment.ITEMS}) == len(assessment.ITEMS)


@pytest.mark.parametrize("lang", ["ja", "vi", "zh-Hans", "nb"])
def test_every_item_and_practice_is_translated(lang: str) -> None:
    texts = [i.text for i in assessment.ITEMS] + [p.text for p in practices.PRACTICES]
    untranslated = [t for t in texts if gettext("trust", lang, t) == t]
    assert not untranslated


def test_scoring_worked_example() -> None:
    # credibility: all 5 on plain items, 1 on reverse items -> every keyed answer 5 -> 10
    # reliability: all 3 -> 1 + 2 * 9/4 = 5.5
    # intimacy: plain 4, reverse 2 -> keyed 4 -> 7.75 -> 7.8 (one decimal)
    # self-orientation: plain 2, reverse 4 -> keyed 2 -> 3.25 -> 3.2
    answers: dict[str, object] = {}
    for item in assessment.ITEMS:
        plain = {
            Component.CREDIBILITY: 5,
            Component.RELIABILITY: 3,
            Component.INTIMACY: 4,
            Component.SELF_ORIENTATION: 2,
        }[item.component]
        answers[item.id] = 6 - plain if item.reverse else plain
    result = assessment.score(answers)
    assert result.components == {
        Component.CREDIBILITY: 10.0,
        Component.RELIABILITY: 5.5,
        Component.INTIMACY: 7.8,
        Component.SELF_ORIENTATION: 3.2,
    }
    assert result.trust == pytest.approx(round((10 + 5.5 + 7.8) / 3.2, 2))
    assert result.strongest is Component.CREDIBILITY
    assert result.opportunity is Component.RELIABILITY


def test_answering_five_raises_the_score_unless_reverse_keyed() -> None:
    base = assessment.score(ALL_THREE).components
    for item in assessment.ITEMS:
        raised = assessment.score({**ALL_THREE, item.id: 5}).components[item.component]
        assert (raised < base[item.component]) if item.reverse else (raised > base[item.component])


def test_bad_answers_are_one_clear_error_listing_every_problem() -> None:
    answers: dict[str, object] = {**ALL_THREE, "c1": 7, "r2": "4", "zz": 3}
    del answers["s6"]
    with pytest.raises(InvalidInputError) as caught:
        assessment.score(answers)
    message = caught.value.message
    assert "unknown item id(s): zz" in message
    assert "missing answers for: s6" in message
    assert "c1=7" in message and "r2='4'" in message


def test_practices_address_the_weakest_component_and_say_why() -> None:
    scores = {
        Component.CREDIBILITY: 8.0,
        Component.RELIABILITY: 3.0,
        Component.INTIMACY: 7.0,
        Component.SELF_ORIENTATION: 4.0,
    }
    picks = practices.pick(scores)
    assert len(picks) == 3
    assert all(p.practice.component is Component.RELIABILITY for p in picks)
    assert picks[0].why.english == "Chosen for reliability, the weakest component (3.0 of 10)."
    assert not any(p.practice.virtual for p in picks)


def test_virtual_relationships_get_at_most_one_virtual_practice() -> None:
    scores = {c: 5.0 for c in Component} | {Component.SELF_ORIENTATION: 9.0}
    picks = practices.pick(scores, [practices.Context.VIRTUAL])
    assert [p.practice.component for p in picks] == [Component.SELF_ORIENTATION] * 3
    assert sum(p.practice.virtual for p in picks) == 1
    assert picks[-1].practice.virtual  # time-tested first: 80/20


def test_context_practices_come_first() -> None:
    scores = {c: 8.0 for c in Component} | {
        Component.INTIMACY: 2.0,
        Component.SELF_ORIENTATION: 2.0,
    }
    picks = practices.pick(scores, [practices.Context.CHATTY])
    assert picks[0].practice.id == "intimacy-park-and-return"


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(list(Component)), st.floats(1, 10), min_size=4, max_size=4))
def test_picks_start_with_the_weakest_and_hold_at_most_one_virtual(
    scores: dict[Component, float],
) -> None:
    from rapport.domain.trust import weakest_component

    for contexts in ([], [practices.Context.VIRTUAL], list(practices.Context)):
        picks = practices.pick(scores, contexts)
        assert len(picks) == 3
        assert picks[0].practice.component is weakest_component(scores)
        assert sum(p.practice.virtual for p in picks) <= (
            1 if practices.Context.VIRTUAL in contexts else 0
        )
