"""The promise ledger and contact cadence: what is at risk, what is overdue, who is due a
touch-point, the announce-it-early flow and apologise-and-re-commit for an overdue promise.
Pure functions; docs/reliability.md explains.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from rapport.domain.model import Client, Commitment, CommitmentStatus, Interaction
from rapport.errors import InvalidInputError
from rapport.texts import N_

PENDING = (CommitmentStatus.OPEN, CommitmentStatus.RENEGOTIATED)
"""Statuses of a promise that is still to be kept."""


def _days(delta: timedelta) -> float:
    return round(delta / timedelta(days=1), 1)


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    commitment: Commitment
    days: float
    """Days until due (at risk) or days past due (overdue)."""
    announced: bool
    """The client has been told that this promise will slip."""


def at_risk(
    commitments: Iterable[Commitment], now: datetime, within_days: int
) -> list[LedgerEntry]:
    """Pending promises due from now up to ``within_days`` days ahead, soonest first."""
    horizon = now + timedelta(days=within_days)
    found = [
        LedgerEntry(c, _days(c.due_at - now), c.announced_at is not None)
        for c in commitments
        if c.status in PENDING and now <= c.due_at <= horizon
    ]
    return sorted(found, key=lambda e: (e.commitment.due_at, e.commitment.id or 0))


def overdue(commitments: Iterable[Commitment], now: datetime) -> list[LedgerEntry]:
    """Pending promises whose due date has passed, longest overdue first."""
    found = [
        LedgerEntry(c, _days(now - c.due_at), c.announced_at is not None)
        for c in commitments
        if c.status in PENDING and c.due_at < now
    ]
    return sorted(found, key=lambda e: (e.commitment.due_at, e.commitment.id or 0))


@dataclass(frozen=True, slots=True)
class EarlyNotice:
    """What a drafted early-notice message needs."""

    commitment_id: int
    client_id: int
    client: str
    language: str
    """The client's language: the draft is written in it."""
    timezone: str
    to_whom: str | None
    promise: str
    original_due_at: datetime
    new_due_at: datetime | None
    announced_at: datetime
    notice_days: float
    """Days between telling the client and the first due date (negative: told late)."""
    before_due: bool


def _notice(
    commitment: Commitment,
    client: Client,
    original: datetime,
    new_due: datetime | None,
    at: datetime,
    *,
    late: bool = False,
) -> EarlyNotice:
    """What the client was told at ``at`` about ``commitment``, first due ``original``
    (``late``: an apology for an overdue promise, never an early notice)."""
    assert commitment.id is not None and client.id is not None
    return EarlyNotice(
        commitment_id=commitment.id,
        client_id=client.id,
        client=client.name,
        language=client.language,
        timezone=client.timezone,
        to_whom=commitment.to_whom,
        promise=commitment.text,
        original_due_at=original,
        new_due_at=new_due,
        announced_at=at,
        notice_days=_days(original - at),
        before_due=not late and at <= original,
    )


def announce(
    commitment: Commitment,
    client: Client,
    at: datetime,
    new_due: datetime | None = None,
) -> tuple[Commitment, EarlyNotice]:
    """Record that the client was told at ``at`` that the promise will slip and, with
    ``new_due``, re-commit to that date.

    The promise stays *open* with the new due date; ``original_due_at`` keeps the first date
    (set once, never overwritten by later re-commitments), so reliability scores the slip
    against the date first promised. Done or missed promises cannot be announced, nor one
    already announced (an early notice is recorded once), nor one whose due date has passed
    (that would be a notice with negative days: too late to be early).
    """
    if commitment.status not in PENDING:
        raise InvalidInputError(
            N_("commitment {id} is {status}: only an open promise can be announced"),
            id=commitment.id,
            status=commitment.status.value,
        )
    if commitment.announced_at is not None:
        raise InvalidInputError(
            N_(
                "commitment {id} was already announced on {told} (due {due}): an early notice "
                "is recorded once; mark it done or missed, or add a new promise"
            ),
            id=commitment.id,
            told=commitment.announced_at.date().isoformat(),
            due=commitment.due_at.date().isoformat(),
        )
    original = commitment.original_due_at or commitment.due_at
    if at > original:
        raise InvalidInputError(
            N_(
                "commitment {id} was due on {due}, before the client is told ({told}): an early "
                "notice comes before the due date; apologise and re-commit (`rapport "
                "commitment recommit {id} --new-due DATE`)"
            ),
            id=commitment.id,
            due=original.date().isoformat(),
            told=at.date().isoformat(),
        )
    if new_due is not None and new_due <= at:
        raise InvalidInputError(N_("the new due date must be after the moment the client is told"))
    updated = replace(
        commitment,
        announced_at=at,
        original_due_at=original,
        due_at=new_due or commitment.due_at,
        status=CommitmentStatus.OPEN,
    )
    assert commitment.id is not None and client.id is not None
    notice = _notice(commitment, client, original, new_due, at)
    return updated, notice


RECOMMIT_SOURCE = "recommit"
"""``source`` of a promise made again after an overdue one was missed; its ``external_id``
is ``recommit:<id of the missed promise>`` (unique: a missed promise is re-committed once)."""


def recommit_link(missed_id: int) -> str:
    """The ``external_id`` that links a re-commitment to the promise it replaces."""
    return f"{RECOMMIT_SOURCE}:{missed_id}"


def replaced_id(commitment: Commitment) -> int | None:
    """The id of the missed promise that ``commitment`` re-commits to, if it is one."""
    if commitment.source != RECOMMIT_SOURCE or not commitment.external_id:
        return None
    tail = commitment.external_id.removeprefix(f"{RECOMMIT_SOURCE}:")
    return int(tail) if tail.isdigit() else None


def recommit(
    commitment: Commitment,
    client: Client,
    at: datetime,
    new_due: datetime,
) -> tuple[Commitment, Commitment, EarlyNotice]:
    """Apologise for an overdue promise and re-commit: the promise is marked *missed* (the
    miss stays on the reliability record) and a new open promise with the same text, client,
    recipient and size is made at ``at``, due ``new_due``.

    Returns the missed promise, the new one (not stored yet: no id; linked to the missed one
    through ``source``/``external_id``, see :func:`recommit_link`) and the notice data for
    the apology draft. The apology is the client's notice: a promise never announced gets
    ``announced_at = at`` (after its due date, so it counts as a late notice); one announced
    earlier keeps its first notice. Refused for a promise not yet due (tell the client early
    instead: :func:`announce`), for a done or missed one, and for a new date not after ``at``.
    """
    if commitment.status not in PENDING:
        raise InvalidInputError(
            N_("commitment {id} is {status}: only an open promise can be re-committed"),
            id=commitment.id,
            status=commitment.status.value,
        )
    if commitment.due_at >= at:
        raise InvalidInputError(
            N_(
                "commitment {id} is not due yet (due {due}): tell the client early instead "
                "(`rapport commitment announce {id}`)"
            ),
            id=commitment.id,
            due=commitment.due_at.date().isoformat(),
        )
    if new_due <= at:
        raise InvalidInputError(
            N_("the new due date ({due}) must be after the apology ({told})"),
            due=new_due.date().isoformat(),
            told=at.date().isoformat(),
        )
    assert commitment.id is not None and client.id is not None
    original = commitment.original_due_at or commitment.due_at
    told = commitment.announced_at or at
    missed = replace(
        commitment,
        status=CommitmentStatus.MISSED,
        announced_at=told,
        done_at=None,
    )
    again = Commitment(
        client_id=commitment.client_id,
        text=commitment.text,
        due_at=new_due,
        made_at=at,
        to_whom=commitment.to_whom,
        size=commitment.size,
        source=RECOMMIT_SOURCE,
        external_id=recommit_link(commitment.id),
    )
    notice = _notice(commitment, client, original, new_due, at, late=True)
    return missed, again, notice


@dataclass(frozen=True, slots=True)
class Touchpoint:
    client_id: int
    client: str
    cadence_days: int
    last_contact: datetime | None
    """None: no contact logged; the clock runs from when the client was added."""
    due_at: datetime
    days_overdue: float
    """Negative while the touch-point is still ahead."""
    status: str
    """``due`` (within the horizon) or ``overdue``."""


def touchpoints(
    clients: Sequence[Client],
    interactions: Iterable[Interaction],
    now: datetime,
    within_days: int,
) -> list[Touchpoint]:
    """Clients whose next touch-point (last contact + cadence) is past or within
    ``within_days`` days; any logged interaction up to now resets the clock. Most overdue
    first."""
    last: dict[int, datetime] = {}
    for i in interactions:
        if i.started_at <= now and (i.client_id not in last or i.started_at > last[i.client_id]):
            last[i.client_id] = i.started_at
    return touchpoints_from(clients, last, now, within_days)


def touchpoints_from(
    clients: Sequence[Client], last: Mapping[int, datetime], now: datetime, within_days: int
) -> list[Touchpoint]:
    found: list[Touchpoint] = []
    for client in clients:
        assert client.id is not None
        contact = last.get(client.id)
        start = contact or client.created_at
        if start is None:
            continue
        due = start + timedelta(days=client.cadence_days)
        if due > now + timedelta(days=within_days):
            continue
        found.append(
            Touchpoint(
                client_id=client.id,
                client=client.name,
                cadence_days=client.cadence_days,
                last_contact=contact,
                due_at=due,
                days_overdue=_days(now - due),
                status="overdue" if due < now else "due",
            )
        )
    return sorted(found, key=lambda t: (-t.days_overdue, t.client))
