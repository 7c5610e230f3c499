"""Reliability: the day's list (promises at risk and overdue, touch-points, slipping
trust) and the announce-it-early flow."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rapport.clock import now as clock
from rapport.domain import commitments as ledger
from rapport.domain.commitments import EarlyNotice, LedgerEntry
from rapport.domain.model import Client, Commitment
from rapport.services.hours import HoursService
from rapport.services.reliability_results import (
    AtRiskPromise,
    OverduePromise,
    Reason,
    SlippingClient,
    Today,
    TodayCounts,
    TouchpointDue,
)
from rapport.services.rendering import render
from rapport.services.trust import TrustService
from rapport.services.workspace import WorkspaceService
from rapport.storage.mapping import to_domain
from rapport.storage.repositories import Repositories
from rapport.texts import Text


class ReliabilityService:
    def __init__(
        self,
        workspace: WorkspaceService,
        trust: TrustService,
        *,
        at_risk_days: int = 3,
        slipping_threshold: float = 2.0,
        hours: HoursService | None = None,
    ) -> None:
        self.workspace = workspace
        self.trust = trust
        self.at_risk_days = at_risk_days
        self.slipping_threshold = slipping_threshold
        self.hours = hours

    def today(
        self, *, at: datetime | None = None, lang: str = "en", limit: int | None = None
    ) -> Today:
        """The day's list: at_risk, overdue, touchpoints_due, slipping (each at most
        ``limit`` long, the most urgent first) and ``counts``, how many there are of each
        in all.

        Reads only what the list needs: pending promises due by the horizon, clients
        whose touch-point is due (from the stored facts), and slipping clients."""
        explicit = at is not None
        at = at or clock()
        horizon = at + timedelta(days=self.at_risk_days)
        overdue, overdue_count = self._promises(limit, due_before=at)
        soon, soon_count = self._promises(limit, due_from=at, due_until=horizon)
        touchpoints, touch_count = self._touchpoints(at, explicit, limit)
        slipping, slipping_count = self.trust.slipping(
            self.slipping_threshold, at=at if explicit else None, limit=limit
        )
        soon_promises, soon_names = soon
        overdue_promises, overdue_names = overdue
        return Today(
            at_risk=tuple(
                AtRiskPromise(*_entry(e, soon_names), due_in_days=e.days)
                for e in ledger.at_risk(soon_promises, at, self.at_risk_days)
            ),
            overdue=tuple(
                OverduePromise(*_entry(e, overdue_names), days_overdue=e.days)
                for e in ledger.overdue(overdue_promises, at)
            ),
            touchpoints_due=tuple(
                TouchpointDue(
                    client_id=t.client_id,
                    client=t.client,
                    cadence_days=t.cadence_days,
                    days_overdue=t.days_overdue,
                    status=t.status,
                    last_contact=t.last_contact.isoformat() if t.last_contact else None,
                    due_at=t.due_at.isoformat(),
                )
                for t in touchpoints
            ),
            slipping=tuple(
                SlippingClient(
                    client_id=report.estimate.client_id,
                    client=report.estimate.client,
                    trust=report.estimate.trust,
                    reasons=tuple(_reason(m, lang) for m in reasons),
                )
                for report, reasons in slipping
            ),
            counts=TodayCounts(
                at_risk=soon_count,
                overdue=overdue_count,
                touchpoints_due=touch_count,
                slipping=slipping_count,
            ),
            # This week's meeting hours against the weekly cap, clients over their monthly cap.
            hours=self.hours.today(lang, now=at) if self.hours is not None else None,
        )

    def _promises(
        self,
        limit: int | None,
        *,
        due_before: datetime | None = None,
        due_from: datetime | None = None,
        due_until: datetime | None = None,
    ) -> tuple[tuple[list[Commitment], dict[int, str]], int]:
        """Visible pending promises due before ``due_before`` or in [due_from,
        due_until], soonest due first (at most ``limit``), with their clients' names;
        and how many match in all."""
        ws = self.workspace
        promises: list[Commitment] = []
        names: dict[int, str] = {}
        with ws.db.reading() as s:
            found, count = Repositories(s, ws.actor).commitments.pending_with_names(
                ledger.PENDING,
                due_before=due_before,
                due_from=due_from,
                due_until=due_until,
                limit=limit,
            )
            for row, name in found:
                promises.append(to_domain(row, Commitment))
                names[row.client_id] = name
        return (promises, names), count

    def _touchpoints(
        self, at: datetime, explicit: bool, limit: int | None
    ) -> tuple[list[ledger.Touchpoint], int]:
        """Clients whose touch-point is due within the horizon, most overdue first. Now:
        those the stored facts say are due (SQL on ``touch_due_at``); at another moment:
        computed."""
        horizon = self.at_risk_days
        if explicit:
            facts = self.trust.facts.facts(at=at)
            clients = [f.client for f in facts.values()]
            last = {cid: f.last_contact for cid, f in facts.items() if f.last_contact}
            found = ledger.touchpoints_from(clients, last, at, horizon)
            return (found[:limit] if limit else found), len(found)
        self.trust.facts.refresh(None, at)
        ws = self.workspace
        with ws.db.reading() as s:
            due, count = Repositories(s, ws.actor).clients.touch_due_by(
                at + timedelta(days=horizon), limit
            )
            rows = [(to_domain(row, Client), contact) for row, contact in due]
        clients = [client for client, _last in rows]
        last = {c.id: contact for c, contact in rows if c.id is not None and contact is not None}
        return ledger.touchpoints_from(clients, last, at, horizon), count

    def _load(self, commitment_id: int) -> tuple[Commitment, Client]:
        commitment = self.workspace.get(Commitment, commitment_id)
        return commitment, self.workspace.get(Client, commitment.client_id)

    def early_notice(
        self, commitment_id: int, *, at: datetime | None = None, new_due: datetime | None = None
    ) -> EarlyNotice:
        """What a drafted early-notice message needs, without recording anything."""
        commitment, client = self._load(commitment_id)
        return ledger.announce(commitment, client, at or clock(), new_due)[1]

    def announce(
        self, commitment_id: int, *, at: datetime | None = None, new_due: datetime | None = None
    ) -> tuple[Commitment, EarlyNotice]:
        """Record that the client was told (at ``at``, default now) and, with ``new_due``,
        re-commit to that date. One transaction."""
        commitment, client = self._load(commitment_id)
        told = (at or clock()).astimezone(UTC)
        due = new_due.astimezone(UTC) if new_due else None
        updated, notice = ledger.announce(commitment, client, told, due)
        stored = self.workspace.update(
            Commitment,
            commitment_id,
            {
                "announced_at": updated.announced_at,
                "original_due_at": updated.original_due_at,
                "due_at": updated.due_at,
                "status": updated.status,
            },
        )
        return stored, notice

    def recommit(
        self, commitment_id: int, *, new_due: datetime, at: datetime | None = None
    ) -> tuple[Commitment, Commitment, EarlyNotice]:
        """Apologise for an overdue promise and re-commit (at ``at``, default now): the
        promise is marked missed and a new open one, due ``new_due``, is added. One
        transaction; returns the missed promise, the new one and the notice."""
        commitment, client = self._load(commitment_id)
        told = (at or clock()).astimezone(UTC)
        missed, again, notice = ledger.recommit(commitment, client, told, new_due.astimezone(UTC))
        stored_missed, stored_new = self.workspace.commitment_succeeded(
            commitment_id,
            {
                "status": missed.status,
                "announced_at": missed.announced_at,
                "done_at": missed.done_at,
            },
            again,
        )
        return stored_missed, stored_new, notice

    def apology(
        self, commitment_id: int, *, new_due: datetime, at: datetime | None = None
    ) -> EarlyNotice:
        """What the apology draft needs, checked like :meth:`recommit`, recording nothing."""
        commitment, client = self._load(commitment_id)
        told = (at or clock()).astimezone(UTC)
        return ledger.recommit(commitment, client, told, new_due.astimezone(UTC))[2]


def _entry(
    e: LedgerEntry, names: dict[int, str]
) -> tuple[int | None, int, str | None, str, str, str | None, str, bool]:
    """The fields an at-risk or overdue promise shares, in order."""
    c = e.commitment
    return (
        c.id,
        c.client_id,
        names.get(c.client_id),
        c.text,
        c.due_at.isoformat(),
        c.original_due_at.isoformat() if c.original_due_at else None,
        c.size.value,
        e.announced,
    )


def _reason(message: Text, lang: str) -> Reason:
    return Reason(text=render(message, lang), key=message.template, params=dict(message.params))
