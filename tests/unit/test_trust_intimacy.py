"""Intimacy on its own (rapport.domain.trust.components.intimacy): the inverted U of
personal talk and worked examples."""

from __future__ import annotations

import pytest

from rapport.domain.model import (
    InteractionKind,
)
from rapport.domain.trust.components import intimacy as component
from tests.unit.trust_support import (
    NOW,
    effects_add_up,
    meeting,
)


@pytest.mark.parametrize(
    ("share", "part"), [(0.0, 0.2), (0.05, 0.6), (0.1, 1.0), (0.2, 0.7), (0.3, 0.35), (0.5, 0.0)]
)
def test_personal_moments_are_an_inverted_u(share: float, part: float) -> None:
    assert component.personal_part(share, 0.1) == pytest.approx(part)


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
    i = component.intimacy(interactions, 0.1, NOW)
    assert i.score == pytest.approx(8.08, abs=0.01)
    assert effects_add_up(i)


def test_cold_and_draining_personal_talk_are_told_apart() -> None:
    cold = component.intimacy([meeting(5, duration_min=60, personal_min=0)], 0.1, NOW)
    drain = component.intimacy([meeting(5, duration_min=60, personal_min=40)], 0.1, NOW)
    keys = {e.message.template for e in cold.evidence}, {e.message.template for e in drain.evidence}
    assert component.E_PERSONAL_NONE in keys[0]
    assert component.E_PERSONAL_DRAIN in keys[1]
