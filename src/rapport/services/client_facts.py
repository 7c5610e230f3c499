"""Per-client facts for the pages that show many clients at once (Today, the client list)
and for one client's page: trust with its evidence, the practice contexts, recent
setbacks, last contact, open and overdue promises, revenue of the last 12 months and the
personal share of meeting time.

Each client's facts are computed from that client's own records only (scoped queries in
chunks, never the whole workspace in memory) and stored in ``client_scores``. A stored
row is served while it is current: database triggers bump its ``version`` whenever the
client, its interactions, promises, revenue, analysed meetings or label corrections change (any
self-assessment bumps every row), and it expires at the next UTC midnight or when one of
the client's pending promises falls due, whichever comes first. Facts for an explicit
moment other than now are computed and not stored.

One client whose facts cannot be computed (a stored value out of range, say, from before
the bounds of rapport.domain.validation) never breaks the pages for everyone: the failure
is logged with the client's id, the client's row is marked failed (``detail`` holds
``{"failed": reason}``; tried again when the client's records change or at the next UTC
midnight) and the other clients are served. Pages listing many clients leave it out; its
own trust and page answer 409 saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from rapport.clock import now as clock
from rapport.domain import trust
from rapport.domain.facts import ClientFacts, client_facts, touch_due, valid_until
from rapport.domain.model import Client, Commitment, Interaction
from rapport.domain.practices import Context
from rapport.domain.signals import ConversationSignals
from rapport.domain.trust import ClientTrust, ComponentEstimate, Evidence
from rapport.errors import ConflictError
from rapport.jsonable import plain
from rapport.policy.access import Actor
from rapport.services.assessment import AssessmentService
from rapport.storage.mapping import to_domain
from rapport.storage.repositories import EVERYTHING, Repositories
from rapport.storage.repositories.scores import best_effort
from rapport.storage.score_rows import ClientScoreRow
from rapport.storage.unit_of_work import Database
from rapport.texts import N_, Param, Text

log = logging.getLogger(__name__)

SignalsFor = Callable[[int], ConversationSignals | None]
REVENUE_DAYS = 365
CHUNK = 500
"""Clients computed per round of queries."""


# --- storing facts ---------------------------------------------------------------------


def _message(data: list[Any]) -> Text:
    return Text(data[0], dict(data[1]))


@dataclass(frozen=True)
class StoredComponent:
    """A trust component as ``client_scores.detail`` stores it; each piece of evidence is
    ``[message key, message params, effect]``."""

    score: float
    confidence: float
    evidence: tuple[tuple[str, dict[str, Param], float], ...]


@dataclass(frozen=True)
class StoredDetail:
    """What ``client_scores.detail`` holds for a client (``plain`` turns it into the JSON
    stored): the trust components by name, the practice contexts and the setbacks as
    ``[message key, message params]``."""

    components: dict[str, StoredComponent]
    contexts: tuple[str, ...]
    setbacks: tuple[tuple[str, dict[str, Param]], ...]


def _component_json(c: ComponentEstimate) -> StoredComponent:
    return StoredComponent(
        score=c.score,
        confidence=c.confidence,
        evidence=tuple((e.message.template, e.message.params, e.effect) for e in c.evidence),
    )


def _component(data: dict[str, Any]) -> ComponentEstimate:
    return ComponentEstimate(
        data["score"],
        data["confidence"],
        tuple(Evidence(_message(e[:2]), e[2]) for e in data["evidence"]),
    )


def detail_json(f: ClientFacts) -> StoredDetail:
    e = f.estimate
    return StoredDetail(
        components={k.value: _component_json(v) for k, v in e.components.items()},
        contexts=tuple(c.value for c in f.contexts),
        setbacks=tuple((m.template, m.params) for m in f.setbacks),
    )


def facts_from_row(client: Client, row: ClientScoreRow) -> ClientFacts:
    detail = row.detail or {}
    parts = {k: _component(v) for k, v in detail["components"].items()}
    assert client.id is not None and row.computed_at is not None
    return ClientFacts(
        client=client,
        estimate=ClientTrust(
            client_id=client.id,
            client=client.name,
            trust=row.trust or 0.0,
            credibility=parts["credibility"],
            reliability=parts["reliability"],
            intimacy=parts["intimacy"],
            self_orientation=parts["self_orientation"],
        ),
        contexts=tuple(Context(c) for c in detail["contexts"]),
        setbacks=tuple(_message(m) for m in detail["setbacks"]),
        last_contact=row.last_contact,
        revenue=row.revenue if row.revenue is not None else Decimal(0),
        currency=row.currency or "EUR",
        open_promises=row.open_promises or 0,
        overdue_promises=row.overdue_promises or 0,
        personal_share=row.personal_share,
        personal_share_before=row.personal_share_before,
        computed_at=row.computed_at,
    )


def failed(row: ClientScoreRow) -> bool:
    """Whether the stored row marks a client whose facts could not be computed."""
    return bool(row.detail) and "failed" in (row.detail or {})


FACTS_FAILED = N_(
    "the facts of client {id} cannot be computed from its stored records (the server log "
    "says why): correct the client or its records"
)


class FactsFailedError(ConflictError):
    """One client's facts cannot be computed: the rest are served without it."""

    def __init__(self, client_id: int) -> None:
        super().__init__(FACTS_FAILED, id=client_id)


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class ClientFactsService:
    def __init__(
        self,
        db: Database,
        actor: Actor,
        assessments: AssessmentService,
        signals_for: SignalsFor | None = None,
        analysed_clients: Callable[[], set[int]] | None = None,
    ) -> None:
        self.db = db
        self.actor = actor
        self.assessments = assessments
        self.signals_for = signals_for
        self.analysed_clients = analysed_clients

    def visible_ids(self) -> list[int]:
        with self.db.reading() as s:
            return Repositories(s, self.actor).clients.visible_ids()

    def facts(
        self, client_ids: Sequence[int] | None = None, *, at: datetime | None = None
    ) -> dict[int, ClientFacts]:
        """Facts for the given (visible) clients, or every visible client, by id. Without
        ``at`` (now) stored facts are used and refreshed where stale."""
        ids = self.visible_ids() if client_ids is None else list(client_ids)
        if at is not None:
            return self.compute(ids, at)
        at = clock()
        self.refresh(ids, at)
        found: dict[int, ClientFacts] = {}
        broken: set[int] = set()
        with self.db.reading() as s:
            scores = Repositories(s, self.actor).scores
            for chunk in _chunks(ids):
                for client_row, score in scores.current_with_clients(chunk, at):
                    if failed(score):
                        broken.add(client_row.id)
                        continue
                    found[client_row.id] = facts_from_row(to_domain(client_row, Client), score)
        # A row made stale by a write between refresh and read: compute it again, unstored.
        stale = [i for i in ids if i not in found and i not in broken]
        if stale:
            found.update(self.compute(stale, at))
        return found

    def stale_ids(
        self, ids: Sequence[int] | None, at: datetime, *, repair: bool = False
    ) -> list[int]:
        """Which of ``ids`` (None: every client, whoever may see it) have no current
        stored facts: an index range scan on ``valid_until``, which the triggers empty.
        With ``repair`` (the background refresher), clients whose row was deleted by hand
        are found too; a request never needs that (a missing row is computed unstored)."""
        with self.db.reading() as s:
            scores = Repositories(s, EVERYTHING).scores
            if ids is None:
                return scores.stale_ids(at, repair=repair)
            stale: list[int] = []
            for chunk in _chunks(list(ids)):
                have = scores.expired(chunk, at)
                stale += [i for i in chunk if have.get(i, True)]
            return stale

    def refresh(
        self,
        client_ids: Sequence[int] | None = None,
        at: datetime | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        repair: bool = False,
    ) -> int:
        """Compute and store the facts of every stale client among ``client_ids`` (None:
        every client); return how many were computed."""
        at = at or clock()
        stale = self.stale_ids(client_ids, at, repair=repair)
        done = 0
        for chunk in _chunks(stale):
            self._ensure_rows(chunk)
            with self.db.reading() as s:
                versions = Repositories(s, EVERYTHING).scores.versions(chunk)
            computed, promises, failures = self._compute_chunk(chunk, at)
            self._store(computed, promises, versions, at, failures)
            done += len(chunk)
            if progress:
                progress(done, len(stale))
        return done

    def facts_of(self, client_id: int) -> ClientFacts:
        """One client's current facts; FactsFailedError when they cannot be computed."""
        found = self.facts([client_id]).get(client_id)
        if found is None:
            raise FactsFailedError(client_id)
        return found

    def compute(self, ids: Sequence[int], at: datetime) -> dict[int, ClientFacts]:
        found: dict[int, ClientFacts] = {}
        for chunk in _chunks(list(ids)):
            found.update(self._compute_chunk(chunk, at)[0])  # failures are logged
        return found

    # --- internals ---------------------------------------------------------------------
    def _compute_chunk(
        self, ids: Sequence[int], at: datetime
    ) -> tuple[dict[int, ClientFacts], dict[int, list[Commitment]], dict[int, str]]:
        """The facts of ``ids`` at ``at``, the clients' promises, and the clients whose
        facts could not be computed (each logged) with the reason."""
        since = at - timedelta(days=trust.WINDOW_DAYS)
        self_assessed = self.assessments.self_orientation_by_client(ids)
        analysed = self.analysed_clients() if self.analysed_clients else None
        with self.db.reading() as s:
            # By id, whoever asks: the ids are visible ones, and the facts are shared.
            repos = Repositories(s, EVERYTHING)
            clients = repos.clients.with_ids(ids)
            promises: dict[int, list[Commitment]] = {}
            for c in repos.commitments.of_clients(ids):
                promises.setdefault(c.client_id, []).append(c)
            window: dict[int, list[Interaction]] = {}
            for i in repos.interactions.of_clients_between(ids, since, at):
                window.setdefault(i.client_id, []).append(i)
            last = repos.interactions.last_started(ids, at)
            revenue = repos.records.revenue_of_clients_since(
                ids, (at - timedelta(days=REVENUE_DAYS)).date()
            )
        found: dict[int, ClientFacts] = {}
        failures: dict[int, str] = {}
        for client in clients:
            assert client.id is not None
            wanted = self.signals_for and (analysed is None or client.id in analysed)
            try:
                found[client.id] = client_facts(
                    client,
                    promises.get(client.id, []),
                    window.get(client.id, []),
                    _aware(last.get(client.id)),
                    revenue.get(client.id, (Decimal(0), "EUR")),
                    at,
                    signals=self.signals_for(client.id) if self.signals_for and wanted else None,
                    self_assessed=self_assessed.get(client.id),
                )
            except COMPUTATION_ERRORS as exc:
                failures[client.id] = _log_failure(client.id, exc)
        return found, promises, failures

    def _ensure_rows(self, ids: Sequence[int]) -> None:
        """A row for every client before its evidence is read, so that a write landing
        while the facts are computed bumps the version and the stale result is not kept."""
        with best_effort(self.db) as s:
            Repositories(s, EVERYTHING).scores.ensure_rows(ids)

    def _store(
        self,
        computed: dict[int, ClientFacts],
        promises: dict[int, list[Commitment]],
        versions: dict[int, int],
        at: datetime,
        failures: dict[int, str],
    ) -> None:
        rows = []
        for cid, f in computed.items():
            if cid not in versions:
                continue
            try:
                rows.append(
                    {
                        "b_client_id": cid,
                        "b_version": versions[cid],
                        "computed_version": versions[cid],
                        "computed_at": at,
                        "valid_until": valid_until(promises.get(cid, []), at),
                        "name_key": f.client.name.casefold()[:200],
                        "trust": f.estimate.trust,
                        "confidence": f.estimate.confidence,
                        "last_contact": f.last_contact,
                        "touch_due_at": touch_due(f.client, f.last_contact),
                        "setbacks": len(f.setbacks),
                        "revenue": f.revenue,
                        "currency": f.currency,
                        "open_promises": f.open_promises,
                        "overdue_promises": f.overdue_promises,
                        "personal_share": f.personal_share,
                        "personal_share_before": f.personal_share_before,
                        "detail": plain(detail_json(f)),
                    }
                )
            except COMPUTATION_ERRORS as exc:
                failures[cid] = _log_failure(cid, exc)
        rows += [
            {
                "b_client_id": cid,
                "b_version": versions[cid],
                "computed_version": versions[cid],
                "computed_at": at,
                "valid_until": valid_until([], at),
                **dict.fromkeys(FIGURES),
                "detail": {"failed": reason},
            }
            for cid, reason in failures.items()
            if cid in versions
        ]
        if not rows:
            return
        # Only where nothing changed since the versions were read.
        with best_effort(self.db) as s:
            Repositories(s, EVERYTHING).scores.store_facts(rows)


COMPUTATION_ERRORS = (ArithmeticError, ValueError)
"""What a stored value out of range raises in date or number arithmetic (OverflowError,
decimal.InvalidOperation, "year is out of range"): one client's problem, not the page's."""

FIGURES = (
    "name_key",
    "trust",
    "confidence",
    "last_contact",
    "touch_due_at",
    "setbacks",
    "revenue",
    "currency",
    "open_promises",
    "overdue_promises",
    "personal_share",
    "personal_share_before",
)
"""The stored figures, left empty for a client whose facts failed (no list picks it)."""


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _log_failure(client_id: int, exc: BaseException) -> str:
    reason = _reason(exc)
    log.warning(
        "the facts of client %d cannot be computed (%s); serving the other clients",
        client_id,
        reason,
    )
    return reason


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
