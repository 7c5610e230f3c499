"""Facts about a client that meeting features read: revenue standing, meeting hours,
how productive recent meetings were, open promises. Read-only queries over the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from rapport.domain.agenda import PersonalHistory
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    RevenueEntry,
    Tier,
)
from rapport.domain.portfolio import pareto
from rapport.domain.triage import Productivity
from rapport.services.workspace import WorkspaceService
from rapport.storage.orm import CommitmentRow, InteractionRow, RevenueRow

MEETING_KINDS = [k for k in InteractionKind if k.is_meeting]


@dataclass(frozen=True, slots=True)
class Standing:
    tier: Tier
    revenue_share: float


def standing(ws: WorkspaceService, client: Client, on: date) -> Standing:
    """Tier and revenue share from the revenue of the 12 months up to ``on`` (Pareto)."""
    entries = ws.list(
        RevenueEntry,
        where=[RevenueRow.on > on - timedelta(days=365), RevenueRow.on <= on],
    )
    revenue: dict[int, Decimal] = {}
    for entry in entries:
        revenue[entry.client_id] = revenue.get(entry.client_id, Decimal(0)) + entry.amount
    overrides = {c.id: c.tier_override for c in ws.list_clients() if c.id is not None}
    for client_id in overrides:
        revenue.setdefault(client_id, Decimal(0))
    for share in pareto(revenue, overrides):
        if share.client_id == client.id:
            return Standing(share.tier, share.share)
    return Standing(client.tier_override or Tier.C, 0.0)


def meeting_minutes(
    ws: WorkspaceService,
    start: datetime,
    end: datetime,
    *,
    client_id: int | None = None,
) -> int:
    """Minutes of meetings (in person, video, calls) that start in [start, end)."""
    meetings = ws.list(
        Interaction,
        client_id=client_id,
        where=[
            InteractionRow.started_at >= start,
            InteractionRow.started_at < end,
            InteractionRow.kind.in_(MEETING_KINDS),
        ],
    )
    return sum(m.duration_min for m in meetings)


def recent_meetings(
    ws: WorkspaceService, client_id: int, before: datetime, count: int
) -> list[Interaction]:
    return ws.list(
        Interaction,
        client_id=client_id,
        where=[InteractionRow.started_at < before, InteractionRow.kind.in_(MEETING_KINDS)],
        limit=max(0, count),
    )


def personal_history(
    ws: WorkspaceService, client: Client, before: datetime, count: int
) -> PersonalHistory | None:
    """Personal talk in the client's last ``count`` meetings with a known personal share,
    and whether a boundary reset was said since the oldest of them. The agenda builder and
    triage both read it, so both decide on the same boundary reset and the same total."""
    import sqlalchemy as sa

    from rapport.storage.meetings_rows import BoundaryResetRow

    assert client.id is not None
    meetings = [
        m
        for m in recent_meetings(ws, client.id, before, count)
        if m.personal_min is not None and m.duration_min > 0
    ]
    if not meetings:
        return None
    oldest = min(m.started_at for m in meetings)
    with ws.db.reading() as s:
        said = s.scalar(
            sa.select(sa.func.count())
            .select_from(BoundaryResetRow)
            .where(BoundaryResetRow.client_id == client.id, BoundaryResetRow.said_at >= oldest)
        )
    return PersonalHistory(
        duration_min=sum(m.duration_min for m in meetings),
        personal_min=sum(m.personal_min or 0 for m in meetings),
        reset_said_since=bool(said),
    )


def productivity(
    ws: WorkspaceService, client_id: int, before: datetime, count: int
) -> Productivity:
    """Business share, decisions and promises of the last ``count`` meetings."""
    meetings = recent_meetings(ws, client_id, before, count)
    timed = [m for m in meetings if m.business_min is not None and m.duration_min > 0]
    share = (
        sum(m.business_min or 0 for m in timed) / sum(m.duration_min for m in timed)
        if timed
        else None
    )
    decisions = sum(
        len([line for line in m.decisions.splitlines() if line.strip()]) for m in meetings
    )
    promises = 0
    for meeting in meetings:
        end = meeting.started_at + timedelta(minutes=meeting.duration_min, hours=24)
        promises += len(
            ws.list(
                Commitment,
                client_id=client_id,
                where=[CommitmentRow.made_at >= meeting.started_at, CommitmentRow.made_at < end],
            )
        )
    return Productivity(len(meetings), share, decisions, promises)


def open_commitments(ws: WorkspaceService, client_id: int) -> list[Commitment]:
    return ws.list(
        Commitment,
        client_id=client_id,
        where=[CommitmentRow.status == CommitmentStatus.OPEN],
    )


def main_contact(ws: WorkspaceService, client_id: int) -> Contact | None:
    contacts = ws.list(Contact, client_id=client_id, limit=1)
    return contacts[0] if contacts else None
