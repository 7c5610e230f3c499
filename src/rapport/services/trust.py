"""Per-client trust from the workspace's evidence, monthly snapshots, risk and slipping."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from rapport.clock import now as clock
from rapport.domain import practices, trust
from rapport.domain.facts import ClientFacts
from rapport.domain.practices import Context
from rapport.domain.trust import COMPONENT_NAMES, ClientTrust, Component
from rapport.services.assessment import PracticeDetail, ShownMessage
from rapport.services.client_facts import ClientFactsService, FactsFailedError
from rapport.services.rendering import readable, render, tr
from rapport.services.workspace import WorkspaceService
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import Param, Text

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

    @contextmanager
    def _reading(self) -> Iterator[Repositories]:
        """The repositories on a reading session, for the workspace's actor."""
        with self.db.reading() as s:
            yield Repositories(s, self.workspace.actor)

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
        with self._reading() as repos:
            totals = repos.records.revenue_totals_since(since)
        return sum((max(t, Decimal(0)) for t in totals), Decimal(0))

    def stored_revenue_total(self) -> Decimal:
        """The same total from the stored facts (current ones: refreshed first)."""
        self.facts.refresh(None)
        with self._reading() as repos:
            return repos.scores.positive_revenue_total()

    def store_snapshots(self, estimates: list[ClientTrust], at: datetime) -> None:
        """One snapshot per client and month: a later run in the same month replaces it."""
        with self.db.transaction() as s:
            Repositories(s, self.workspace.actor).scores.save_month_snapshots(
                estimates, month_of(at), at
            )

    def trends(self, client_ids: Sequence[int] | None = None) -> dict[int, list[tuple[str, float]]]:
        """(month, trust) of every stored snapshot of the visible clients (or those of
        them in ``client_ids``), oldest first, by client."""
        with self._reading() as repos:
            return repos.scores.trends(client_ids)

    def previous_snapshots(
        self, client_ids: Sequence[int], before_month: str
    ) -> dict[int, Snapshot]:
        """Each client's latest snapshot from a month before ``before_month``, components
        included."""
        found: dict[int, Snapshot] = {}
        with self._reading() as repos:
            for row in repos.scores.latest_snapshots_before(client_ids, before_month):
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
        before_month = month_of(at)
        candidates: list[int] | None = None
        if not explicit:
            self.facts.refresh(None, at)
            with self._reading() as repos:
                candidates, count = repos.scores.slipping_ids(
                    threshold, before_month, trust.SLIP_DROP, limit
                )
            if not candidates:
                return [], count
        facts = self.facts.facts(candidates, at=at if explicit else None)
        with self._reading() as repos:
            previous = repos.scores.earlier_trust(before_month, candidates)
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


@dataclass(frozen=True, slots=True)
class ShownEvidence:
    """One piece of evidence: ``text`` in the language asked for, the English ``key`` and
    ``params``, and its ``effect`` on the component's score."""

    text: str
    key: str
    params: dict[str, Param]
    effect: float


@dataclass(frozen=True, slots=True)
class ShownComponent:
    """A trust component's score, how sure it is, and the evidence behind it."""

    score: float
    confidence: float
    evidence: tuple[ShownEvidence, ...]


@dataclass(frozen=True, slots=True)
class TrustChange:
    """Since the latest snapshot of an earlier month: the trust and score then, the change
    of the score, and the component that moved trust the most."""

    since: str
    trust_before: float
    score_before: float
    score_delta: float
    reason: ShownMessage


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The trust stored for one month (YYYY-MM)."""

    month: str
    trust: float


@dataclass(frozen=True, slots=True)
class TrustView:
    """The contract shape of one client's trust, texts in one language (field names are
    the JSON keys)."""

    client_id: int
    client: str
    trust: float
    score: float
    scale: int
    band: str
    band_name: str
    band_meaning: str
    change: TrustChange | None
    confidence: float
    components: dict[str, ShownComponent]
    weakest: str
    weakest_name: str
    practices: tuple[PracticeDetail, ...]
    revenue_share: float
    risk: float
    trend: tuple[TrendPoint, ...]


def _shown(message: Text, lang: str) -> ShownMessage:
    return ShownMessage(
        text=render(message, lang), key=message.template, params=dict(message.params)
    )


def component_json(estimate: trust.ComponentEstimate, lang: str) -> ShownComponent:
    return ShownComponent(
        score=estimate.score,
        confidence=estimate.confidence,
        evidence=tuple(
            ShownEvidence(
                text=render(e.message, lang),
                key=e.message.template,
                params=dict(e.message.params),
                effect=e.effect,
            )
            for e in estimate.evidence
        ),
    )


def report_json(report: ClientReport, lang: str) -> TrustView:
    """The contract shape for one client, texts in ``lang``."""
    e = report.estimate
    scores = {k: v.score for k, v in e.components.items()}
    weakest = e.weakest()
    picks = practices.pick(scores, report.contexts)
    shown = readable(e.trust, lang)
    return TrustView(
        client_id=e.client_id,
        client=e.client,
        trust=e.trust,
        score=shown.score,
        scale=shown.scale,
        band=shown.band,
        band_name=shown.band_name,
        band_meaning=shown.band_meaning,
        change=change_json(report, lang),
        confidence=e.confidence,
        components={k.value: component_json(v, lang) for k, v in e.components.items()},
        weakest=weakest.value,
        weakest_name=tr(COMPONENT_NAMES[weakest], lang),
        practices=tuple(
            PracticeDetail(
                id=p.practice.id, text=tr(p.practice.text, lang), why=_shown(p.why, lang)
            )
            for p in picks
        ),
        revenue_share=report.revenue_share,
        risk=report.risk,
        trend=tuple(TrendPoint(month=m, trust=t) for m, t in report.trend),
    )


def change_json(report: ClientReport, lang: str) -> TrustChange | None:
    """Since the latest snapshot of an earlier month: the score then, the change, and the
    component that moved trust the most; None when there is no earlier snapshot."""
    before = report.previous
    if before is None:
        return None
    e = report.estimate
    now_scores = {k: v.score for k, v in e.components.items()}
    score_before = trust.readable_score(before.trust)
    return TrustChange(
        since=before.month,
        trust_before=before.trust,
        score_before=score_before,
        score_delta=round(e.score - score_before, 1),
        reason=_shown(trust.change_reason(before.components, now_scores), lang),
    )
