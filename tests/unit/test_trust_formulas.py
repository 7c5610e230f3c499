"""The trust equation, score and slipping (rapport.domain.trust.score, .slipping), and
properties of the whole estimate for all inputs; each component has its own test module
(test_trust_reliability.py, test_trust_intimacy.py, test_trust_credibility.py,
test_trust_self_orientation.py)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain import trust
from rapport.domain.model import (
    Client,
    Commitment,
    Interaction,
)
from rapport.domain.signals import ConversationSignals
from tests.unit.trust_support import (
    NOW,
    ago,
    commitments_st,
    effects_add_up,
    interactions_st,
    missed,
    signals,
    signals_st,
    unit,
)


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
    assert fell and fell[0].english == "Trust fell from 5.2 to 4.4 of 10 since 2026-10"
    assert trust.slipping(2.9, ("2026-10", 3.0), 1.0, []) == []
    setbacks = trust.recent_setbacks([missed()], None, 14, NOW)
    assert [m.template for m in setbacks] == [trust.S_SILENT]
    assert trust.slipping(1.5, None, 2.0, setbacks)
    assert trust.slipping(1.5, None, 2.0, []) == []


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


def test_the_package_is_the_api_and_each_component_is_its_own_module() -> None:
    from types import ModuleType

    from rapport.domain.trust import components

    for name in ("credibility", "reliability", "intimacy", "self_orientation"):
        module = getattr(components, name)
        assert isinstance(module, ModuleType)
        assert getattr(trust, name) is getattr(module, name)  # the function, re-exported
    assert {"estimate", "readable_score", "band", "slipping", "Component"} <= set(trust.__all__)
