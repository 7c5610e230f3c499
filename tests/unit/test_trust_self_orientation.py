"""Self-orientation on its own (rapport.domain.trust.components.self_orientation):
worked examples."""

from __future__ import annotations

import pytest

from rapport.domain.trust.components import self_orientation as component
from tests.unit.trust_support import (
    NOW,
    effects_add_up,
    signals,
)


def test_self_orientation_from_signals_worked_examples() -> None:
    # every signal half-way between its low and high point -> 1 + 9 * 0.5 = 5.5
    middle = component.self_orientation(signals(0.6, 0.5, 0.25, 0.25), [], NOW)
    assert middle.score == pytest.approx(5.5)
    assert middle.confidence == pytest.approx(4 / 7, abs=0.01)
    assert component.self_orientation(signals(0.3, 0.2, 0.05, 0.6), [], NOW).score == 1.0
    assert component.self_orientation(signals(0.9, 0.8, 0.5, 0.0), [], NOW).score == 10.0
    assert effects_add_up(middle, middle=5.5)


def test_self_orientation_without_transcripts_says_confidence_is_low() -> None:
    # a quarter of the way from the middle 5.5 to the self-assessment's 4.0 (issue 13)
    s = component.self_orientation(None, [], NOW, self_assessed=4.0)
    assert s.score == 5.12 and s.confidence == 0.2
    assert s.evidence[0].message.template == component.E_NO_SIGNALS
    assert component.self_orientation(None, [], NOW).confidence == 0.1
