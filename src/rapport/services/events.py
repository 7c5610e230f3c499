"""The event bus for outgoing webhooks: a transactional outbox (docs/webhooks.md).

:func:`publish` writes the event (``webhook_events``) and one delivery per webhook that
wants its kind (``webhook_deliveries``) on the connection of the change's own session, so
the event is committed or rolled back with the change: a rolled-back change delivers
nothing. Once the session commits, the new deliveries are handed to the job queue by the
``webhook_dispatch`` callable the composition root puts in ``Session.info``; a delivery the
queue never got (the process stopped in between) is handed over when ``rapport serve`` or
``rapport worker`` starts (``WebhookService.resume``).

Interactions, promises and triage decisions publish from one flush hook
(``rapport.storage.flush_hooks``; :func:`install`, like the audit log), so every path that
writes them through a session — the command line, the API, the web pages, calendar sync,
saved transcripts — emits the same events. Rows written in bulk (file imports, the demo, a
restore) are not events. Other services call :func:`publish` themselves, in their
transaction: the booking page publishes ``booking.created`` with :func:`booking_payload`.

Payloads hold what every owner may see, never secrets and never transcript text.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from rapport.clock import now
from rapport.jsonable import plain
from rapport.storage import flush_hooks
from rapport.storage.meetings_rows import TriageDecisionRow
from rapport.storage.orm import CommitmentRow, InteractionRow
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Session

log = logging.getLogger(__name__)

INTERACTION_CREATED = "interaction.created"
PROMISE_CREATED = "promise.created"
PROMISE_UPDATED = "promise.updated"
TRIAGE_DECIDED = "triage.decided"
BOOKING_CREATED = "booking.created"
PING = "ping"
KINDS = (
    INTERACTION_CREATED,
    PROMISE_CREATED,
    PROMISE_UPDATED,
    TRIAGE_DECIDED,
    BOOKING_CREATED,
)
"""The kinds a webhook may subscribe to (``ping`` goes only to the webhook tested)."""

PROMISE_FIELDS = ("status", "due_at", "done_at", "text", "size", "to_whom", "announced_at")
"""A change to one of these is a ``promise.updated`` (kept, missed, re-committed, moved)."""

PENDING_KEY = "webhook_pending"
DISPATCH_KEY = "webhook_dispatch"
"""``Session.info`` keys: new delivery ids waiting for the commit; the callable that hands
them to the job queue."""

Dispatch = Callable[[list[int]], None]


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def _plain(value: Any) -> Any:
    """JSON-ready. Times in UTC, as stored (a row not yet read back may still hold the
    zone it was given in)."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def publish(
    unit: Repositories | Session,
    kind: str,
    payload: object,
    *,
    webhook_id: int | None = None,
    subscribers: list[tuple[int, Any]] | None = None,
) -> str | None:
    """Record event ``kind`` with ``payload`` (a payload dataclass, or JSON-ready data,
    stored as :func:`rapport.jsonable.plain` makes it) in the transaction of ``unit`` (its
    repositories or its session), for every webhook that wants it (only ``webhook_id``
    when given: a ``ping``). Returns the event's id, or None when no webhook wants it (then
    nothing is written)."""
    repos = unit if isinstance(unit, Repositories) else Repositories(unit)
    if subscribers is None:
        subscribers = repos.webhooks.subscribers(webhook_id)
    wanted = [
        hook_id
        for hook_id, kinds in subscribers
        if webhook_id is not None or not kinds or kind in kinds
    ]
    if not wanted:
        return None
    at = now()
    public_id = new_id("evt")
    event_id = repos.webhooks.insert_event(
        public_id=public_id, kind=kind, payload=plain(payload), created_at=at
    )
    pending: list[int] = repos.session.info.setdefault(PENDING_KEY, [])
    pending.extend(
        repos.webhooks.insert_delivery(
            public_id=new_id("dlv"), webhook_id=hook_id, event_id=event_id, at=at
        )
        for hook_id in wanted
    )
    return public_id


# --- payloads --------------------------------------------------------------------------
# Each event's payload is a dataclass, stored as ``rapport.jsonable.plain`` makes it (the
# same keys in field order); times are ISO 8601 in UTC, enums their values.


@dataclass(frozen=True, slots=True)
class ClientRef:
    id: int
    name: str | None


@dataclass(frozen=True, slots=True)
class InteractionData:
    id: int
    client_id: int
    kind: str
    started_at: str | None
    duration_min: int | None
    business_min: int | None
    personal_min: int | None
    summary: str
    source: str | None


@dataclass(frozen=True, slots=True)
class InteractionCreated:
    """``interaction.created``: the meeting or message, without notes or transcript."""

    interaction: InteractionData
    client: ClientRef


@dataclass(frozen=True, slots=True)
class PromiseData:
    id: int
    client_id: int
    text: str
    to_whom: str | None
    size: str | None
    status: str | None
    made_at: str | None
    due_at: str | None
    original_due_at: str | None
    done_at: str | None
    announced_at: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class PromiseCreated:
    """``promise.created``."""

    promise: PromiseData
    client: ClientRef


@dataclass(frozen=True, slots=True)
class PromiseUpdated:
    """``promise.updated``: the promise now, and ``changes``: field -> [old, new]."""

    promise: PromiseData
    client: ClientRef
    changes: dict[str, list[Any]]


@dataclass(frozen=True, slots=True)
class TriageData:
    id: int
    client_id: int
    decided_at: str | None
    meeting_start: str | None
    duration_min: int | None
    decision: str
    minutes: int | None
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TriageDecided:
    """``triage.decided``: the recommendation and its reasons, without the request's text,
    the drafted reply or the briefing."""

    decision: TriageData
    client: ClientRef


@dataclass(frozen=True, slots=True)
class BookingData:
    id: int
    client_id: int
    start: str | None
    duration_min: int
    format: str
    created_at: str | None


@dataclass(frozen=True, slots=True)
class BookingCreated:
    """``booking.created``: a meeting a client booked on their booking page."""

    booking: BookingData
    client: ClientRef


@dataclass(frozen=True, slots=True)
class Ping:
    """``ping``: the test event sent to one webhook."""

    webhook_id: int
    message: str


def _client(repos: Repositories, client_id: int) -> ClientRef:
    return ClientRef(id=client_id, name=repos.clients.name_now(client_id))


def interaction_payload(row: InteractionRow, client: ClientRef) -> InteractionCreated:
    """``interaction.created``: the meeting or message, without notes or transcript."""
    return InteractionCreated(
        interaction=InteractionData(
            id=row.id,
            client_id=row.client_id,
            kind=_plain(row.kind),
            started_at=_plain(row.started_at),
            duration_min=row.duration_min,
            business_min=row.business_min,
            personal_min=row.personal_min,
            summary=row.summary or "",
            source=row.source,
        ),
        client=client,
    )


def promise_json(row: CommitmentRow) -> PromiseData:
    return PromiseData(
        id=row.id,
        client_id=row.client_id,
        text=row.text,
        to_whom=row.to_whom,
        size=_plain(row.size),
        status=_plain(row.status),
        made_at=_plain(row.made_at),
        due_at=_plain(row.due_at),
        original_due_at=_plain(row.original_due_at),
        done_at=_plain(row.done_at),
        announced_at=_plain(row.announced_at),
        source=row.source,
    )


def triage_payload(row: TriageDecisionRow, client: ClientRef) -> TriageDecided:
    """``triage.decided``: the recommendation and its reasons, without the request's text,
    the drafted reply or the briefing."""
    return TriageDecided(
        decision=TriageData(
            id=row.id,
            client_id=row.client_id,
            decided_at=_plain(row.decided_at),
            meeting_start=_plain(row.meeting_start),
            duration_min=row.duration_min,
            decision=row.decision,
            minutes=row.minutes,
            reasons=tuple(row.reasons or []),
        ),
        client=client,
    )


def booking_payload(
    *,
    booking_id: int,
    client_id: int,
    client_name: str,
    start: datetime,
    duration_min: int,
    format: str,
    created_at: datetime | None = None,
) -> BookingCreated:
    """``booking.created``: what the booking service publishes when a client books a
    meeting on their booking page (``publish(session, BOOKING_CREATED, booking_payload(...))``
    in the booking's transaction). ``format`` is the meeting's kind (``in_person``,
    ``video``, ``call``)."""
    return BookingCreated(
        booking=BookingData(
            id=booking_id,
            client_id=client_id,
            start=_plain(start),
            duration_min=duration_min,
            format=format,
            created_at=_plain(created_at or now()),
        ),
        client=ClientRef(id=client_id, name=client_name),
    )


def ping_payload(webhook_id: int) -> Ping:
    return Ping(webhook_id=webhook_id, message="Rapport webhook test")


# --- the listener ----------------------------------------------------------------------


def _changes(obj: CommitmentRow) -> dict[str, list[Any]]:
    changes: dict[str, list[Any]] = {}
    for name, change in flush_hooks.changes_of(obj, PROMISE_FIELDS).items():
        if change.old != change.new or not change.had_old:
            changes[name] = [_plain(change.old), _plain(change.new)]
    return changes


def _events(flush: flush_hooks.Flush) -> Iterable[tuple[str, Any, dict[str, Any] | None]]:
    for obj in flush.new:
        if isinstance(obj, InteractionRow):
            yield INTERACTION_CREATED, obj, None
        elif isinstance(obj, CommitmentRow):
            yield PROMISE_CREATED, obj, None
        elif isinstance(obj, TriageDecisionRow):
            yield TRIAGE_DECIDED, obj, None
    for obj in flush.dirty:
        if isinstance(obj, CommitmentRow):
            changes = _changes(obj)
            if changes:
                yield PROMISE_UPDATED, obj, changes


def _after_flush(flush: flush_hooks.Flush) -> None:
    found = list(_events(flush))
    if not found:
        return
    repos = flush.repositories
    subscribers = repos.webhooks.subscribers()
    if not subscribers:
        return  # no webhooks: nothing to record (the common case, one cheap query)
    clients: dict[int, ClientRef] = {}
    for kind, obj, changes in found:
        client = clients.get(obj.client_id) or clients.setdefault(
            obj.client_id, _client(repos, obj.client_id)
        )
        payload: object
        if kind == INTERACTION_CREATED:
            payload = interaction_payload(obj, client)
        elif kind == TRIAGE_DECIDED:
            payload = triage_payload(obj, client)
        elif changes is not None:
            payload = PromiseUpdated(promise=promise_json(obj), client=client, changes=changes)
        else:
            payload = PromiseCreated(promise=promise_json(obj), client=client)
        publish(repos, kind, payload, subscribers=subscribers)


def _after_commit(info: dict[Any, Any]) -> None:
    pending = info.pop(PENDING_KEY, None)
    if not pending:
        return
    dispatch = info.get(DISPATCH_KEY)
    if dispatch is None:
        return  # handed over by WebhookService.resume when the server or worker starts
    try:
        dispatch(list(pending))
    except Exception:  # the change is committed; the deliveries wait for resume()
        log.exception("handing webhook deliveries %s to the job queue failed", pending)


def _after_rollback(info: dict[Any, Any]) -> None:
    info.pop(PENDING_KEY, None)


def install() -> None:
    """Listen on every session (idempotent)."""
    flush_hooks.on_flush(_after_flush)
    flush_hooks.on_commit(_after_commit)
    flush_hooks.on_rollback(_after_rollback)
