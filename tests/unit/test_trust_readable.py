"""The readable trust score (issue 13): one 0..10 scale with bands, a self-assessment that
cannot swing a client's score wildly, the reason for a change, and the self-assessment
history chart with any number of takes per day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.domain import trust
from rapport.domain.trust import Band, Component
from rapport.web.pages import charts

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)


def test_the_scale_has_its_middle_at_neutral_and_its_ends_at_the_extremes() -> None:
    assert trust.readable_score(30 / 11) == 5.0  # every component in its middle
    assert trust.readable_score(30.0) == 10.0
    assert trust.readable_score(0.0) == 0.0
    assert trust.readable_score(0.1) == 0.0  # below 0.25: the floor
    assert trust.readable_score(3.07) == 5.2
    assert trust.readable_score(7.28) == 7.0


@given(st.floats(0, 30), st.floats(0, 30))
def test_the_score_is_monotone_and_bounded(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert 0 <= trust.readable_score(low) <= trust.readable_score(high) <= 10


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0.0, Band.FRAGILE),
        (2.9, Band.FRAGILE),
        (3.0, Band.SHAKY),
        (4.4, Band.SHAKY),
        (4.5, Band.FAIR),
        (5.0, Band.FAIR),
        (6.0, Band.GOOD),
        (7.5, Band.STRONG),
        (10.0, Band.STRONG),
    ],
)
def test_bands(score: float, expected: Band) -> None:
    assert trust.band(score) is expected
    assert set(trust.BAND_NAMES) == set(trust.BAND_MEANINGS) == set(Band)


@given(st.floats(1, 10), st.floats(0, 10), st.floats(0, 10), st.floats(0, 10))
def test_one_self_assessment_moves_a_client_by_at_most_about_one_point(
    assessed: float, c: float, r: float, i: float
) -> None:
    """Without analysed conversations, a take moves self-orientation by at most 1.125
    (a quarter of the way from 5.5 to 1 or 10): the readable score by at most 1.2."""
    without = trust.self_orientation(None, [], NOW)
    with_take = trust.self_orientation(None, [], NOW, self_assessed=assessed)
    assert abs(with_take.score - without.score) <= 1.125 + 1e-9
    before = trust.readable_score(trust.trust_value(c, r, i, without.score))
    after = trust.readable_score(trust.trust_value(c, r, i, with_take.score))
    assert abs(after - before) <= 1.2


def test_the_issue_example_no_longer_jumps() -> None:
    """Issue 13: C + R + I = 19.25 and a take with self-orientation 1.3 moved trust from
    3.50 to 5.63 (self-orientation 5.5 -> 3.42); now it stays under 4.5."""
    s = trust.self_orientation(None, [], NOW, self_assessed=1.3).score
    assert s == pytest.approx(4.45, abs=0.01)
    assert trust.trust_value(19.25, 0, 0, s) < 4.5


def test_the_reason_for_a_change_is_the_component_that_moved_trust_most() -> None:
    before = {
        Component.CREDIBILITY: 6.0,
        Component.RELIABILITY: 7.0,
        Component.INTIMACY: 5.0,
        Component.SELF_ORIENTATION: 5.5,
    }
    fell = {**before, Component.RELIABILITY: 5.2}
    reason = trust.change_reason(before, fell)
    assert reason.template == trust.C_FELL
    assert reason.params == {"before": 7.0, "now": 5.2, "component": "reliability"}
    better = {**before, Component.SELF_ORIENTATION: 3.0}  # lower is better
    assert trust.change_reason(before, better).template == trust.C_SELF_FELL
    assert trust.change_reason(before, before).template == trust.C_SAME


def test_the_history_chart_has_one_point_per_take_for_any_number_per_day() -> None:
    oslo = ZoneInfo("Europe/Oslo")
    day = datetime(2026, 12, 3, 9, tzinfo=UTC)
    times = [
        day - timedelta(days=30),
        day,
        day + timedelta(hours=2),
        day + timedelta(hours=2),  # the same minute twice
        day + timedelta(days=1),
    ]
    labels = charts.history_labels(times, oslo)
    assert labels == [
        "2026-11-03",
        "2026-12-03 10:00",
        "2026-12-03 12:00",
        "2026-12-03 12:00 (2)",
        "2026-12-04",
    ]
    spec = charts.take_history(times, [5.0, 5.5, 6.0, 6.1, 6.2], oslo, y_title="Trust")
    assert spec["layout"]["xaxis"]["type"] == "category"  # never a time axis
    assert spec["data"][0]["x"] == labels and len(spec["data"][0]["y"]) == 5
    assert spec["layout"]["yaxis"]["range"] == [0, 10]


@given(st.lists(st.integers(0, 3 * 24 * 60), min_size=1, max_size=30))
def test_history_labels_are_distinct_and_in_order(minutes: list[int]) -> None:
    times = [NOW + timedelta(minutes=m) for m in sorted(minutes)]
    labels = charts.history_labels(times, UTC)
    assert len(set(labels)) == len(labels) == len(times)
