"""The client list: search, filters, sorting and paging done in SQL over the stored
per-client facts (``client_scores``), so one page costs the same for 40 clients or 10,000.

Tiers are the Pareto tiers of :mod:`rapport.domain.portfolio` (docs/portfolio.md) over
the visible clients' revenue of the last 12 months: a client is A while the revenue of the
clients ranked before it is under 80% of the total, B under 95%, else C; no revenue is C;
an override always wins.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from rapport.clock import now as clock
from rapport.domain.facts import ClientFacts
from rapport.domain.model import Client, Tier
from rapport.domain.portfolio import A_THRESHOLD, B_THRESHOLD
from rapport.services.client_facts import ClientFactsService, facts_from_row, failed
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow
from rapport.storage.score_rows import ClientScoreRow, risk_order

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


# (database, who sees what, revenue fingerprint) -> the last A and last B client.
_CUTOFFS: dict[tuple[object, ...], dict[Tier, tuple[int, Decimal]]] = {}
_CUTOFFS_LOCK = threading.Lock()


def _cutoffs(facts: ClientFactsService) -> dict[Tier, tuple[int, Decimal]]:
    """The last client (id, revenue) of tier A and of tier B in the Pareto ranking of the
    visible clients' stored revenue.

    Found with a window function that answers one row each (no walk over thousands of
    rows in Python), and remembered per process until the revenue changes: the key holds
    the count, the sum and a client-weighted sum of the positive revenue, so moving
    revenue from one client to another changes it too."""
    row = ClientScoreRow
    positive = facts.actor.filter_clients(
        sa.select(row.client_id, row.revenue).where(row.revenue > 0), row.client_id
    ).subquery()
    with facts.db.reading() as s:
        count, total, weighted = s.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(positive.c.revenue), 0),
                sa.func.coalesce(sa.func.sum(positive.c.revenue * positive.c.client_id), 0),
            )
        ).one()
        key = (str(facts.db.engine.url), facts.actor.name, count, str(total), str(weighted))
        with _CUTOFFS_LOCK:
            known = _CUTOFFS.get(key)
        if known is not None:
            return known
        ranked = sa.select(
            positive.c.client_id,
            positive.c.revenue,
            (
                sa.func.sum(positive.c.revenue).over(
                    order_by=(positive.c.revenue.desc(), positive.c.client_id), rows=(None, 0)
                )
                - positive.c.revenue
            ).label("before"),
        ).subquery()
        found: dict[Tier, tuple[int, Decimal]] = {}
        for tier, share in ((Tier.A, A_THRESHOLD), (Tier.B, B_THRESHOLD)):
            last = s.execute(
                sa.select(ranked.c.client_id, ranked.c.revenue)
                .where(ranked.c.before < Decimal(total) * Decimal(str(share)))
                .order_by(ranked.c.revenue, ranked.c.client_id.desc())
                .limit(1)
            ).first()
            if last is not None and (tier is Tier.A or last[0] != found[Tier.A][0]):
                found[tier] = (last[0], Decimal(last[1]))
    with _CUTOFFS_LOCK:
        if len(_CUTOFFS) > 64:
            _CUTOFFS.clear()
        _CUTOFFS[key] = found
    return found


def _tier_column(facts: ClientFactsService) -> sa.ColumnElement[str]:
    """Each client's tier as a plain SQL expression: a client ranked at or before the last
    A client is A, else at or before the last B client is B, else C (and no revenue is C).
    An override always wins."""
    row = ClientScoreRow
    last = _cutoffs(facts)

    def up_to(tier: Tier) -> sa.ColumnElement[bool]:
        if tier not in last:
            return sa.false()
        cid, amount = last[tier]
        return sa.or_(row.revenue > amount, sa.and_(row.revenue == amount, row.client_id <= cid))

    computed = sa.case(
        (sa.or_(row.revenue.is_(None), row.revenue <= 0), Tier.C.value),
        (up_to(Tier.A), Tier.A.value),
        (up_to(Tier.B), Tier.B.value),
        else_=Tier.C.value,
    )
    return sa.func.coalesce(ClientRow.tier_override, computed)


def client_page(
    facts: ClientFactsService, filters: ClientFilters, *, at: datetime | None = None
) -> ClientPage:
    at = at or clock()
    facts.refresh(None, at)
    tier = _tier_column(facts)
    conditions: list[Any] = []
    if filters.q.strip():
        conditions.append(ClientRow.name.icontains(filters.q.strip(), autoescape=True))
    if filters.origin:
        conditions.append(ClientRow.origin == filters.origin)
    if filters.language:
        conditions.append(ClientRow.language == filters.language)
    if filters.tier:
        conditions.append(tier == filters.tier)
    # Sorting and paging pick ids only; the wide rows are read for the one page.
    base = facts.actor.filter_clients(
        sa.select(ClientRow.id, tier.label("tier"), ClientRow.tier_override.is_not(None))
        .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
        .where(*conditions),
        ClientRow.id,
    )
    order: dict[str, tuple[Any, ...]] = {
        "name": (ClientScoreRow.name_key, ClientScoreRow.client_id),
        "last_contact": (ClientScoreRow.last_contact.asc().nulls_first(), ClientRow.id),
        "tier": (tier, ClientScoreRow.revenue.desc(), ClientRow.id),
        "promises": (
            ClientScoreRow.overdue_promises.desc(),
            ClientScoreRow.open_promises.desc(),
            ClientRow.id,
        ),
        "risk": (*risk_order(), ClientRow.name),
    }
    with facts.db.reading() as s:
        total = (
            s.scalar(
                facts.actor.filter_clients(
                    sa.select(sa.func.count()).select_from(ClientRow), ClientRow.id
                )
            )
            or 0
        )
        if not conditions:
            matching = total
        else:
            counted = base if filters.tier else sa.select(ClientRow.id).where(*conditions)
            counted = facts.actor.filter_clients(counted, ClientRow.id)
            matching = s.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0
        pages = max(1, -(-matching // PAGE_SIZE))
        page = min(max(filters.page, 1), pages)
        stmt = (
            base.order_by(*order.get(filters.sort, order["name"]))
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
        picked = s.execute(stmt).all()
        loaded = {
            client_row.id: (client_row, score)
            for client_row, score in s.execute(
                sa.select(ClientRow, ClientScoreRow)
                .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
                .where(ClientRow.id.in_([cid for cid, _tier, _overridden in picked]))
            )
        }
        rows = [
            ListedClient(
                facts_from_row(to_domain(loaded[cid][0], Client), loaded[cid][1]),
                Tier(tier_value),
                bool(overridden),
            )
            for cid, tier_value, overridden in picked
            if cid in loaded and not failed(loaded[cid][1])  # logged when it failed
        ]
    return ClientPage(rows=rows, matching=matching, total=total, page=page, pages=pages)


def tier_of(facts: ClientFactsService, client: Client, revenue: Decimal) -> tuple[Tier, bool]:
    """One client's tier among the visible clients (after their facts are current), by the
    same cut-offs as the list."""
    if client.tier_override is not None:
        return client.tier_override, True
    if revenue <= 0:
        return Tier.C, False
    facts.refresh(None)
    last = _cutoffs(facts)
    for tier in (Tier.A, Tier.B):
        if tier in last:
            cid, amount = last[tier]
            if revenue > amount or (revenue == amount and (client.id or 0) <= cid):
                return tier, False
    return Tier.C, False
