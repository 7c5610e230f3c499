"""The trust equation, its readable score and bands, and one client's whole estimate.

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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from rapport.domain.model import (
    Client,
    Commitment,
    Interaction,
)
from rapport.domain.signals import ConversationSignals
from rapport.domain.trust.components.credibility import credibility
from rapport.domain.trust.components.intimacy import intimacy
from rapport.domain.trust.components.reliability import reliability
from rapport.domain.trust.components.self_orientation import self_orientation
from rapport.domain.trust.evidence import (
    COMPONENT_NAMES,
    Component,
    ComponentEstimate,
)
from rapport.texts import N_, Param, Text


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


def change_reason(before: dict[Component, float], now: dict[Component, float]) -> Text:
    """Why the score moved: the component whose change moved trust the most (on the
    'higher is better' scale, so a falling self-orientation counts as a gain)."""
    good_before, good_now = goodness(before), goodness(now)
    moved = max(Component, key=lambda k: abs(good_now[k] - good_before[k]))
    if abs(now[moved] - before[moved]) < 0.05:
        return Text(C_SAME, {})
    params: dict[str, Param] = {"before": round(before[moved], 1), "now": round(now[moved], 1)}
    if moved is Component.SELF_ORIENTATION:
        return Text(C_SELF_ROSE if now[moved] > before[moved] else C_SELF_FELL, params)
    params["component"] = COMPONENT_NAMES[moved]
    return Text(C_ROSE if now[moved] > before[moved] else C_FELL, params)


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
