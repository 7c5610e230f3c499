"""What the client pages show at a glance about one client, from its stored facts
(:mod:`rapport.services.client_facts`): tier, revenue of the last 12 months, last contact,
touch-point due by cadence, open and overdue promises, and the personal share of meeting
time (last 90 days vs the 90 before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from rapport.domain.facts import ClientFacts
from rapport.domain.model import Client, Tier


@dataclass(frozen=True, slots=True)
class ClientSummary:
    client: Client
    tier: Tier
    tier_overridden: bool
    revenue: Decimal
    """Revenue in the last 12 months (in the client's entries' currencies summed as-is)."""
    currency: str
    last_contact: datetime | None
    touchpoint_due: bool
    open_promises: int
    overdue_promises: int
    personal_share: float | None
    """Personal minutes / (business + personal) in meetings of the last 90 days."""
    personal_share_before: float | None
    """The same for the 90 days before that, to show the trend."""

    @property
    def trend(self) -> str:
        """``up``, ``down`` or ``flat`` (a change under 5 points counts as flat), or ``""``."""
        if self.personal_share is None or self.personal_share_before is None:
            return ""
        delta = self.personal_share - self.personal_share_before
        if delta > 0.05:
            return "up"
        if delta < -0.05:
            return "down"
        return "flat"


def summarise(facts: ClientFacts, tier: Tier, tier_overridden: bool, at: datetime) -> ClientSummary:
    client = facts.client
    start = facts.last_contact or client.created_at or at
    return ClientSummary(
        client=client,
        tier=tier,
        tier_overridden=tier_overridden,
        revenue=facts.revenue,
        currency=facts.currency,
        last_contact=facts.last_contact,
        touchpoint_due=start + timedelta(days=client.cadence_days) <= at,
        open_promises=facts.open_promises,
        overdue_promises=facts.overdue_promises,
        personal_share=facts.personal_share,
        personal_share_before=facts.personal_share_before,
    )
