"""The portfolio: revenue by client, Pareto curve and tiers, concentration, referrals,
friends' share and engagement-checklist gaps, as the data a chart or table needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rapport.domain import portfolio
from rapport.domain.model import Origin
from rapport.services.workspace import WorkspaceService


@dataclass(frozen=True)
class ClientShare:
    client_id: int
    name: str
    revenue: float
    share: float
    cumulative_share: float
    tier: str
    tier_overridden: bool
    origin: str
    friend_network: bool


@dataclass(frozen=True)
class CurvePoint:
    rank: int
    clients_share: float
    cumulative_share: float


@dataclass(frozen=True)
class ConcentrationWarning:
    name: str
    share: float


@dataclass(frozen=True)
class Concentration:
    threshold: float
    warnings: tuple[ConcentrationWarning, ...]


@dataclass(frozen=True)
class ReferralAttribution:
    referrer_id: int
    referrer: str
    direct_revenue: float
    indirect_revenue: float
    attributed_revenue: float
    referred: tuple[str, ...]


@dataclass(frozen=True)
class ReferralEdge:
    """One referral, ``from_`` (the referrer, "from" in JSON) to ``to``."""

    from_: str
    to: str
    revenue: float
    attributed_revenue: float


@dataclass(frozen=True)
class OriginShares:
    friends: float
    referrals: float
    cold: float


@dataclass(frozen=True)
class ChecklistGap:
    project_id: int | None
    project: str
    client: str
    missing: tuple[str, ...]
    friend: bool


@dataclass(frozen=True)
class PortfolioReport:
    """What :meth:`PortfolioService.report` finds; field names are the JSON keys."""

    since: str | None
    until: str | None
    total_revenue: float
    currencies: tuple[str, ...]
    clients: tuple[ClientShare, ...]
    pareto_curve: tuple[CurvePoint, ...]
    tiers: dict[str, tuple[str, ...]]
    concentration: Concentration
    referrals: tuple[ReferralAttribution, ...]
    referral_edges: tuple[ReferralEdge, ...]
    friends_share: float
    origin_shares: OriginShares
    checklist_gaps: tuple[ChecklistGap, ...]
    friends: tuple[str, ...]


class PortfolioService:
    def __init__(
        self, workspace: WorkspaceService, *, concentration_threshold: float = 0.25
    ) -> None:
        self.workspace = workspace
        self.concentration_threshold = concentration_threshold

    def report(self, *, since: date | None = None, until: date | None = None) -> PortfolioReport:
        ws = self.workspace.snapshot()
        clients = {c.id: c for c in ws.clients}
        revenue = portfolio.revenue_by_client(ws.revenue, since, until)
        for client_id in clients:
            assert client_id is not None
            revenue.setdefault(client_id, Decimal(0))
        shares = portfolio.pareto(
            revenue, {k: c.tier_override for k, c in clients.items() if k is not None}
        )
        total = sum((s.revenue for s in shares), Decimal(0))
        graph = portfolio.referral_graph(ws.clients)
        attributions = portfolio.attribute_referrals(graph, revenue)
        origins = portfolio.origin_shares(ws.clients, graph, revenue)
        friends = portfolio.friend_network(ws.clients, graph)
        currencies = sorted({e.currency for e in ws.revenue})

        def name(client_id: int) -> str:
            return clients[client_id].name

        return PortfolioReport(
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            total_revenue=_money(total),
            currencies=tuple(currencies),
            clients=tuple(
                ClientShare(
                    client_id=s.client_id,
                    name=name(s.client_id),
                    revenue=_money(s.revenue),
                    share=round(s.share, 4),
                    cumulative_share=round(s.cumulative_share, 4),
                    tier=s.tier.value,
                    tier_overridden=s.tier_overridden,
                    origin=clients[s.client_id].origin.value,
                    friend_network=s.client_id in friends,
                )
                for s in shares
            ),
            pareto_curve=(
                CurvePoint(rank=0, clients_share=0.0, cumulative_share=0.0),
                *(
                    CurvePoint(
                        rank=k + 1,
                        clients_share=round((k + 1) / len(shares), 4),
                        cumulative_share=round(s.cumulative_share, 4),
                    )
                    for k, s in enumerate(shares)
                ),
            ),
            tiers={
                tier: tuple(name(s.client_id) for s in shares if s.tier.value == tier)
                for tier in "ABC"
            },
            concentration=Concentration(
                threshold=self.concentration_threshold,
                warnings=tuple(
                    ConcentrationWarning(name=name(s.client_id), share=round(s.share, 4))
                    for s in portfolio.concentrated(shares, self.concentration_threshold)
                ),
            ),
            referrals=tuple(
                ReferralAttribution(
                    referrer_id=a.referrer_id,
                    referrer=name(a.referrer_id),
                    direct_revenue=_money(a.direct),
                    indirect_revenue=_money(a.indirect),
                    attributed_revenue=_money(a.total),
                    referred=tuple(name(c) for c in a.referred),
                )
                for a in attributions
            ),
            referral_edges=tuple(
                ReferralEdge(
                    from_=name(u),
                    to=name(v),
                    revenue=_money(revenue.get(v, Decimal(0))),
                    attributed_revenue=_money(
                        revenue.get(v, Decimal(0))
                        + sum(
                            (revenue.get(d, Decimal(0)) for d in graph.descendants(v)), Decimal(0)
                        )
                    ),
                )
                for u, v in sorted(graph.edges)
            ),
            friends_share=round(origins.friends, 4),
            origin_shares=OriginShares(
                friends=round(origins.friends, 4),
                referrals=round(origins.referrals, 4),
                cold=round(origins.cold, 4),
            ),
            checklist_gaps=tuple(
                ChecklistGap(
                    project_id=g.project.id,
                    project=g.project.name,
                    client=name(g.project.client_id),
                    missing=tuple(g.missing),
                    friend=g.friend,
                )
                for g in portfolio.checklist_gaps(ws.projects, ws.clients)
            ),
            friends=tuple(
                sorted(
                    name(c.id)
                    for c in ws.clients
                    if c.id is not None and c.origin in (Origin.FRIEND, Origin.FRIEND_OF_FRIEND)
                )
            ),
        )


def _money(amount: Decimal) -> float:
    """Money as a JSON number rounded to the cent (charts and scripts sum it directly)."""
    return float(round(amount, 2))
