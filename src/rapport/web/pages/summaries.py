"""What the client pages show at a glance, computed from a workspace snapshot.

Pure functions over :class:`~rapport.domain.model.Workspace`: tiers (Pareto over the last
12 months of revenue, overrides win), last contact, touch-point due by cadence, open and
overdue promises, and the personal share of meeting time (last 90 days vs the 90 before).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Interaction,
    Tier,
    Workspace,
)
from rapport.domain.portfolio import pareto

REVENUE_WINDOW = timedelta(days=365)
SHARE_WINDOW = timedelta(days=90)


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


def personal_share(interactions: list[Interaction]) -> float | None:
    business = sum(i.business_min or 0 for i in interactions)
    personal = sum(i.personal_min or 0 for i in interactions)
    if business + personal == 0:
        return None
    return personal / (business + personal)


def is_overdue(commitment: Commitment, at: datetime) -> bool:
    return commitment.status is CommitmentStatus.OPEN and commitment.due_at < at


def summarise(ws: Workspace, at: datetime) -> list[ClientSummary]:
    """One summary per client, in the workspace's client order."""
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    currency: dict[int, str] = {}
    for entry in ws.revenue:
        if entry.on >= (at - REVENUE_WINDOW).date():
            revenue[entry.client_id] += entry.amount
            currency.setdefault(entry.client_id, entry.currency)
    ids = [c.id for c in ws.clients if c.id is not None]
    shares = {
        s.client_id: s
        for s in pareto(
            {cid: revenue.get(cid, Decimal(0)) for cid in ids},
            {c.id: c.tier_override for c in ws.clients if c.id is not None},
        )
    }
    by_client: dict[int, list[Interaction]] = defaultdict(list)
    for interaction in ws.interactions:
        by_client[interaction.client_id].append(interaction)
    promises: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in ws.commitments:
        promises[commitment.client_id].append(commitment)
    result = []
    for client in ws.clients:
        cid = client.id or 0
        mine = by_client.get(cid, [])
        last = max((i.started_at for i in mine), default=None)
        due = (last or client.created_at or at) + timedelta(days=client.cadence_days) <= at
        recent = [i for i in mine if at - SHARE_WINDOW <= i.started_at <= at]
        before = [i for i in mine if at - 2 * SHARE_WINDOW <= i.started_at < at - SHARE_WINDOW]
        open_ = [c for c in promises.get(cid, []) if c.status is CommitmentStatus.OPEN]
        share = shares.get(cid)
        result.append(
            ClientSummary(
                client=client,
                tier=share.tier if share else (client.tier_override or Tier.C),
                tier_overridden=bool(share and share.tier_overridden),
                revenue=revenue.get(cid, Decimal(0)),
                currency=currency.get(cid, "EUR"),
                last_contact=last,
                touchpoint_due=due,
                open_promises=len(open_),
                overdue_promises=sum(1 for c in open_ if is_overdue(c, at)),
                personal_share=personal_share(recent),
                personal_share_before=personal_share(before),
            )
        )
    return result
