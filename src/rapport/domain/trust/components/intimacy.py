"""Intimacy: feedback asked for, personal moments within their budget, and bandwidth
(calls, video, in person) (docs/trust.md "Intimacy")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rapport.domain.model import (
    Interaction,
)
from rapport.domain.trust.components.reliability import recent_interactions
from rapport.domain.trust.evidence import (
    ComponentEstimate,
    Evidence,
    clamp,
    evidence,
    evidence_confidence,
)
from rapport.texts import N_

# Intimacy
FEEDBACK_WEIGHT = 0.4
PERSONAL_WEIGHT = 0.35
BANDWIDTH_WEIGHT = 0.25
FEEDBACK_TARGET = 4
"""Asking for feedback in one interaction of four earns the full feedback part."""

E_FEEDBACK = N_("Feedback asked for in {count} of {total} interactions")
E_PERSONAL_NONE = N_("No personal moments in {total} meetings: the relationship may feel cold")
E_PERSONAL_WITHIN = N_("Personal talk {share}% of meeting time, within the budget of {budget}%")
E_PERSONAL_OVER = N_(
    "Personal talk {share}% of meeting time, somewhat over the budget of {budget}%"
)
E_PERSONAL_DRAIN = N_(
    "Personal talk {share}% of meeting time, far over the budget of {budget}%: a drain"
)
E_BANDWIDTH = N_("Calls, video or in person: {count} of {total} interactions")
E_NO_INTERACTIONS = N_("No interactions logged yet")


def personal_part(share: float, budget: float) -> float:
    """The inverted U: no personal talk 0.2 (cold), at budget 1.0, twice the budget 0.7,
    four times the budget or more 0 (a drain)."""
    if budget <= 0:
        return 1.0 if share <= 0 else clamp(1.0 - share / 0.1)
    x = share / budget
    if x <= 1:
        return 0.2 + 0.8 * x
    if x <= 2:
        return 1.0 - 0.3 * (x - 1)
    return clamp(0.7 - 0.35 * (x - 2))


def intimacy(
    interactions: Sequence[Interaction], personal_budget: float, now: datetime
) -> ComponentEstimate:
    """Feedback asked (40%): min(1, (4k + 1) / (n + 2)). Personal moments (35%): the inverted
    U of personal share against the budget. Bandwidth (25%): (calls/video/in person + 1) /
    (n + 2)."""
    recent = recent_interactions(interactions, now)
    n = len(recent)
    found: list[Evidence] = []
    if not n:
        return ComponentEstimate(5.0, 0.0, (evidence(E_NO_INTERACTIONS, 0.0),))
    asked = sum(1 for i in recent if i.feedback_asked)
    feedback = min(1.0, (FEEDBACK_TARGET * asked + 1) / (n + 2))
    found.append(
        evidence(E_FEEDBACK, 10 * FEEDBACK_WEIGHT * (feedback - 0.5), count=asked, total=n)
    )
    meetings = [i for i in recent if i.personal_min is not None and i.duration_min > 0]
    personal = 0.5
    if meetings:
        minutes = sum(i.personal_min or 0 for i in meetings)
        duration = sum(i.duration_min for i in meetings)
        share = minutes / duration
        personal = personal_part(share, personal_budget)
        effect = 10 * PERSONAL_WEIGHT * (personal - 0.5)
        pct, budget_pct = round(100 * share), round(100 * personal_budget)
        if minutes == 0:
            found.append(evidence(E_PERSONAL_NONE, effect, total=len(meetings)))
        elif share <= personal_budget:
            found.append(evidence(E_PERSONAL_WITHIN, effect, share=pct, budget=budget_pct))
        elif personal_budget > 0 and share <= 2 * personal_budget:
            found.append(evidence(E_PERSONAL_OVER, effect, share=pct, budget=budget_pct))
        else:
            found.append(evidence(E_PERSONAL_DRAIN, effect, share=pct, budget=budget_pct))
    rich = sum(1 for i in recent if i.kind.is_high_bandwidth)
    bandwidth = (rich + 1) / (n + 2)
    found.append(
        evidence(E_BANDWIDTH, 10 * BANDWIDTH_WEIGHT * (bandwidth - 0.5), count=rich, total=n)
    )
    score = 10 * (
        FEEDBACK_WEIGHT * feedback + PERSONAL_WEIGHT * personal + BANDWIDTH_WEIGHT * bandwidth
    )
    return ComponentEstimate(round(score, 2), evidence_confidence(n, 6.0), tuple(found))
