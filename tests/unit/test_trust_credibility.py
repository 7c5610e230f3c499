"""Credibility on its own (rapport.domain.trust.components.credibility): a worked
example."""

from __future__ import annotations

import pytest

from rapport.domain.trust.components import credibility as component
from tests.unit.trust_support import (
    NOW,
    effects_add_up,
    kept,
    meeting,
)


def test_credibility_worked_example() -> None:
    # rework (3 + 1) / (4 + 2); points of view min(1, (3*2 + 1) / (5 + 2)) = 1;
    # ratings ((4 - 1) / 4 + 1) / (1 + 2) = 0.583
    # 10 * (0.4 * 0.667 + 0.3 * 1 + 0.3 * 0.583) = 7.42
    deliverables = [kept() for _ in range(4)]
    for d, rework in zip(deliverables, (True, False, False, False), strict=True):
        d.rework = rework
    interactions = [meeting(d, point_of_view_shared=d < 3) for d in (1, 2, 3, 4, 5)]
    interactions[0].client_rating = 4
    c = component.credibility(deliverables, interactions, NOW)
    assert c.score == pytest.approx(7.42, abs=0.01)
    assert effects_add_up(c)
