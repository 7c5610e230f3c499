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

from rapport.clock import now as clock
from rapport.domain.facts import ClientFacts
from rapport.domain.model import Client, Tier
from rapport.domain.portfolio import A_THRESHOLD, B_THRESHOLD
from rapport.services.client_facts import ClientFactsService, facts_from_row, failed
from rapport.storage.mapping import to_domain
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.clients import ListingQuery

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
    with facts.db.reading() as s:
        clients = Repositories(s, facts.actor).clients
        count, total, weighted = clients.revenue_fingerprint()
        key = (str(facts.db.engine.url), facts.actor.name, count, str(total), str(weighted))
        with _CUTOFFS_LOCK:
            known = _CUTOFFS.get(key)
        if known is not None:
            return known
        found: dict[Tier, tuple[int, Decimal]] = {}
        for tier, share in ((Tier.A, A_THRESHOLD), (Tier.B, B_THRESHOLD)):
            last = clients.last_within_share(Decimal(total) * Decimal(str(share)))
            if last is not None and (tier is Tier.A or last[0] != found[Tier.A][0]):
                found[tier] = last
    with _CUTOFFS_LOCK:
        if len(_CUTOFFS) > 64:
            _CUTOFFS.clear()
        _CUTOFFS[key] = found
    return found


def client_page(
    facts: ClientFactsService, filters: ClientFilters, *, at: datetime | None = None
) -> ClientPage:
    at = at or clock()
    facts.refresh(None, at)
    query = ListingQuery(
        q=filters.q,
        origin=filters.origin,
        language=filters.language,
        tier=filters.tier,
        cutoffs=_cutoffs(facts),
    )
    with facts.db.reading() as s:
        clients = Repositories(s, facts.actor).clients
        total = clients.visible_count()
        matching = clients.listing_count(query) if query.filtered else total
        pages = max(1, -(-matching // PAGE_SIZE))
        page = min(max(filters.page, 1), pages)
        picked = clients.listing_page(
            query, sort=filters.sort, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        loaded = clients.with_facts(p.client_id for p in picked)
        rows = [
            ListedClient(
                facts_from_row(to_domain(loaded[p.client_id][0], Client), loaded[p.client_id][1]),
                Tier(p.tier),
                p.overridden,
            )
            for p in picked
            if p.client_id in loaded and not failed(loaded[p.client_id][1])  # logged if failed
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
