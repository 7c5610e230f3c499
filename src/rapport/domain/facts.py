"""What the pages know about one client at a moment, computed from that client's own
records only: its trust estimate, the contexts that pick practices, recent setbacks, last
contact and next touch-point, open and overdue promises, revenue of the last 12 months and
the personal share of meeting time. Pure functions; the service that stores them is
:mod:`rapport.services.client_facts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from rapport.domain import trust
from rapport.domain.commitments import PENDING
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
    Interaction,
    InteractionKind,
)
from rapport.domain.practices import Context
from rapport.domain.signals import ConversationSignals
from rapport.domain.trust import ClientTrust
from rapport.texts import Text

SHARE_DAYS = 90


@dataclass(frozen=True, slots=True)
class ClientFacts:
    client: Client
    estimate: ClientTrust
    contexts: tuple[Context, ...]
    """Contexts that pick practices (virtual, chatty)."""
    setbacks: tuple[Text, ...]
    """Negative evidence from the last 30 days (for 'slipping')."""
    last_contact: datetime | None
    revenue: Decimal
    """Revenue of the 12 months before ``computed_at`` (amounts summed as entered)."""
    currency: str
    open_promises: int
    overdue_promises: int
    personal_share: float | None
    """Personal minutes / (business + personal) in meetings of the last 90 days."""
    personal_share_before: float | None
    """The same for the 90 days before that."""
    computed_at: datetime


def personal_share(interactions: Iterable[Interaction]) -> float | None:
    business = personal = 0
    for i in interactions:
        business += i.business_min or 0
        personal += i.personal_min or 0
    if business + personal == 0:
        return None
    return personal / (business + personal)


def contexts(client: Client, recent: Sequence[Interaction]) -> tuple[Context, ...]:
    """Virtual when under half the recent contact (``recent``: the last 12 months) is in
    person; chatty when personal talk runs over twice the client's budget."""
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


def client_facts(
    client: Client,
    promises: Sequence[Commitment],
    window: Sequence[Interaction],
    last_contact: datetime | None,
    revenue: tuple[Decimal, str],
    at: datetime,
    *,
    signals: ConversationSignals | None = None,
    self_assessed: float | None = None,
) -> ClientFacts:
    """``window``: the client's interactions of the 12 months up to ``at``;
    ``last_contact``: its latest interaction up to ``at``, however old."""
    estimate = trust.estimate(
        client, promises, window, at, signals=signals, self_assessed=self_assessed
    )
    recent = [i for i in window if at - timedelta(days=trust.WINDOW_DAYS) <= i.started_at <= at]
    share_since = at - timedelta(days=SHARE_DAYS)
    open_ = [c for c in promises if c.status is CommitmentStatus.OPEN]
    return ClientFacts(
        client=client,
        estimate=estimate,
        contexts=contexts(client, recent),
        setbacks=tuple(
            trust.recent_setbacks(
                promises, last_contact, client.cadence_days, at, client.created_at
            )
        ),
        last_contact=last_contact,
        revenue=revenue[0],
        currency=revenue[1],
        open_promises=len(open_),
        overdue_promises=sum(1 for c in open_ if c.due_at < at),
        personal_share=personal_share(i for i in recent if share_since <= i.started_at),
        personal_share_before=personal_share(
            i
            for i in recent
            if share_since - timedelta(days=SHARE_DAYS) <= i.started_at
            and i.started_at < share_since
        ),
        computed_at=at,
    )


def valid_until(promises: Iterable[Commitment], at: datetime) -> datetime:
    """When facts computed at ``at`` stop being current: the next UTC midnight, or the
    moment a pending promise falls due if that is sooner."""
    midnight = datetime.combine(at.astimezone(UTC).date() + timedelta(days=1), time(), UTC)
    dues = [
        d
        for c in promises
        if c.status in PENDING
        for d in (c.due_at, trust.first_due(c))
        if at < d < midnight
    ]
    return min([midnight, *dues])


def touch_due(client: Client, last_contact: datetime | None) -> datetime | None:
    start = last_contact or client.created_at
    return start + timedelta(days=client.cadence_days) if start is not None else None
