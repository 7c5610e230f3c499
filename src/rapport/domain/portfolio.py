"""Revenue concentration: the Pareto curve and A/B/C tiers.

Tiers (documented in docs/portfolio.md): clients are sorted by revenue, largest first, and
the cumulative share is taken *before* each client is added. A client is

- **A** when the revenue before it is under 80% of the total (so the clients that make up
  the first 80% of revenue, including the one that crosses 80%),
- **B** when that figure is under 95%,
- **C** otherwise, and every client with no revenue in the window.

A per-client ``tier_override`` always wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from rapport.domain.model import Tier

A_THRESHOLD = 0.80
B_THRESHOLD = 0.95


@dataclass(frozen=True, slots=True)
class ClientShare:
    client_id: int
    revenue: Decimal
    share: float
    """This client's share of the total revenue (0..1)."""
    cumulative_share: float
    """Share of all clients up to and including this one, largest first."""
    tier: Tier
    tier_overridden: bool = False


def pareto(
    revenue: Mapping[int, Decimal],
    overrides: Mapping[int, Tier | None] | None = None,
    *,
    a_threshold: float = A_THRESHOLD,
    b_threshold: float = B_THRESHOLD,
) -> list[ClientShare]:
    """Rank clients by revenue (ties broken by id) and give each its share and tier."""
    overrides = overrides or {}
    total = sum((max(v, Decimal(0)) for v in revenue.values()), Decimal(0))
    ranked = sorted(revenue.items(), key=lambda kv: (-kv[1], kv[0]))
    result: list[ClientShare] = []
    before = Decimal(0)
    for client_id, amount in ranked:
        amount = max(amount, Decimal(0))
        share = float(amount / total) if total > 0 else 0.0
        before_share = float(before / total) if total > 0 else 1.0
        before += amount
        cumulative = float(before / total) if total > 0 else 0.0
        if amount <= 0:
            tier = Tier.C
        elif before_share < a_threshold:
            tier = Tier.A
        elif before_share < b_threshold:
            tier = Tier.B
        else:
            tier = Tier.C
        override = overrides.get(client_id)
        result.append(
            ClientShare(
                client_id=client_id,
                revenue=amount,
                share=share,
                cumulative_share=cumulative,
                tier=override or tier,
                tier_overridden=override is not None,
            )
        )
    return result
