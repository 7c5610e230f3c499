"""Per-client trust from the workspace's evidence, monthly snapshots, risk and slipping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from rapport.domain import practices, trust
from rapport.domain.messages import Message
from rapport.domain.model import Client, Commitment, Interaction, InteractionKind, Workspace
from rapport.domain.portfolio import revenue_by_client
from rapport.domain.practices import Context
from rapport.domain.signals import ConversationSignals
from rapport.domain.trust import COMPONENT_NAMES, ClientTrust
from rapport.services.assessment import AssessmentService
from rapport.services.rendering import message_json, tr
from rapport.services.when import now as clock
from rapport.services.workspace import WorkspaceService
from rapport.storage.intel_rows import TrustSnapshotRow
from rapport.storage.unit_of_work import Database

SignalsFor = Callable[[int], ConversationSignals | None]
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


def month_of(at: datetime) -> str:
    return f"{at.year:04d}-{at.month:02d}"


class TrustService:
    def __init__(
        self,
        db: Database,
        workspace: WorkspaceService,
        assessments: AssessmentService,
        signals_for: SignalsFor | None = None,
        analysed_clients: Callable[[], set[int]] | None = None,
    ) -> None:
        self.db = db
        self.workspace = workspace
        self.assessments = assessments
        self.signals_for = signals_for
        # Which clients have any analysed meeting: one query instead of one per client.
        self.analysed_clients = analysed_clients

    def reports(
        self, *, at: datetime | None = None, snapshot: bool = True, ws: Workspace | None = None
    ) -> list[ClientReport]:
        """Every client, highest risk (low trust, high revenue) first; with ``snapshot``
        this month's snapshot is stored or replaced."""
        at = at or clock()
        ws = ws or self.workspace.snapshot()
        estimates = self._estimates(ws, at)
        if snapshot:
            self.store_snapshots(estimates, at)
        revenue = revenue_by_client(
            ws.revenue, since=(at - timedelta(days=RISK_WINDOW_DAYS)).date()
        )
        total = sum((max(v, Decimal(0)) for v in revenue.values()), Decimal(0))
        trends = self.trends()
        _promises, talks = _by_client(ws)  # grouped once: per-client scans were quadratic
        clients = {c.id: c for c in ws.clients}
        reports = []
        for e in estimates:
            share = (
                float(max(revenue.get(e.client_id, Decimal(0)), Decimal(0)) / total)
                if total
                else 0.0
            )
            reports.append(
                ClientReport(
                    estimate=e,
                    revenue_share=round(share, 4),
                    risk=trust.risk(share, e.trust),
                    contexts=_contexts(clients[e.client_id], talks.get(e.client_id, []), at),
                    trend=tuple(trends.get(e.client_id, ())),
                )
            )
        return sorted(reports, key=lambda r: (-r.risk, r.estimate.trust, r.estimate.client))

    def report(
        self, name_or_id: str | int, *, at: datetime | None = None, snapshot: bool = True
    ) -> ClientReport:
        client = self.workspace.find_client(name_or_id)
        for r in self.reports(at=at, snapshot=snapshot):
            if r.estimate.client_id == client.id:
                return r
        raise AssertionError("a found client always has a report")

    def _estimates(self, ws: Workspace, at: datetime) -> list[ClientTrust]:
        self_assessed = self.assessments.latest_self_orientation()
        promises, talks = _by_client(ws)
        analysed = self.analysed_clients() if self.analysed_clients else None
        result = []
        for client in ws.clients:
            assert client.id is not None
            wanted = self.signals_for and (analysed is None or client.id in analysed)
            signals = self.signals_for(client.id) if self.signals_for and wanted else None
            result.append(
                trust.estimate(
                    client,
                    promises.get(client.id, []),
                    talks.get(client.id, []),
                    at,
                    signals=signals,
                    self_assessed=self_assessed,
                )
            )
        return result

    def store_snapshots(self, estimates: list[ClientTrust], at: datetime) -> None:
        """One snapshot per client and month: a later run in the same month replaces it."""
        month = month_of(at)
        with self.db.transaction() as s:
            existing = {
                row.client_id: row
                for row in s.scalars(
                    sa.select(TrustSnapshotRow).where(TrustSnapshotRow.month == month)
                )
            }
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

    def trends(self) -> dict[int, list[tuple[str, float]]]:
        with self.db.reading() as s:
            stmt = sa.select(
                TrustSnapshotRow.client_id, TrustSnapshotRow.month, TrustSnapshotRow.trust
            ).order_by(TrustSnapshotRow.client_id, TrustSnapshotRow.month)
            rows = s.execute(
                self.workspace.actor.filter_clients(stmt, TrustSnapshotRow.client_id)
            ).all()
        found: dict[int, list[tuple[str, float]]] = {}
        for client_id, month, value in rows:
            found.setdefault(client_id, []).append((month, float(value)))
        return found

    def slipping(
        self, threshold: float, *, at: datetime | None = None, ws: Workspace | None = None
    ) -> list[tuple[ClientReport, list[Message]]]:
        """Clients whose trust is slipping, with the reasons (compared with the latest
        snapshot from an earlier month; nothing is stored)."""
        at = at or clock()
        ws = ws or self.workspace.snapshot()
        clients = {c.id: c for c in ws.clients}
        this_month = month_of(at)
        promises, talks = _by_client(ws)
        found = []
        for report in self.reports(at=at, snapshot=False, ws=ws):
            e = report.estimate
            client: Client = clients[e.client_id]
            earlier = [t for t in report.trend if t[0] < this_month]
            setbacks = trust.recent_setbacks(
                promises.get(e.client_id, []),
                talks.get(e.client_id, []),
                client.cadence_days,
                at,
                client.created_at,
            )
            reasons = trust.slipping(e.trust, earlier[-1] if earlier else None, threshold, setbacks)
            if reasons:
                found.append((report, reasons))
        return found


def _by_client(ws: Workspace) -> tuple[dict[int, list[Commitment]], dict[int, list[Interaction]]]:
    promises: dict[int, list[Commitment]] = {}
    talks: dict[int, list[Interaction]] = {}
    for c in ws.commitments:
        promises.setdefault(c.client_id, []).append(c)
    for i in ws.interactions:
        talks.setdefault(i.client_id, []).append(i)
    return promises, talks


def _contexts(client: Client, talks: list[Interaction], at: datetime) -> tuple[Context, ...]:
    """Contexts that pick practices: virtual when under half the recent contact (``talks``:
    the client's interactions) is in person; chatty when personal talk runs over twice the
    client's budget."""
    since = at - timedelta(days=trust.WINDOW_DAYS)
    recent = [i for i in talks if since <= i.started_at <= at]
    found: list[Context] = []
    if recent:
        in_person = sum(1 for i in recent if i.kind is InteractionKind.IN_PERSON)
        if in_person / len(recent) < 0.5:
            found.append(Context.VIRTUAL)
        timed = [i for i in recent if i.personal_min is not None and i.duration_min > 0]
        duration = sum(i.duration_min for i in timed)
        if (
            duration
            and sum(i.personal_min or 0 for i in timed) / duration > 2 * client.personal_budget
        ):
            found.append(Context.CHATTY)
    return tuple(found)


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
