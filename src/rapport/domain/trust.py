"""Per-client trust from evidence: each component 0..10 with a confidence and its evidence.

Every formula is written out in docs/trust.md. The shape shared by all components:

- each component is a weighted sum of *parts*, every part a share in 0..1 that sits at 0.5
  when there is no evidence (a pseudo-count prior);
- the score is ``10 * sum(weight * part)`` (self-orientation: ``1 + 9 * ...``, so that it
  never reaches zero, because it divides);
- each evidence item's ``effect`` is the number of points it moves the score away from the
  neutral middle (5 for credibility, reliability and intimacy; 5.5 for self-orientation),
  so the score is the middle plus the sum of the effects, up to rounding.

Trust = (credibility + reliability + intimacy) / self-orientation.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from rapport.domain.messages import N_, Message, Param, ngettext
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Interaction,
)
from rapport.domain.signals import ConversationSignals


class Component(StrEnum):
    CREDIBILITY = "credibility"
    RELIABILITY = "reliability"
    INTIMACY = "intimacy"
    SELF_ORIENTATION = "self_orientation"


COMPONENT_NAMES: dict[Component, str] = {
    Component.CREDIBILITY: N_("credibility"),
    Component.RELIABILITY: N_("reliability"),
    Component.INTIMACY: N_("intimacy"),
    Component.SELF_ORIENTATION: N_("self-orientation"),
}

WINDOW_DAYS = 365
"""Interactions older than this are not evidence any more."""

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

# Intimacy
FEEDBACK_WEIGHT = 0.4
PERSONAL_WEIGHT = 0.35
BANDWIDTH_WEIGHT = 0.25
FEEDBACK_TARGET = 4
"""Asking for feedback in one interaction of four earns the full feedback part."""

# Credibility
REWORK_WEIGHT = 0.4
POV_WEIGHT = 0.3
RATING_WEIGHT = 0.3
POV_TARGET = 3
"""Sharing a point of view in one interaction of three earns the full part."""

# Self-orientation
TALK_WEIGHT = 0.35
SELF_REFERENCE_WEIGHT = 0.25
MONOLOGUE_WEIGHT = 0.2
QUESTIONS_WEIGHT = 0.2
SELF_MIDDLE = 5.5
FEEDBACK_ATTENTION_POINTS = 1.0
SELF_ASSESSMENT_PULL = 0.25
"""The self-assessment is about you in general, not this client, and one take of 24
answers is weak evidence: a quarter of its distance from the middle counts (it was half
until issue 13, when one take moved a client from 3.50 to 5.63)."""

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
E_ACCEPTED = N_("Deliverables accepted without rework: {count} of {total}")
E_REWORK = N_("Deliverables sent back for rework: {count}")
E_POV = N_("Points of view shared in {count} of {total} interactions")
E_RATINGS = N_("Client ratings: {average} of 5 on average, {count} rated")
E_SIGNALS = ngettext(
    "Measured in {count} analysed meeting", "Measured in {count} analysed meetings", "count"
)
E_TALK = N_("My share of talk time: {share}%")
E_SELF_REFERENCE = N_("Talking about myself (I/me against you): {share}%")
E_MONOLOGUE = N_("Longest monologue: {share}% of a meeting")
E_QUESTIONS = N_("Questions I asked: {share}% of all questions")
E_NO_SIGNALS = N_("No analysed conversations yet: a rough estimate with low confidence")
E_SELF_ASSESSMENT = N_("Your latest self-assessment: self-orientation {score} of 10")
E_FEEDBACK_ATTENTION = N_(
    "Feedback asked for in {count} of {total} interactions (asking shows attention on the client)"
)


@dataclass(frozen=True, slots=True)
class Evidence:
    message: Message
    effect: float
    """Points this moves the component's score (positive raises it)."""

    @property
    def text(self) -> str:
        return self.message.text


def evidence(key: str, effect: float, **params: Param) -> Evidence:
    return Evidence(Message(key, dict(params)), round(effect, 2))


@dataclass(frozen=True, slots=True)
class ComponentEstimate:
    score: float
    """0..10 (self-orientation 1..10; lower is better there)."""
    confidence: float
    """0..1: how much evidence there is."""
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class ClientTrust:
    client_id: int
    client: str
    trust: float
    credibility: ComponentEstimate
    reliability: ComponentEstimate
    intimacy: ComponentEstimate
    self_orientation: ComponentEstimate

    @property
    def components(self) -> dict[Component, ComponentEstimate]:
        return {
            Component.CREDIBILITY: self.credibility,
            Component.RELIABILITY: self.reliability,
            Component.INTIMACY: self.intimacy,
            Component.SELF_ORIENTATION: self.self_orientation,
        }

    @property
    def confidence(self) -> float:
        return round(sum(c.confidence for c in self.components.values()) / 4, 2)

    def weakest(self) -> Component:
        return weakest_component({k: v.score for k, v in self.components.items()})

    @property
    def score(self) -> float:
        """The equation's value on the readable 0..10 scale."""
        return readable_score(self.trust)

    @property
    def band(self) -> Band:
        return band(self.score)


def trust_value(
    credibility: float, reliability: float, intimacy: float, self_orientation: float
) -> float:
    """(C + R + I) / S, with S floored at 1 so it never divides by zero."""
    return (credibility + reliability + intimacy) / max(self_orientation, 1.0)


def goodness(scores: dict[Component, float]) -> dict[Component, float]:
    """Each component on the same 'higher is better' scale: self-orientation as 11 - S."""
    return {k: (11.0 - v if k is Component.SELF_ORIENTATION else v) for k, v in scores.items()}


def strongest_component(scores: dict[Component, float]) -> Component:
    good = goodness(scores)
    return max(Component, key=lambda k: (good[k], -list(Component).index(k)))


def weakest_component(scores: dict[Component, float]) -> Component:
    good = goodness(scores)
    return min(Component, key=lambda k: (good[k], list(Component).index(k)))


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def _confidence(units: float, half: float) -> float:
    """0 with no evidence, 0.5 at ``half`` units, approaching 1."""
    return round(units / (units + half), 2) if units > 0 else 0.0


# --- reliability -------------------------------------------------------------------------


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


def _recent(interactions: Sequence[Interaction], now: datetime) -> list[Interaction]:
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
    return ComponentEstimate(round(score, 2), _confidence(units, 4.0), tuple(found))


def _contact(
    interactions: Sequence[Interaction], cadence_days: int, now: datetime, since: datetime | None
) -> tuple[float, list[Evidence], int]:
    times = [i.started_at for i in _recent(interactions, now)]
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


# --- intimacy ------------------------------------------------------------------------------


def personal_part(share: float, budget: float) -> float:
    """The inverted U: no personal talk 0.2 (cold), at budget 1.0, twice the budget 0.7,
    four times the budget or more 0 (a drain)."""
    if budget <= 0:
        return 1.0 if share <= 0 else _clamp(1.0 - share / 0.1)
    x = share / budget
    if x <= 1:
        return 0.2 + 0.8 * x
    if x <= 2:
        return 1.0 - 0.3 * (x - 1)
    return _clamp(0.7 - 0.35 * (x - 2))


def intimacy(
    interactions: Sequence[Interaction], personal_budget: float, now: datetime
) -> ComponentEstimate:
    """Feedback asked (40%): min(1, (4k + 1) / (n + 2)). Personal moments (35%): the inverted
    U of personal share against the budget. Bandwidth (25%): (calls/video/in person + 1) /
    (n + 2)."""
    recent = _recent(interactions, now)
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
    return ComponentEstimate(round(score, 2), _confidence(n, 6.0), tuple(found))


# --- credibility ---------------------------------------------------------------------------


def credibility(
    commitments: Sequence[Commitment], interactions: Sequence[Interaction], now: datetime
) -> ComponentEstimate:
    """Accepted without rework (40%): (accepted + 1) / (judged + 2). Points of view (30%):
    min(1, (3k + 1) / (n + 2)). Ratings (30%): (sum of (rating - 1) / 4 + 1) / (rated + 2)."""
    recent = _recent(interactions, now)
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
    return ComponentEstimate(round(score, 2), _confidence(units, 5.0), tuple(found))


# --- self-orientation ----------------------------------------------------------------------


def signal_parts(s: ConversationSignals) -> dict[str, float]:
    """Each signal as 0 (attention on the client) .. 1 (attention on me)."""
    return {
        "talk": _clamp((s.my_talk_share - 0.4) / 0.4),
        "self_reference": _clamp((s.self_reference_rate - 0.3) / 0.4),
        "monologue": _clamp((s.longest_monologue_share - 0.1) / 0.3),
        "questions": _clamp((0.5 - s.my_question_share) / 0.5),
    }


def self_orientation(
    signals: ConversationSignals | None,
    interactions: Sequence[Interaction],
    now: datetime,
    self_assessed: float | None = None,
) -> ComponentEstimate:
    """From analysed conversations when there are any: 1 + 9 x (35% talk share over 40%,
    25% self-reference over 30%, 20% longest monologue over 10%, 20% few questions).
    Otherwise 5.5 moved a quarter of the way to the latest self-assessment, minus up to 0.5
    for asking for feedback often, plus up to 0.5 for never asking; confidence 0.2 (0.1 without a
    self-assessment)."""
    if signals is not None and signals.meetings > 0:
        parts = signal_parts(signals)
        weights = {
            "talk": TALK_WEIGHT,
            "self_reference": SELF_REFERENCE_WEIGHT,
            "monologue": MONOLOGUE_WEIGHT,
            "questions": QUESTIONS_WEIGHT,
        }
        raw = sum(weights[k] * parts[k] for k in parts)

        def effect(k: str) -> float:
            return 9 * weights[k] * (parts[k] - 0.5)

        found = (
            evidence(E_SIGNALS, 0.0, count=signals.meetings),
            evidence(E_TALK, effect("talk"), share=round(100 * signals.my_talk_share)),
            evidence(
                E_SELF_REFERENCE,
                effect("self_reference"),
                share=round(100 * signals.self_reference_rate),
            ),
            evidence(
                E_MONOLOGUE,
                effect("monologue"),
                share=round(100 * signals.longest_monologue_share),
            ),
            evidence(
                E_QUESTIONS, effect("questions"), share=round(100 * signals.my_question_share)
            ),
        )
        return ComponentEstimate(round(1 + 9 * raw, 2), _confidence(signals.meetings, 3.0), found)
    found_list = [evidence(E_NO_SIGNALS, 0.0)]
    base = SELF_MIDDLE
    if self_assessed is not None:
        own = _clamp(self_assessed, 1.0, 10.0)
        base = SELF_MIDDLE + SELF_ASSESSMENT_PULL * (own - SELF_MIDDLE)
        found_list.append(evidence(E_SELF_ASSESSMENT, base - SELF_MIDDLE, score=round(own, 1)))
    recent = _recent(interactions, now)
    adjust = 0.0
    if recent:
        asked = sum(1 for i in recent if i.feedback_asked)
        share = asked / len(recent)
        adjust = -2 * FEEDBACK_ATTENTION_POINTS * (min(share, 0.5) - 0.25)
        found_list.append(evidence(E_FEEDBACK_ATTENTION, adjust, count=asked, total=len(recent)))
    score = _clamp(base + adjust, 1.0, 10.0)
    confidence = 0.2 if self_assessed is not None else 0.1
    return ComponentEstimate(round(score, 2), confidence, tuple(found_list))


# --- the readable scale --------------------------------------------------------------------

NEUTRAL_TRUST = 30 / 11
"""The equation's value when every component sits in its middle: (5 + 5 + 5) / 5.5."""
MAX_TRUST = 30.0
"""The equation's best value: (10 + 10 + 10) / 1."""


def readable_score(trust: float) -> float:
    """The equation's value (0..30) on a 0..10 scale people can read: 5 is the neutral
    middle (every component in its middle, 2.73), 10 the best (30); each step of the
    equation by the same factor moves the score by the same amount (a log scale, since
    the equation is a ratio): ``5 + 5 * ln(T / 2.73) / ln(11)``, kept in 0..10 (0 from
    T = 0.25 down), rounded to one decimal."""
    if trust < 0.2:  # under the floor (and no log of 0)
        return 0.0
    value = 5 + 5 * math.log(trust / NEUTRAL_TRUST) / math.log(MAX_TRUST / NEUTRAL_TRUST)
    return round(min(10.0, max(0.0, value)), 1)


class Band(StrEnum):
    FRAGILE = "fragile"
    SHAKY = "shaky"
    FAIR = "fair"
    GOOD = "good"
    STRONG = "strong"


BAND_LIMITS: tuple[tuple[float, Band], ...] = (
    (3.0, Band.FRAGILE),
    (4.5, Band.SHAKY),
    (6.0, Band.FAIR),
    (7.5, Band.GOOD),
)
"""A score under each limit is in that band; 7.5 and up is strong."""

BAND_NAMES: dict[Band, str] = {
    Band.FRAGILE: N_("fragile"),
    Band.SHAKY: N_("shaky"),
    Band.FAIR: N_("fair"),
    Band.GOOD: N_("good"),
    Band.STRONG: N_("strong"),
}
BAND_MEANINGS: dict[Band, str] = {
    Band.FRAGILE: N_("One more setback could cost the relationship."),
    Band.SHAKY: N_("Below the neutral middle: the evidence leans against you."),
    Band.FAIR: N_("Around the neutral middle: neither earned nor lost yet."),
    Band.GOOD: N_("Above the middle: the client has reasons to trust you."),
    Band.STRONG: N_("Trust well earned on the evidence."),
}


def band(score: float) -> Band:
    """The band of a 0..10 score."""
    return next((b for limit, b in BAND_LIMITS if score < limit), Band.STRONG)


C_ROSE = N_("{component} rose from {before} to {now}")
C_FELL = N_("{component} fell from {before} to {now}")
C_SELF_ROSE = N_("self-orientation rose from {before} to {now} (lower is better)")
C_SELF_FELL = N_("self-orientation fell from {before} to {now} (lower is better)")
C_SAME = N_("no component moved by 0.1 or more")


def change_reason(before: dict[Component, float], now: dict[Component, float]) -> Message:
    """Why the score moved: the component whose change moved trust the most (on the
    'higher is better' scale, so a falling self-orientation counts as a gain)."""
    good_before, good_now = goodness(before), goodness(now)
    moved = max(Component, key=lambda k: abs(good_now[k] - good_before[k]))
    if abs(now[moved] - before[moved]) < 0.05:
        return Message(C_SAME, {})
    params: dict[str, Param] = {"before": round(before[moved], 1), "now": round(now[moved], 1)}
    if moved is Component.SELF_ORIENTATION:
        return Message(C_SELF_ROSE if now[moved] > before[moved] else C_SELF_FELL, params)
    params["component"] = COMPONENT_NAMES[moved]
    return Message(C_ROSE if now[moved] > before[moved] else C_FELL, params)


# --- the whole client ----------------------------------------------------------------------


def estimate(
    client: Client,
    commitments: Sequence[Commitment],
    interactions: Sequence[Interaction],
    now: datetime,
    *,
    signals: ConversationSignals | None = None,
    self_assessed: float | None = None,
) -> ClientTrust:
    """Every component for one client from its own commitments and interactions."""
    assert client.id is not None
    c = credibility(commitments, interactions, now)
    r = reliability(commitments, interactions, client.cadence_days, now, since=client.created_at)
    i = intimacy(interactions, client.personal_budget, now)
    s = self_orientation(signals, interactions, now, self_assessed)
    return ClientTrust(
        client_id=client.id,
        client=client.name,
        trust=round(trust_value(c.score, r.score, i.score, s.score), 2),
        credibility=c,
        reliability=r,
        intimacy=i,
        self_orientation=s,
    )


TRUST_FLOOR = 0.1
"""Trust below this counts as this much in the risk order (no division by zero)."""


def risk(revenue_share: float, trust: float) -> float:
    """Revenue at stake per unit of trust: share of revenue / max(trust, 0.1)."""
    return round(revenue_share / max(trust, TRUST_FLOOR), 4)


# --- slipping ------------------------------------------------------------------------------

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
) -> list[Message]:
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
    found: list[Message] = []
    if silent:
        found.append(Message(S_SILENT, {"count": silent}))
    if overdue:
        found.append(Message(S_OVERDUE, {"count": overdue}))
    start = last_contact or since
    if start is not None:
        days = (now - start) / timedelta(days=1)
        if days > GAP_TOLERANCE * cadence_days:
            found.append(Message(S_CONTACT, {"days": int(days), "cadence": cadence_days}))
    return found


def slipping(
    trust: float,
    previous: tuple[str, float] | None,
    threshold: float,
    setbacks: Sequence[Message],
) -> list[Message]:
    """Why a client's trust is slipping (empty: it is not). Slipping = more than 10% below
    last month's snapshot ``previous`` (month, trust), or under ``threshold`` with at least
    one recent setback."""
    reasons: list[Message] = []
    if previous is not None and trust < previous[1] * (1 - SLIP_DROP):
        month, before = previous
        reasons.append(
            Message(
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
            Message(S_LOW, {"now": readable_score(trust), "threshold": readable_score(threshold)})
        )
    if reasons:
        reasons.extend(setbacks)
    return reasons
