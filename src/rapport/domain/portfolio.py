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
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rapport.domain.model import Client, Origin, Project, RevenueEntry, Tier

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


@dataclass(slots=True)
class ReferralGraph:
    """Who referred whom: one node per client id, an edge from referrer to referred.

    A client has at most one referrer, so the graph is a forest unless referrals were
    entered in a loop; walks below visit each client once either way.
    """

    children: dict[int, list[int]] = field(default_factory=dict)

    @property
    def nodes(self) -> list[int]:
        return list(self.children)

    @property
    def edges(self) -> list[tuple[int, int]]:
        return [(u, v) for u, vs in self.children.items() for v in vs]

    def successors(self, node: int) -> list[int]:
        return list(self.children.get(node, ()))

    def descendants(self, node: int) -> set[int]:
        """Every client reachable from ``node`` through referrals (``node`` itself not,
        unless a loop leads back to it)."""
        seen: set[int] = set()
        stack = list(self.children.get(node, ()))
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(self.children.get(current, ()))
        seen.discard(node)
        return seen


def referral_graph(clients: Iterable[Client]) -> ReferralGraph:
    """Referrer -> referred, one node per client id (client referrals only)."""
    listed = list(clients)
    graph = ReferralGraph()
    for c in listed:
        assert c.id is not None
        graph.children.setdefault(c.id, [])
    for c in listed:
        if c.referred_by_client_id is not None and c.referred_by_client_id in graph.children:
            assert c.id is not None
            graph.children[c.referred_by_client_id].append(c.id)
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


def attribute_referrals(graph: ReferralGraph, revenue: Mapping[int, Decimal]) -> list[Attribution]:
    """For every client who referred someone: the full revenue of each client reachable
    through its referrals (each descendant counted once, even on two paths), split into
    direct referrals and those further down. Largest total first."""
    found: list[Attribution] = []
    for node in graph.nodes:
        children = sorted(graph.successors(node))
        if not children:
            continue
        descendants = graph.descendants(node)
        direct = sum((revenue.get(c, Decimal(0)) for c in children), Decimal(0))
        indirect = sum(
            (revenue.get(d, Decimal(0)) for d in descendants if d not in children), Decimal(0)
        )
        found.append(Attribution(node, direct, indirect, tuple(children)))
    return sorted(found, key=lambda a: (-a.total, a.referrer_id))


FRIEND_ORIGINS = (Origin.FRIEND, Origin.FRIEND_OF_FRIEND)


def friend_network(clients: Iterable[Client], graph: ReferralGraph) -> set[int]:
    """Friends, friends of friends, and every client reachable through their referrals."""
    roots = {c.id for c in clients if c.origin in FRIEND_ORIGINS and c.id is not None}
    network = set(roots)
    for root in roots:
        network |= graph.descendants(root)
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
    clients: Sequence[Client], graph: ReferralGraph, revenue: Mapping[int, Decimal]
) -> OriginShares:
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
        referred |= graph.descendants(r) - friends

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
