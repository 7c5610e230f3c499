"""Reliability: the day's list (promises at risk and overdue, touch-points, slipping
trust) and the announce-it-early flow."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from rapport.domain import commitments as ledger
from rapport.domain.commitments import EarlyNotice, LedgerEntry
from rapport.domain.model import Client, Commitment
from rapport.jsonable import dump
from rapport.services.rendering import message_json
from rapport.services.trust import TrustService
from rapport.services.when import now as clock
from rapport.services.workspace import WorkspaceService


class ReliabilityService:
    def __init__(
        self,
        workspace: WorkspaceService,
        trust: TrustService,
        *,
        at_risk_days: int = 3,
        slipping_threshold: float = 2.0,
    ) -> None:
        self.workspace = workspace
        self.trust = trust
        self.at_risk_days = at_risk_days
        self.slipping_threshold = slipping_threshold

    def today(self, *, at: datetime | None = None, lang: str = "en") -> dict[str, Any]:
        """The day's list as JSON-ready data: at_risk, overdue, touchpoints_due, slipping."""
        at = at or clock()
        ws = self.workspace.snapshot()
        names = {c.id: c.name for c in ws.clients}

        def entry(e: LedgerEntry, days_key: str) -> dict[str, Any]:
            c = e.commitment
            return {
                "id": c.id,
                "client_id": c.client_id,
                "client": names.get(c.client_id),
                "text": c.text,
                "due_at": c.due_at.isoformat(),
                "original_due_at": c.original_due_at.isoformat() if c.original_due_at else None,
                "size": c.size.value,
                "announced": e.announced,
                days_key: e.days,
            }

        slipping = self.trust.slipping(self.slipping_threshold, at=at, ws=ws)
        return {
            "at_risk": [
                entry(e, "due_in_days")
                for e in ledger.at_risk(ws.commitments, at, self.at_risk_days)
            ],
            "overdue": [entry(e, "days_overdue") for e in ledger.overdue(ws.commitments, at)],
            "touchpoints_due": [
                {
                    **{k: v for k, v in asdict(t).items() if k not in ("last_contact", "due_at")},
                    "last_contact": t.last_contact.isoformat() if t.last_contact else None,
                    "due_at": t.due_at.isoformat(),
                }
                for t in ledger.touchpoints(ws.clients, ws.interactions, at, self.at_risk_days)
            ],
            "slipping": [
                {
                    "client_id": report.estimate.client_id,
                    "client": report.estimate.client,
                    "trust": report.estimate.trust,
                    "reasons": [message_json(m, lang) for m in reasons],
                }
                for report, reasons in slipping
            ],
        }

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


def announce_json(commitment: Commitment, notice: EarlyNotice) -> dict[str, Any]:
    return {"commitment": dump(commitment), "notice": dump(notice)}
