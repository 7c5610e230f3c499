"""Reliability: promises kept on time (or announced early) and contact within the
cadence (docs/trust.md "Reliability")."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rapport.domain.model import (
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Interaction,
)
from rapport.domain.trust.evidence import (
    WINDOW_DAYS,
    ComponentEstimate,
    Evidence,
    evidence,
    evidence_confidence,
)
from rapport.texts import N_, ngettext

# Reliability
PRIOR_KEPT = 1.0
PRIOR_MISSED = 1.0
LARGE_WEIGHT = 1.5
"""A large promise weighs 1.5 small ones: more at stake, yet two small promises kept say
more about reliability than one large one."""
ANNOUNCED_BASE = 0.4
ANNOUNCED_EARLY_BONUS = 0.5
FULL_NOTICE_DAYS = 7.0
LATE_NOTICE_CREDIT = 0.15
PROMISES_WEIGHT = 0.75
CONTACT_WEIGHT = 0.25
GAP_TOLERANCE = 1.5
"""A gap between contacts counts as regular up to 1.5 times the client's cadence."""

E_KEPT = N_("Promises kept on time: {kept} of {total}")
E_ANNOUNCED = ngettext(
    "Promises that slipped, the client told {days} day ahead on average: {count}",
    "Promises that slipped, the client told {days} days ahead on average: {count}",
    "days",
)
E_LATE_NOTICE = N_("Promises that slipped, the client told only after the due date: {count}")
E_SILENT = N_("Promises missed without telling the client: {count}")
E_NO_PROMISES = N_("No promises logged yet")
E_GAPS = N_("Gaps between contacts within the cadence of {cadence} days: {ok} of {total}")
E_LAST_CONTACT = ngettext(
    "Last contact {days} day ago, cadence {cadence} days",
    "Last contact {days} days ago, cadence {cadence} days",
    "days",
)
E_NO_CONTACT = N_("No contact logged yet")
E_NO_CONTACT_SINCE = ngettext(
    "No contact logged since the client was added {days} day ago",
    "No contact logged since the client was added {days} days ago",
    "days",
)


class Outcome(StrEnum):
    KEPT = "kept"
    ANNOUNCED = "announced"
    LATE_NOTICE = "late_notice"
    SILENT = "silent"


@dataclass(frozen=True, slots=True)
class PromiseOutcome:
    outcome: Outcome
    credit: float
    """0..1: 1 kept on time, 0 missed silently."""
    weight: float
    notice_days: float = 0.0


def first_due(c: Commitment) -> datetime:
    return c.original_due_at or c.due_at


def promise_outcome(c: Commitment, now: datetime) -> PromiseOutcome | None:
    """How one promise counts, or None while it is still pending and nothing has slipped.

    Kept = done by the first date promised. Otherwise (done late, missed, overdue, or
    re-committed): told before the first due date earns 0.4 plus up to 0.5 for a week's
    notice; told after it earns 0.15; never told earns 0.
    """
    weight = LARGE_WEIGHT if c.size is CommitmentSize.LARGE else 1.0
    due = first_due(c)
    if c.status is CommitmentStatus.DONE and (c.done_at is None or c.done_at <= due):
        return PromiseOutcome(Outcome.KEPT, 1.0, weight)
    settled = c.status in (CommitmentStatus.DONE, CommitmentStatus.MISSED)
    if not settled and due >= now and c.announced_at is None:
        return None
    if c.announced_at is not None and c.announced_at <= due:
        notice = (due - c.announced_at) / timedelta(days=1)
        credit = ANNOUNCED_BASE + ANNOUNCED_EARLY_BONUS * min(1.0, notice / FULL_NOTICE_DAYS)
        return PromiseOutcome(Outcome.ANNOUNCED, credit, weight, notice)
    if c.announced_at is not None:
        return PromiseOutcome(Outcome.LATE_NOTICE, LATE_NOTICE_CREDIT, weight)
    return PromiseOutcome(Outcome.SILENT, 0.0, weight)


def recent_interactions(interactions: Sequence[Interaction], now: datetime) -> list[Interaction]:
    since = now - timedelta(days=WINDOW_DAYS)
    return sorted(
        (i for i in interactions if since <= i.started_at <= now), key=lambda i: i.started_at
    )


def reliability(
    commitments: Sequence[Commitment],
    interactions: Sequence[Interaction],
    cadence_days: int,
    now: datetime,
    *,
    since: datetime | None = None,
) -> ComponentEstimate:
    """Promises (75%): (credit + 1) / (weight + 2) over settled promises, a Beta(1, 1) prior.
    Contact (25%): (regular gaps + 1) / (gaps + 2), the gap up to now included; a gap is
    regular up to 1.5 x cadence. ``since`` (the client's creation) starts the first gap
    when there has been no contact at all."""
    outcomes = [o for c in commitments if (o := promise_outcome(c, now)) is not None]
    total_weight = sum(o.weight for o in outcomes)
    denominator = total_weight + PRIOR_KEPT + PRIOR_MISSED
    scale = 10 * PROMISES_WEIGHT / denominator
    found: list[Evidence] = []
    groups: dict[Outcome, list[PromiseOutcome]] = {k: [] for k in Outcome}
    for o in outcomes:
        groups[o.outcome].append(o)

    def group_effect(kind: Outcome) -> float:
        return scale * sum(o.weight * (o.credit - 0.5) for o in groups[kind])

    if outcomes:
        kept = len(groups[Outcome.KEPT])
        found.append(evidence(E_KEPT, group_effect(Outcome.KEPT), kept=kept, total=len(outcomes)))
    else:
        found.append(evidence(E_NO_PROMISES, 0.0))
    if groups[Outcome.ANNOUNCED]:
        days = sum(o.notice_days for o in groups[Outcome.ANNOUNCED]) / len(
            groups[Outcome.ANNOUNCED]
        )
        found.append(
            evidence(
                E_ANNOUNCED,
                group_effect(Outcome.ANNOUNCED),
                days=round(days),
                count=len(groups[Outcome.ANNOUNCED]),
            )
        )
    if groups[Outcome.LATE_NOTICE]:
        found.append(
            evidence(
                E_LATE_NOTICE,
                group_effect(Outcome.LATE_NOTICE),
                count=len(groups[Outcome.LATE_NOTICE]),
            )
        )
    if groups[Outcome.SILENT]:
        found.append(
            evidence(E_SILENT, group_effect(Outcome.SILENT), count=len(groups[Outcome.SILENT]))
        )
    promises_part = (sum(o.weight * o.credit for o in outcomes) + PRIOR_KEPT) / denominator

    contact_part, contact_evidence, gaps = _contact(interactions, cadence_days, now, since)
    found += contact_evidence
    score = 10 * (PROMISES_WEIGHT * promises_part + CONTACT_WEIGHT * contact_part)
    units = total_weight + 0.5 * gaps
    return ComponentEstimate(round(score, 2), evidence_confidence(units, 4.0), tuple(found))


def _contact(
    interactions: Sequence[Interaction], cadence_days: int, now: datetime, since: datetime | None
) -> tuple[float, list[Evidence], int]:
    times = [i.started_at for i in recent_interactions(interactions, now)]
    limit = GAP_TOLERANCE * cadence_days
    past = [(b - a) / timedelta(days=1) for a, b in itertools.pairwise(times)]
    start = times[-1] if times else since
    current = (now - start) / timedelta(days=1) if start is not None else None
    n = len(past) + (1 if current is not None else 0)
    scale = 10 * CONTACT_WEIGHT / (n + 2)
    found: list[Evidence] = []
    ok_past = sum(1 for g in past if g <= limit)
    if past:
        effect = scale * sum((1.0 if g <= limit else 0.0) - 0.5 for g in past)
        found.append(evidence(E_GAPS, effect, cadence=cadence_days, ok=ok_past, total=len(past)))
    ok_current = 0
    if current is not None:
        ok_current = 1 if current <= limit else 0
        key = E_LAST_CONTACT if times else E_NO_CONTACT_SINCE
        found.append(
            evidence(key, scale * (ok_current - 0.5), days=int(current), cadence=cadence_days)
            if times
            else evidence(key, scale * (ok_current - 0.5), days=int(current))
        )
    elif not times:
        found.append(evidence(E_NO_CONTACT, 0.0))
    part = (ok_past + ok_current + 1) / (n + 2)
    return part, found, n
