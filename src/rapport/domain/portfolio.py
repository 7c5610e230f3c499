"""Revenue concentration: the Pareto curve and A/B/C tiers.

Tiers (documented in docs/portfolio.md): clients are sorted by revenue, largest first, and
the cumulative share is taken *before* each client is added. A client is

- **A** when the revenue before it is under 80% of the total (so the clients that make up
  the first 80% of revenue, including the one that crosses 80%),
- **B** when that figure is under 95%,
- **C** otherwise, and every client with no revenue in the window.

A per-client ``tier_override`` always wins.

Referral attribution, friends' share, concentration and checklist gaps are below; the
rules are written out in docs/portfolio.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rapport.domain.model import Client, Origin, Project, RevenueEntry, Tier

if TYPE_CHECKING:
    import networkx as nx

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


def revenue_by_client(
    entries: Iterable[RevenueEntry], since: date | None = None, until: date | None = None
) -> dict[int, Decimal]:
    """Total revenue per client for entries on or after ``since`` and on or before ``until``
    (amounts are summed as entered; one currency per workspace is assumed)."""
    totals: dict[int, Decimal] = {}
    for e in entries:
        if (since is None or e.on >= since) and (until is None or e.on <= until):
            totals[e.client_id] = totals.get(e.client_id, Decimal(0)) + e.amount
    return totals


def concentrated(shares: Sequence[ClientShare], threshold: float) -> list[ClientShare]:
    """Clients whose share of revenue is above ``threshold`` (e.g. 0.25)."""
    return [s for s in shares if s.share > threshold]


def referral_graph(clients: Iterable[Client]) -> nx.DiGraph:
    """Referrer -> referred, one node per client id (client referrals only)."""
    import networkx as nx  # imported on use: it is slow to import

    graph: nx.DiGraph = nx.DiGraph()
    for c in clients:
        assert c.id is not None
        graph.add_node(c.id)
    for c in clients:
        if c.referred_by_client_id is not None and c.referred_by_client_id in graph:
            graph.add_edge(c.referred_by_client_id, c.id)
    return graph


@dataclass(frozen=True, slots=True)
class Attribution:
    referrer_id: int
    direct: Decimal
    """Revenue of the clients this client referred."""
    indirect: Decimal
    """Revenue of the clients those referred, and so on down the chain."""
    referred: tuple[int, ...]
    """Direct referrals, by id."""

    @property
    def total(self) -> Decimal:
        return self.direct + self.indirect


def attribute_referrals(graph: nx.DiGraph, revenue: Mapping[int, Decimal]) -> list[Attribution]:
    """For every client who referred someone: the full revenue of each client reachable
    through its referrals (each descendant counted once, even on two paths), split into
    direct referrals and those further down. Largest total first."""
    import networkx as nx

    found: list[Attribution] = []
    for node in graph.nodes:
        children = sorted(graph.successors(node))
        if not children:
            continue
        descendants = nx.descendants(graph, node)
        direct = sum((revenue.get(c, Decimal(0)) for c in children), Decimal(0))
        indirect = sum(
            (revenue.get(d, Decimal(0)) for d in descendants if d not in children), Decimal(0)
        )
        found.append(Attribution(node, direct, indirect, tuple(children)))
    return sorted(found, key=lambda a: (-a.total, a.referrer_id))


FRIEND_ORIGINS = (Origin.FRIEND, Origin.FRIEND_OF_FRIEND)


def friend_network(clients: Iterable[Client], graph: nx.DiGraph) -> set[int]:
    """Friends, friends of friends, and every client reachable through their referrals."""
    import networkx as nx

    roots = {c.id for c in clients if c.origin in FRIEND_ORIGINS and c.id is not None}
    network = set(roots)
    for root in roots:
        network |= nx.descendants(graph, root)
    return network


@dataclass(frozen=True, slots=True)
class OriginShares:
    friends: float
    """Friends, friends of friends and their referrals (down the chain)."""
    referrals: float
    """Other referred clients (and their referrals)."""
    cold: float
    """Everyone else: cold and existing-network clients nobody referred."""


def origin_shares(
    clients: Sequence[Client], graph: nx.DiGraph, revenue: Mapping[int, Decimal]
) -> OriginShares:
    import networkx as nx

    total = sum((max(v, Decimal(0)) for v in revenue.values()), Decimal(0))
    if total <= 0:
        return OriginShares(0.0, 0.0, 0.0)
    friends = friend_network(clients, graph)
    referred: set[int] = {
        c.id
        for c in clients
        if c.id is not None
        and c.id not in friends
        and (c.origin is Origin.REFERRAL or c.referred_by_client_id is not None)
    }
    for r in list(referred):
        referred |= nx.descendants(graph, r) - friends

    def share(ids: set[int]) -> float:
        amounts = (max(revenue.get(i, Decimal(0)), Decimal(0)) for i in ids)
        return float(sum(amounts, Decimal(0)) / total)

    friends_share, referral_share = share(friends), share(referred)
    return OriginShares(
        friends=friends_share,
        referrals=referral_share,
        cold=max(0.0, 1.0 - friends_share - referral_share),
    )


@dataclass(frozen=True, slots=True)
class ChecklistGap:
    project: Project
    missing: tuple[str, ...]
    friend: bool
    """The client is a friend or friend of a friend: the process protects the friendship."""


def checklist_gaps(projects: Iterable[Project], clients: Iterable[Client]) -> list[ChecklistGap]:
    """Projects (not cancelled) that skipped steps of the engagement checklist; friends'
    projects first, then by the number of missing steps."""
    from rapport.domain.model import ProjectStatus

    friends = {c.id for c in clients if c.origin in FRIEND_ORIGINS}
    gaps = [
        ChecklistGap(p, tuple(p.missing_steps()), p.client_id in friends)
        for p in projects
        if p.status is not ProjectStatus.CANCELLED and p.missing_steps()
    ]
    return sorted(gaps, key=lambda g: (not g.friend, -len(g.missing), g.project.id or 0))
