"""Credibility: deliverables accepted without rework, points of view shared, and the
client's ratings (docs/trust.md "Credibility")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rapport.domain.model import (
    Commitment,
    Interaction,
)
from rapport.domain.trust.components.intimacy import E_NO_INTERACTIONS
from rapport.domain.trust.components.reliability import recent_interactions
from rapport.domain.trust.evidence import (
    ComponentEstimate,
    Evidence,
    evidence,
    evidence_confidence,
)
from rapport.texts import N_

# Credibility
REWORK_WEIGHT = 0.4
POV_WEIGHT = 0.3
RATING_WEIGHT = 0.3
POV_TARGET = 3
"""Sharing a point of view in one interaction of three earns the full part."""

E_ACCEPTED = N_("Deliverables accepted without rework: {count} of {total}")
E_REWORK = N_("Deliverables sent back for rework: {count}")
E_POV = N_("Points of view shared in {count} of {total} interactions")
E_RATINGS = N_("Client ratings: {average} of 5 on average, {count} rated")


def credibility(
    commitments: Sequence[Commitment], interactions: Sequence[Interaction], now: datetime
) -> ComponentEstimate:
    """Accepted without rework (40%): (accepted + 1) / (judged + 2). Points of view (30%):
    min(1, (3k + 1) / (n + 2)). Ratings (30%): (sum of (rating - 1) / 4 + 1) / (rated + 2)."""
    recent = recent_interactions(interactions, now)
    found: list[Evidence] = []
    judged = [c for c in commitments if c.rework is not None]
    accepted = sum(1 for c in judged if not c.rework)
    rework = (accepted + 1) / (len(judged) + 2)
    if judged:
        scale = 10 * REWORK_WEIGHT / (len(judged) + 2)
        found.append(
            evidence(E_ACCEPTED, scale * 0.5 * accepted, count=accepted, total=len(judged))
        )
        if len(judged) - accepted:
            found.append(
                evidence(
                    E_REWORK, -scale * 0.5 * (len(judged) - accepted), count=len(judged) - accepted
                )
            )
    n = len(recent)
    pov = 0.5
    if n:
        shared = sum(1 for i in recent if i.point_of_view_shared)
        pov = min(1.0, (POV_TARGET * shared + 1) / (n + 2))
        found.append(evidence(E_POV, 10 * POV_WEIGHT * (pov - 0.5), count=shared, total=n))
    ratings = [i.client_rating for i in recent if i.client_rating is not None]
    rating = (sum((r - 1) / 4 for r in ratings) + 1) / (len(ratings) + 2)
    if ratings:
        found.append(
            evidence(
                E_RATINGS,
                10 * RATING_WEIGHT * (rating - 0.5),
                average=round(sum(ratings) / len(ratings), 1),
                count=len(ratings),
            )
        )
    if not judged and not n:
        found.append(evidence(E_NO_INTERACTIONS, 0.0))
    score = 10 * (REWORK_WEIGHT * rework + POV_WEIGHT * pov + RATING_WEIGHT * rating)
    units = len(judged) + len(ratings) + 0.5 * n
    return ComponentEstimate(round(score, 2), evidence_confidence(units, 5.0), tuple(found))
