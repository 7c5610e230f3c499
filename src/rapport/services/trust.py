"""Per-client trust from the workspace's evidence, monthly snapshots, risk and slipping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from rapport.clock import now as clock
from rapport.domain import practices, trust
from rapport.domain.facts import ClientFacts
from rapport.domain.practices import Context
from rapport.domain.trust import COMPONENT_NAMES, ClientTrust, Component
from rapport.services.client_facts import ClientFactsService, FactsFailedError
from rapport.services.rendering import message_json, score_json, tr
from rapport.services.workspace import WorkspaceService
from rapport.storage.intel_rows import TrustSnapshotRow
from rapport.storage.orm import RevenueRow
from rapport.storage.score_rows import ClientScoreRow, positive_revenue, risk_order
from rapport.storage.unit_of_work import Database
from rapport.texts import Text

RISK_WINDOW_DAYS = 365


@dataclass(frozen=True, slots=True)
class ClientReport:
    estimate: ClientTrust
    revenue_share: float
    """Share of the last 12 months' revenue."""
    risk: float
    contexts: tuple[Context, ...]
    trend: tuple[tuple[str, float], ...]
    """(YYYY-MM, trust) per stored month, oldest first."""
    previous: Snapshot | None = None
    """The latest snapshot of a month before the current one: what "since last time" is."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    month: str
    trust: float
    components: dict[Component, float]


def month_of(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


class TrustService:
    def __init__(
        self, db: Database, workspace: WorkspaceService, facts: ClientFactsService
    ) -> None:
        self.db = db
        self.workspace = workspace
        self.facts = facts

    def reports(
        self,
        *,
        at: datetime | None = None,
        snapshot: bool = True,
        client_ids: Sequence[int] | None = None,
        facts: Mapping[int, ClientFacts] | None = None,
    ) -> list[ClientReport]:
        """Every visible client (or those in ``client_ids``), highest risk (low trust, high
        revenue) first; with ``snapshot`` this month's snapshot is stored or replaced (not for
        a read-only account)."""
        found = facts if facts is not None else self.facts.facts(client_ids, at=at)
        total = self.revenue_total(at) if at is not None else self.stored_revenue_total()
        at = at or clock()
        if snapshot and self.workspace.actor.may_write:  # a read-only account stores nothing
            self.store_snapshots([f.estimate for f in found.values()], at)
        trends = self.trends(list(found) if client_ids is not None or facts else None)
        previous = self.previous_snapshots(list(found), month_of(at))
        reports = []
        for f in found.values():
            e = f.estimate
            share = float(max(f.revenue, Decimal(0)) / total) if total else 0.0
            reports.append(
                ClientReport(
                    estimate=e,
                    revenue_share=round(share, 4),
                    risk=trust.risk(share, e.trust),
                    contexts=f.contexts,
                    trend=tuple(trends.get(e.client_id, ())),
                    previous=previous.get(e.client_id),
                )
            )
        return sorted(reports, key=lambda r: (-r.risk, r.estimate.trust, r.estimate.client))

    def report(
        self, name_or_id: str | int, *, at: datetime | None = None, snapshot: bool = True
    ) -> ClientReport:
        client = self.workspace.find_client(name_or_id)
        assert client.id is not None
        found = self.reports(at=at, snapshot=snapshot, client_ids=[client.id])
        if not found:  # its facts cannot be computed (logged; the others are served)
            raise FactsFailedError(client.id)
        return found[0]

    def revenue_total(self, at: datetime) -> Decimal:
        """The last 12 months' revenue of the visible clients, each client's total counted
        from zero up (a client with net refunds does not lower it)."""
        since = (at - timedelta(days=RISK_WINDOW_DAYS)).date()
        per_client = self.workspace.actor.filter_clients(
            sa.select(RevenueRow.client_id, sa.func.sum(RevenueRow.amount).label("total"))
            .where(RevenueRow.on >= since)
            .group_by(RevenueRow.client_id),
            RevenueRow.client_id,
        ).subquery()
        with self.db.reading() as s:
            totals = s.scalars(sa.select(per_client.c.total)).all()
        return sum((max(Decimal(t), Decimal(0)) for t in totals if t is not None), Decimal(0))

    def stored_revenue_total(self) -> Decimal:
        """The same total from the stored facts (current ones: refreshed first)."""
        self.facts.refresh(None)
        row = ClientScoreRow
        stmt = self.workspace.actor.filter_clients(
            sa.select(sa.func.sum(positive_revenue())),
            row.client_id,
        )
        with self.db.reading() as s:
            return Decimal(s.scalar(stmt) or 0)

    def store_snapshots(self, estimates: list[ClientTrust], at: datetime) -> None:
        """One snapshot per client and month: a later run in the same month replaces it."""
        month = month_of(at)
        ids = [e.client_id for e in estimates]
        with self.db.transaction() as s:
            existing: dict[int, TrustSnapshotRow] = {}
            for start in range(0, len(ids), 500):
                rows = s.scalars(
                    sa.select(TrustSnapshotRow).where(
                        TrustSnapshotRow.month == month,
                        TrustSnapshotRow.client_id.in_(ids[start : start + 500]),
                    )
                )
                existing.update({row.client_id: row for row in rows})
            for e in estimates:
                row = existing.get(e.client_id) or TrustSnapshotRow(
                    client_id=e.client_id, month=month
                )
                row.taken_at = at
                row.trust = e.trust
                row.credibility = e.credibility.score
                row.reliability = e.reliability.score
                row.intimacy = e.intimacy.score
                row.self_orientation = e.self_orientation.score
                s.add(row)

    def trends(self, client_ids: Sequence[int] | None = None) -> dict[int, list[tuple[str, float]]]:
        stmt = sa.select(
            TrustSnapshotRow.client_id, TrustSnapshotRow.month, TrustSnapshotRow.trust
        ).order_by(TrustSnapshotRow.client_id, TrustSnapshotRow.month)
        found: dict[int, list[tuple[str, float]]] = {}
        with self.db.reading() as s:
            chunks = (
                [stmt]
                if client_ids is None
                else [
                    stmt.where(TrustSnapshotRow.client_id.in_(client_ids[i : i + 500]))
                    for i in range(0, len(client_ids), 500)
                ]
            )
            for chunk in chunks:
                rows = s.execute(
                    self.workspace.actor.filter_clients(chunk, TrustSnapshotRow.client_id)
                ).all()
                for client_id, month, value in rows:
                    found.setdefault(client_id, []).append((month, float(value)))
        return found

    def previous_snapshots(
        self, client_ids: Sequence[int], before_month: str
    ) -> dict[int, Snapshot]:
        """Each client's latest snapshot from a month before ``before_month``, components
        included."""
        t = TrustSnapshotRow
        latest = (
            sa.select(t.client_id, sa.func.max(t.month).label("month"))
            .where(t.month < before_month)
            .group_by(t.client_id)
            .subquery()
        )
        stmt = sa.select(t).join(
            latest, sa.and_(latest.c.client_id == t.client_id, latest.c.month == t.month)
        )
        found: dict[int, Snapshot] = {}
        with self.db.reading() as s:
            for start in range(0, len(client_ids), 500):
                chunk = client_ids[start : start + 500]
                for row in s.scalars(stmt.where(t.client_id.in_(chunk))):
                    found[row.client_id] = Snapshot(
                        row.month,
                        float(row.trust),
                        {
                            trust.Component.CREDIBILITY: float(row.credibility),
                            trust.Component.RELIABILITY: float(row.reliability),
                            trust.Component.INTIMACY: float(row.intimacy),
                            trust.Component.SELF_ORIENTATION: float(row.self_orientation),
                        },
                    )
        return found

    def earlier_snapshots(self, before_month: str) -> sa.Subquery:
        """Each client's latest snapshot from a month before ``before_month``."""
        latest = (
            sa.select(
                TrustSnapshotRow.client_id, sa.func.max(TrustSnapshotRow.month).label("month")
            )
            .where(TrustSnapshotRow.month < before_month)
            .group_by(TrustSnapshotRow.client_id)
            .subquery()
        )
        return (
            sa.select(TrustSnapshotRow.client_id, TrustSnapshotRow.month, TrustSnapshotRow.trust)
            .join(
                latest,
                sa.and_(
                    latest.c.client_id == TrustSnapshotRow.client_id,
                    latest.c.month == TrustSnapshotRow.month,
                ),
            )
            .subquery()
        )

    def slipping(
        self, threshold: float, *, at: datetime | None = None, limit: int | None = None
    ) -> tuple[list[tuple[ClientReport, list[Text]]], int]:
        """Clients whose trust is slipping, with the reasons (compared with the latest
        snapshot from an earlier month; nothing is stored), highest risk first, at most
        ``limit`` of them; and how many there are in all.

        For now, they are found in SQL from the stored facts (under the threshold with a
        setback, or more than 10% under the earlier snapshot: exactly the two ways to
        slip) and only they are loaded; for another moment every client is computed."""
        explicit = at is not None
        at = at or clock()
        earlier = self.earlier_snapshots(month_of(at))
        candidates: list[int] | None = None
        if not explicit:
            self.facts.refresh(None, at)
            row = ClientScoreRow
            low = sa.select(row.client_id).where(row.trust < threshold, row.setbacks > 0)
            fell = (
                sa.select(row.client_id)
                .join(earlier, earlier.c.client_id == row.client_id)
                .where(row.trust < earlier.c.trust * (1 - trust.SLIP_DROP))
            )
            # Two index-friendly queries instead of one OR over every client.
            found_ids = sa.union(low, fell).subquery()
            stmt = self.workspace.actor.filter_clients(
                sa.select(row.client_id).join(found_ids, found_ids.c.client_id == row.client_id),
                row.client_id,
            )
            with self.db.reading() as s:
                count = s.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0
                ordered = stmt.order_by(*risk_order(), row.client_id)
                candidates = list(s.scalars(ordered.limit(limit) if limit else ordered))
            if not candidates:
                return [], count
        facts = self.facts.facts(candidates, at=at if explicit else None)
        query = sa.select(earlier)
        if candidates is not None:
            query = query.where(earlier.c.client_id.in_(candidates))
        with self.db.reading() as s:
            previous = {cid: (month, float(value)) for cid, month, value in s.execute(query)}
        found = []
        for report in self.reports(at=at if explicit else None, snapshot=False, facts=facts):
            e = report.estimate
            reasons = trust.slipping(
                e.trust, previous.get(e.client_id), threshold, facts[e.client_id].setbacks
            )
            if reasons:
                found.append((report, reasons))
        if explicit:
            count = len(found)
        return (found[:limit] if limit else found), count


def component_json(estimate: trust.ComponentEstimate, lang: str) -> dict[str, Any]:
    return {
        "score": estimate.score,
        "confidence": estimate.confidence,
        "evidence": [
            {**message_json(e.message, lang), "effect": e.effect} for e in estimate.evidence
        ],
    }


def report_json(report: ClientReport, lang: str) -> dict[str, Any]:
    """The contract shape for one client, texts in ``lang``."""
    e = report.estimate
    scores = {k: v.score for k, v in e.components.items()}
    weakest = e.weakest()
    picks = practices.pick(scores, report.contexts)
    return {
        "client_id": e.client_id,
        "client": e.client,
        "trust": e.trust,
        **score_json(e.trust, lang),
        "change": change_json(report, lang),
        "confidence": e.confidence,
        "components": {k.value: component_json(v, lang) for k, v in e.components.items()},
        "weakest": weakest.value,
        "weakest_name": tr(COMPONENT_NAMES[weakest], lang),
        "practices": [
            {
                "id": p.practice.id,
                "text": tr(p.practice.text, lang),
                "why": message_json(p.why, lang),
            }
            for p in picks
        ],
        "revenue_share": report.revenue_share,
        "risk": report.risk,
        "trend": [{"month": m, "trust": t} for m, t in report.trend],
    }


def change_json(report: ClientReport, lang: str) -> dict[str, Any] | None:
    """Since the latest snapshot of an earlier month: the score then, the change, and the
    component that moved trust the most; None when there is no earlier snapshot."""
    before = report.previous
    if before is None:
        return None
    e = report.estimate
    now_scores = {k: v.score for k, v in e.components.items()}
    score_before = trust.readable_score(before.trust)
    return {
        "since": before.month,
        "trust_before": before.trust,
        "score_before": score_before,
        "score_delta": round(e.score - score_before, 1),
        "reason": message_json(trust.change_reason(before.components, now_scores), lang),
    }
