"""Clients slipping: recent setbacks (silent misses, overdue promises and contact) and a
fall against last month's trust (docs/trust.md "Slipping")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rapport.domain.model import (
    Commitment,
    CommitmentStatus,
)
from rapport.domain.trust.components.reliability import (
    GAP_TOLERANCE,
    Outcome,
    first_due,
    promise_outcome,
)
from rapport.domain.trust.score import readable_score
from rapport.texts import N_, Text, ngettext

SETBACK_DAYS = 30
SLIP_DROP = 0.10
"""A fall of more than 10% against last month's snapshot counts as slipping."""

S_SILENT = N_("Promises missed without notice in the last 30 days: {count}")
S_OVERDUE = N_("Promises overdue by up to 30 days: {count}")
S_CONTACT = ngettext(
    "Contact overdue: last contact {days} day ago, cadence {cadence} days",
    "Contact overdue: last contact {days} days ago, cadence {cadence} days",
    "days",
)
S_DROP = N_("Trust fell from {before} to {now} of 10 since {month}")
S_LOW = N_("Trust {now} of 10 is under {threshold} of 10")
"""Both on the readable 0..10 scale (issue 13: one scale throughout); the comparison
itself is made on the equation's values."""


def recent_setbacks(
    commitments: Sequence[Commitment],
    last_contact: datetime | None,
    cadence_days: int,
    now: datetime,
    since: datetime | None = None,
) -> list[Text]:
    """Negative evidence from the last 30 days: silent misses, promises overdue, contact
    overdue (more than 1.5 x cadence since ``last_contact``, the latest interaction up to
    ``now``, or since ``since`` without any)."""
    window = now - timedelta(days=SETBACK_DAYS)
    silent = overdue = 0
    for c in commitments:
        due = first_due(c)
        if not window <= due <= now:
            continue
        outcome = promise_outcome(c, now)
        if outcome is not None and outcome.outcome is Outcome.SILENT:
            silent += 1
        elif c.status in (CommitmentStatus.OPEN, CommitmentStatus.RENEGOTIATED) and c.due_at < now:
            overdue += 1
    found: list[Text] = []
    if silent:
        found.append(Text(S_SILENT, {"count": silent}))
    if overdue:
        found.append(Text(S_OVERDUE, {"count": overdue}))
    start = last_contact or since
    if start is not None:
        days = (now - start) / timedelta(days=1)
        if days > GAP_TOLERANCE * cadence_days:
            found.append(Text(S_CONTACT, {"days": int(days), "cadence": cadence_days}))
    return found


def slipping(
    trust: float,
    previous: tuple[str, float] | None,
    threshold: float,
    setbacks: Sequence[Text],
) -> list[Text]:
    """Why a client's trust is slipping (empty: it is not). Slipping = more than 10% below
    last month's snapshot ``previous`` (month, trust), or under ``threshold`` with at least
    one recent setback."""
    reasons: list[Text] = []
    if previous is not None and trust < previous[1] * (1 - SLIP_DROP):
        month, before = previous
        reasons.append(
            Text(
                S_DROP,
                {
                    "before": readable_score(before),
                    "now": readable_score(trust),
                    "month": month,
                },
            )
        )
    if trust < threshold and setbacks:
        reasons.append(
            Text(S_LOW, {"now": readable_score(trust), "threshold": readable_score(threshold)})
        )
    if reasons:
        reasons.extend(setbacks)
    return reasons
