"""One client as a use case reads it, loaded once and passed along.

The meeting request → triage → drafted reply walk (and the agenda) used to ask the
workspace again at each step for the same contact, promises and recent meetings. Now a use
case loads a :class:`ClientSnapshot` once, with :func:`load`, and hands it to the next step
(``TriageService`` builds the triage context from it and passes it to ``DraftService``,
which fills the reply and the colleague's briefing from it). The snapshot is plain data:
productivity and personal history are computed from it, not queried.
"""

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
    Tier,
)
from rapport.domain.portfolio import pareto
from rapport.domain.triage import Productivity
from rapport.services.workspace import WorkspaceService
from rapport.storage.repositories import Repositories


@dataclass(frozen=True, slots=True)
class Standing:
    tier: Tier
    revenue_share: float


@dataclass(frozen=True, slots=True)
class ClientSnapshot:
    """What a use case knows about one client at ``at`` (a meeting's start, or now)."""

    client: Client
    at: datetime
    contact: Contact | None
    """The main contact (the first one), or none."""
    commitments: tuple[Commitment, ...]
    """Every promise to the client, by due date (empty when not loaded)."""
    meetings: tuple[Interaction, ...]
    """The latest meetings before ``at``, newest first (as many as were asked for)."""
    resets: tuple[datetime, ...]
    """When a boundary reset was said, since the oldest of ``meetings``."""
    standing: Standing | None = None
    """Tier and revenue share on ``at``'s day (when asked for)."""

    @property
    def open_commitments(self) -> list[Commitment]:
        return [c for c in self.commitments if c.status is CommitmentStatus.OPEN]

    def recent(self, count: int) -> list[Interaction]:
        """The last ``count`` meetings before ``at`` (at most as many as were loaded)."""
        return list(self.meetings[: max(0, count)])

    def productivity(self, count: int) -> Productivity:
        """Business share, decisions and promises of the last ``count`` meetings (a promise
        counts for a meeting when made from its start to a day after its end)."""
        meetings = self.recent(count)
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
            promises += sum(1 for c in self.commitments if meeting.started_at <= c.made_at < end)
        return Productivity(len(meetings), share, decisions, promises)

    def personal_history(self, count: int) -> PersonalHistory | None:
        """Personal talk in the last ``count`` meetings with a known personal share, and
        whether a boundary reset was said since the oldest of them. The agenda builder and
        triage both read it, so both decide on the same boundary reset and the same total."""
        meetings = [
            m for m in self.recent(count) if m.personal_min is not None and m.duration_min > 0
        ]
        if not meetings:
            return None
        oldest = min(m.started_at for m in meetings)
        return PersonalHistory(
            duration_min=sum(m.duration_min for m in meetings),
            personal_min=sum(m.personal_min or 0 for m in meetings),
            reset_said_since=any(said >= oldest for said in self.resets),
        )


def load(
    ws: WorkspaceService,
    client: Client,
    at: datetime,
    *,
    meetings: int = 0,
    promises: bool = True,
    standing: bool = False,
) -> ClientSnapshot:
    """Read the client once: the main contact, its promises (unless ``promises`` is
    false), its last ``meetings`` meetings before ``at`` with the boundary resets since the
    oldest, and (``standing``) its tier and revenue share on ``at``'s day."""
    assert client.id is not None
    recent: list[Interaction] = []
    if meetings > 0:
        with ws.db.reading() as s:
            recent = Repositories(s, ws.actor).interactions.meetings_before(client.id, at, meetings)
    resets: list[datetime] = []
    if recent:
        oldest = min(m.started_at for m in recent)
        with ws.db.reading() as s:
            resets = Repositories(s, ws.actor).meetings.resets_since(client.id, oldest)
    return ClientSnapshot(
        client=client,
        at=at,
        contact=main_contact(ws, client.id),
        commitments=tuple(ws.list(Commitment, client_id=client.id)) if promises else (),
        meetings=tuple(recent),
        resets=tuple(resets),
        standing=standing_of(ws, client, at.date()) if standing else None,
    )


def standing_of(ws: WorkspaceService, client: Client, on: date) -> Standing:
    """Tier and revenue share from the revenue of the 12 months up to ``on`` (Pareto)."""
    with ws.db.reading() as s:
        entries = Repositories(s, ws.actor).records.revenue_between(on - timedelta(days=365), on)
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


def main_contact(ws: WorkspaceService, client_id: int) -> Contact | None:
    """The client's first contact (whom letters are addressed to), or none."""
    contacts = ws.list(Contact, client_id=client_id, limit=1)
    return contacts[0] if contacts else None
