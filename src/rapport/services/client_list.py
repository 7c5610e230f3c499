"""The client list: search, filters, sorting and paging done in SQL over the stored
per-client facts (``client_scores``), so one page costs the same for 40 clients or 10,000.

Tiers are the Pareto tiers of :mod:`rapport.domain.portfolio` (docs/portfolio.md),
computed with a window function over the visible clients' revenue of the last 12 months:
a client is A while the revenue of the clients ranked before it is under 80% of the total,
B under 95%, else C; no revenue is C; an override always wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from rapport.domain.model import Client, Tier
from rapport.domain.portfolio import A_THRESHOLD, B_THRESHOLD
from rapport.services.client_facts import ClientFacts, ClientFactsService, facts_from_row
from rapport.services.when import now as clock
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow
from rapport.storage.score_rows import ClientScoreRow

PAGE_SIZE = 50
SORTS = ("name", "last_contact", "tier", "promises", "risk")


@dataclass(frozen=True, slots=True)
class ListedClient:
    facts: ClientFacts
    tier: Tier
    tier_overridden: bool

    @property
    def client(self) -> Client:
        return self.facts.client


@dataclass(frozen=True, slots=True)
class ClientPage:
    rows: list[ListedClient]
    matching: int
    """Clients matching the filters (all pages)."""
    total: int
    """Visible clients."""
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class ClientFilters:
    q: str = ""
    origin: str = ""
    language: str = ""
    tier: str = ""
    sort: str = "name"
    page: int = 1


def _tiers(facts: ClientFactsService) -> sa.Subquery:
    """Each visible client's tier (and whether it is an override) by Pareto rank."""
    positive = sa.case((ClientScoreRow.revenue > 0, ClientScoreRow.revenue), else_=0)
    ranked = facts.actor.filter_clients(
        sa.select(
            ClientRow.id.label("client_id"),
            ClientRow.tier_override.label("override"),
            positive.label("amount"),
            sa.func.coalesce(
                sa.func.sum(positive).over(
                    order_by=(ClientScoreRow.revenue.desc(), ClientRow.id), rows=(None, -1)
                ),
                0,
            ).label("before"),
            sa.func.sum(positive).over().label("total"),
        ).join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id),
        ClientRow.id,
    ).subquery()
    computed = sa.case(
        (ranked.c.amount <= 0, Tier.C.value),
        (ranked.c.before < ranked.c.total * A_THRESHOLD, Tier.A.value),
        (ranked.c.before < ranked.c.total * B_THRESHOLD, Tier.B.value),
        else_=Tier.C.value,
    )
    return sa.select(
        ranked.c.client_id,
        sa.func.coalesce(ranked.c.override, computed).label("tier"),
        ranked.c.override.is_not(None).label("overridden"),
    ).subquery()


def client_page(
    facts: ClientFactsService, filters: ClientFilters, *, at: datetime | None = None
) -> ClientPage:
    at = at or clock()
    facts.refresh(None, at)
    tiers = _tiers(facts)
    base = (
        sa.select(ClientRow, ClientScoreRow, tiers.c.tier, tiers.c.overridden)
        .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
        .join(tiers, tiers.c.client_id == ClientRow.id)
    )
    if filters.q.strip():
        base = base.where(ClientRow.name.icontains(filters.q.strip(), autoescape=True))
    if filters.origin:
        base = base.where(ClientRow.origin == filters.origin)
    if filters.language:
        base = base.where(ClientRow.language == filters.language)
    if filters.tier:
        base = base.where(tiers.c.tier == filters.tier)
    trust_floor = sa.case((ClientScoreRow.trust > 0.1, ClientScoreRow.trust), else_=0.1)
    positive = sa.case((ClientScoreRow.revenue > 0, ClientScoreRow.revenue), else_=0)
    order: dict[str, tuple[Any, ...]] = {
        "name": (sa.func.lower(ClientRow.name), ClientRow.id),
        "last_contact": (ClientScoreRow.last_contact.asc().nulls_first(), ClientRow.id),
        "tier": (tiers.c.tier, ClientScoreRow.revenue.desc(), ClientRow.id),
        "promises": (
            ClientScoreRow.overdue_promises.desc(),
            ClientScoreRow.open_promises.desc(),
            ClientRow.id,
        ),
        "risk": (
            (positive / trust_floor).desc(),
            ClientScoreRow.trust,
            ClientRow.name,
        ),
    }
    with facts.db.reading() as s:
        matching = s.scalar(sa.select(sa.func.count()).select_from(base.subquery())) or 0
        total = (
            s.scalar(
                facts.actor.filter_clients(
                    sa.select(sa.func.count()).select_from(ClientRow), ClientRow.id
                )
            )
            or 0
        )
        pages = max(1, -(-matching // PAGE_SIZE))
        page = min(max(filters.page, 1), pages)
        stmt = (
            base.order_by(*order.get(filters.sort, order["name"]))
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        rows = [
            ListedClient(
                facts_from_row(to_domain(client_row, Client), score),
                Tier(tier),
                bool(overridden),
            )
            for client_row, score, tier, overridden in s.execute(stmt)
        ]
    return ClientPage(rows=rows, matching=matching, total=total, page=page, pages=pages)


def tier_of(facts: ClientFactsService, client_id: int) -> tuple[Tier, bool]:
    """One client's tier among the visible clients (after their facts are current)."""
    facts.refresh(None)
    tiers = _tiers(facts)
    with facts.db.reading() as s:
        row = s.execute(
            sa.select(tiers.c.tier, tiers.c.overridden).where(tiers.c.client_id == client_id)
        ).first()
    if row is None:
        return Tier.C, False
    return Tier(row[0]), bool(row[1])
