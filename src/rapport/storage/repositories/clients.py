"""Clients (clients), and the client list's page over their stored facts (client_scores)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from rapport.domain.model import Client, Tier
from rapport.storage.mapping import to_domain
from rapport.storage.orm import ClientRow
from rapport.storage.repositories.base import Repository
from rapport.storage.score_rows import ClientScoreRow, risk_order
from rapport.storage.team_rows import ClientOwnerRow

Cutoffs = Mapping[Tier, tuple[int, Decimal]]
"""The last client (id, revenue) of tier A and of tier B in the Pareto ranking."""


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """What the client list is filtered by: a part of the name, an origin, a language, a
    tier (each empty for any), and the tier cut-offs the tiers are computed with."""

    q: str
    origin: str
    language: str
    tier: str
    cutoffs: Cutoffs

    @property
    def filtered(self) -> bool:
        return bool(self.q.strip() or self.origin or self.language or self.tier)


@dataclass(frozen=True, slots=True)
class ListedId:
    """One client of a page of the list: its id, its tier and whether the tier is set by
    hand."""

    client_id: int
    tier: str
    overridden: bool


class ClientRepository(Repository):
    """Clients. Reads named ``visible_*``, the listing and the counts are limited to the
    scope's clients; ``by_id``, ``name_holder`` and ``referring_contact`` see every client
    (for checks whose answer must not depend on what the caller sees, or that the caller
    makes itself)."""

    def listed(
        self, *, search: str | None = None, offset: int = 0, limit: int | None = None
    ) -> list[Client]:
        """The visible clients by name, those whose name contains ``search`` (any case)."""
        stmt = self.scope.filter_clients(
            sa.select(ClientRow).order_by(ClientRow.name), ClientRow.id
        )
        if search:
            stmt = stmt.where(ClientRow.name.icontains(search, autoescape=True))
        stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [to_domain(r, Client) for r in self.session.scalars(stmt)]

    def by_id(self, client_id: int) -> ClientRow | None:
        """The client with this id, visible or not."""
        return self.session.get(ClientRow, client_id)

    def visible_by_id(self, client_id: int) -> ClientRow | None:
        return self.session.scalars(self._visible().where(ClientRow.id == client_id)).first()

    def visible_by_name_key(self, key: str) -> ClientRow | None:
        """The visible client whose name folds to ``key``
        (:func:`rapport.domain.names.name_key`)."""
        return self.session.scalars(self._visible().where(ClientRow.name_key == key)).first()

    def visible_named(self, name: str) -> ClientRow:
        """The visible client with exactly this name (one must exist)."""
        return self.session.scalars(self._visible().where(ClientRow.name == name)).one()

    def visible_names(self) -> list[str]:
        return list(
            self.session.scalars(self.scope.filter_clients(sa.select(ClientRow.name), ClientRow.id))
        )

    def name_holder(self, key: str) -> tuple[int, str] | None:
        """(id, name) of the client whose name folds to ``key``, visible or not."""
        found = self.session.execute(
            sa.select(ClientRow.id, ClientRow.name).where(ClientRow.name_key == key)
        ).first()
        return None if found is None else (found.id, found.name)

    def referred_by_contact(self, contact_id: int) -> list[ClientRow]:
        """Every client (visible or not) that names this contact as its referrer."""
        return list(
            self.session.scalars(
                sa.select(ClientRow).where(ClientRow.referred_by_contact_id == contact_id)
            )
        )

    def visible_referred_by(self, client_id: int) -> list[Client]:
        """The visible clients this client referred, by name."""
        stmt = self.scope.filter_clients(
            sa.select(ClientRow).where(ClientRow.referred_by_client_id == client_id),
            ClientRow.id,
        )
        return [
            to_domain(r, Client)
            for r in self.session.scalars(stmt.order_by(ClientRow.name, ClientRow.id))
        ]

    def visible_with_ids(self, ids: Iterable[int]) -> list[Client]:
        """The visible clients among these ids, by name."""
        stmt = self.scope.filter_clients(
            sa.select(ClientRow).where(ClientRow.id.in_(set(ids))), ClientRow.id
        )
        return [
            to_domain(r, Client)
            for r in self.session.scalars(stmt.order_by(ClientRow.name, ClientRow.id))
        ]

    def visible_count(self) -> int:
        return (
            self.session.scalar(
                self.scope.filter_clients(
                    sa.select(sa.func.count()).select_from(ClientRow), ClientRow.id
                )
            )
            or 0
        )

    def _visible(self) -> sa.Select[ClientRow]:
        visible: sa.Select[ClientRow] = self.scope.filter_clients(
            sa.select(ClientRow), ClientRow.id
        )
        return visible

    # --- the client list (rapport.services.client_list) -----------------------------------
    def revenue_fingerprint(self) -> tuple[int, Decimal, Decimal]:
        """The count, sum and client-weighted sum of the visible clients' positive stored
        revenue: any change of who earns what changes it."""
        positive = self._positive_revenue()
        count, total, weighted = self.session.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(positive.c.revenue), 0),
                sa.func.coalesce(sa.func.sum(positive.c.revenue * positive.c.client_id), 0),
            )
        ).one()
        return int(count), Decimal(total), Decimal(weighted)

    def last_within_share(self, revenue: Decimal) -> tuple[int, Decimal] | None:
        """The last visible client (id, stored revenue) in the Pareto ranking (revenue
        high to low, then id) whose predecessors earned less than ``revenue`` together.

        Found with a window function that answers one row (no walk over thousands of rows
        in Python)."""
        positive = self._positive_revenue()
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
        last = self.session.execute(
            sa.select(ranked.c.client_id, ranked.c.revenue)
            .where(ranked.c.before < revenue)
            .order_by(ranked.c.revenue, ranked.c.client_id.desc())
            .limit(1)
        ).first()
        return None if last is None else (last[0], Decimal(last[1]))

    def listing_count(self, query: ListingQuery) -> int:
        """How many visible clients match the list's filters (at least one is set)."""
        conditions = _conditions(query)
        counted = self._listing(query) if query.tier else sa.select(ClientRow.id).where(*conditions)
        counted = self.scope.filter_clients(counted, ClientRow.id)
        return self.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery())) or 0

    def listing_page(
        self, query: ListingQuery, *, sort: str, offset: int, limit: int
    ) -> list[ListedId]:
        """One page of the visible clients matching the filters, sorted by ``sort``
        (``name``, ``last_contact``, ``tier``, ``promises``, ``risk``; else by name). Ids
        only: the wide rows are read for the one page (:meth:`with_facts`)."""
        tier = _tier_column(query.cutoffs)
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
        stmt = (
            self._listing(query)
            .order_by(*order.get(sort, order["name"]))
            .offset(offset)
            .limit(limit)
        )
        return [
            ListedId(cid, tier_value, bool(overridden))
            for cid, tier_value, overridden in self.session.execute(stmt).all()
        ]

    def with_facts(self, ids: Iterable[int]) -> dict[int, tuple[ClientRow, ClientScoreRow]]:
        """These clients with their stored facts, by id (those that have facts)."""
        return {
            client_row.id: (client_row, score)
            for client_row, score in self.session.execute(
                sa.select(ClientRow, ClientScoreRow)
                .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
                .where(ClientRow.id.in_(list(ids)))
            )
        }

    def _positive_revenue(self) -> Any:
        row = ClientScoreRow
        return self.scope.filter_clients(
            sa.select(row.client_id, row.revenue).where(row.revenue > 0), row.client_id
        ).subquery()

    def _listing(self, query: ListingQuery) -> Any:
        tier = _tier_column(query.cutoffs)
        return self.scope.filter_clients(
            sa.select(ClientRow.id, tier.label("tier"), ClientRow.tier_override.is_not(None))
            .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
            .where(*_conditions(query)),
            ClientRow.id,
        )

    def visible_ids(self) -> list[int]:
        """The ids of the clients the caller may see, in id order."""
        stmt = self.scope.filter_clients(sa.select(ClientRow.id), ClientRow.id)
        return list(self.session.scalars(stmt.order_by(ClientRow.id)))

    def with_ids(self, client_ids: Sequence[int]) -> list[Client]:
        """The clients with these ids, in id order (not limited to the caller's: the ids
        were found visible before)."""
        stmt = sa.select(ClientRow).where(ClientRow.id.in_(client_ids)).order_by(ClientRow.id)
        return [to_domain(r, Client) for r in self.session.scalars(stmt)]

    def owners(self, client_ids: Sequence[int]) -> dict[int, int]:
        """The owning account of each of ``client_ids`` that an account owns."""
        stmt = sa.select(ClientOwnerRow.client_id, ClientOwnerRow.user_id).where(
            ClientOwnerRow.client_id.in_(client_ids)
        )
        return dict(self.session.execute(stmt).all())

    def id_by_name(self, name: str) -> int | None:
        """The id of the client named ``name`` (any case, surrounding spaces ignored), seen
        or not: the audit log names deleted and hidden clients by id; calendar and contact
        sync match by name."""
        found = self.session.scalar(
            sa.select(ClientRow.id).where(sa.func.lower(ClientRow.name) == name.strip().lower())
        )
        return None if found is None else int(found)

    def name_now(self, client_id: int) -> str | None:
        """A client's name, read on the session's connection (usable while it flushes)."""
        return (
            self.session.connection()
            .execute(sa.select(ClientRow.name).where(ClientRow.id == client_id))
            .scalar()
        )

    def name_of(self, client_id: int) -> str | None:
        """A client's name (None: no such client), of all clients."""
        return self.session.scalar(sa.select(ClientRow.name).where(ClientRow.id == client_id))

    def timezone_of(self, client_id: int) -> str | None:
        return self.session.scalar(sa.select(ClientRow.timezone).where(ClientRow.id == client_id))

    def emails(self) -> list[str]:
        """Every client's e-mail address (those that have one)."""
        return list(
            self.session.scalars(sa.select(ClientRow.email).where(ClientRow.email.is_not(None)))
        )

    def all_plain(self) -> list[Client]:
        """Every client as the domain's dataclass, by id (all clients: attendee matching)."""
        table = ClientRow.__table__
        names = [f.name for f in fields(Client)]
        rows = self.session.execute(sa.select(*(table.c[n] for n in names)).order_by(table.c.id))
        return [Client(*row) for row in rows]

    def touch_due_by(
        self, until: datetime, limit: int | None = None
    ) -> tuple[list[tuple[ClientRow, datetime | None]], int]:
        """Visible clients whose stored touch-point is due by ``until``, most overdue first
        (at most ``limit``), with their last contact; and how many there are in all."""
        due = ClientScoreRow.touch_due_at <= until
        stmt = self.scope.filter_clients(
            sa.select(ClientRow, ClientScoreRow.last_contact)
            .join(ClientScoreRow, ClientScoreRow.client_id == ClientRow.id)
            .where(due),
            ClientRow.id,
        )
        counted = self.scope.filter_clients(
            sa.select(sa.func.count()).select_from(ClientScoreRow).where(due),
            ClientScoreRow.client_id,
        )
        ordered = stmt.order_by(ClientScoreRow.touch_due_at, ClientRow.name)
        count = self.session.scalar(counted) or 0
        rows = self.session.execute(ordered.limit(limit) if limit else ordered)
        return [(row, contact) for row, contact in rows], count

    def names_of(self, ids: Collection[int]) -> dict[int, str]:
        """Client id -> name for these ids (not limited to the scope)."""
        if not ids:
            return {}
        query = sa.select(ClientRow.id, ClientRow.name).where(ClientRow.id.in_(ids))
        return {row.id: row.name for row in self.session.execute(query)}

    def count(self) -> int:
        """How many clients there are (all of them)."""
        return int(self.session.scalar(sa.select(sa.func.count()).select_from(ClientRow)) or 0)


def _conditions(query: ListingQuery) -> list[Any]:
    conditions: list[Any] = []
    if query.q.strip():
        conditions.append(ClientRow.name.icontains(query.q.strip(), autoescape=True))
    if query.origin:
        conditions.append(ClientRow.origin == query.origin)
    if query.language:
        conditions.append(ClientRow.language == query.language)
    if query.tier:
        conditions.append(_tier_column(query.cutoffs) == query.tier)
    return conditions


def _tier_column(last: Cutoffs) -> sa.ColumnElement[str]:
    """Each client's tier as a plain SQL expression: a client ranked at or before the last
    A client is A, else at or before the last B client is B, else C (and no revenue is C).
    An override always wins."""
    row = ClientScoreRow

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
