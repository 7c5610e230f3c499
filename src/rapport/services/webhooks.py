"""Outgoing webhooks: the addresses, delivering events to them, the delivery log
(docs/webhooks.md). Owners only (webhooks see every client's events).

Each delivery attempt is one ``webhook-delivery`` job on the job queue (a thread of the
server in single-user mode, ``rapport worker`` in team mode). An attempt POSTs the event as
JSON, signed (rapport.crypto.webhook_signing), and records its HTTP status or error in
the delivery log (``webhook_attempts``). A 2xx answer ends the delivery as ``succeeded``;
anything else (another status, a timeout, a refused connection) submits the next attempt
as a delayed job after the next wait of ``webhook_retry_schedule`` (1 min, 5 min, 30 min,
2 h, 12 h by default); after the last one the delivery is ``failed``.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from rapport import __version__
from rapport.clock import now
from rapport.crypto import webhook_signing
from rapport.errors import InvalidInputError, NotFoundError, RapportError
from rapport.policy.access import LOCAL, Actor
from rapport.services import events
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.storage.webhook_rows import (
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookRow,
)
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings

log = logging.getLogger(__name__)

JOB_KIND = "webhook-delivery"
MAX_ERROR_CHARS = 300
NO_SECRET = (
    "the signing secret cannot be decrypted (the secret key or the key file changed): "
    "remove the webhook and add it again"
)
L_BAD_URL = N_("not an http(s) address: {url}")
L_NO_WEBHOOK = N_("no webhook {id}")
L_NO_DELIVERY = N_("no webhook delivery {id}")
L_BAD_KIND = N_("unknown event kind {kind}: use {kinds}")


class JobSubmitter(Protocol):
    """What deliveries need of a job runner (``rapport.services.jobs.JobRunner`` is one;
    named here so that the job kinds, which run attempts, and this module do not import
    each other)."""

    def submit(self, kind: str, payload: dict[str, Any], *, delay_seconds: float = 0) -> int: ...


def parse_schedule(text: str) -> tuple[int, ...]:
    """``"60,300,1800"`` -> the waits (seconds) before the second, third... attempt."""
    try:
        waits = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise InvalidInputError(
            N_("webhook_retry_schedule must be whole seconds separated by commas")
        ) from None
    if any(w < 0 for w in waits):
        raise InvalidInputError(
            N_("webhook_retry_schedule must be whole seconds separated by commas")
        )
    return waits


def next_wait(schedule: tuple[int, ...], attempts_made: int) -> int | None:
    """The wait before the next attempt after ``attempts_made`` failed ones (None: none
    left, the delivery has failed)."""
    if attempts_made < 1 or attempts_made > len(schedule):
        return None
    return schedule[attempts_made - 1]


@dataclass(frozen=True)
class WebhookInfo:
    id: int
    url: str
    events: list[str]
    created_at: datetime
    last_status: str | None
    """The status of its newest delivery (pending, succeeded, failed), None: none yet."""


@dataclass(frozen=True)
class CreatedWebhook:
    webhook: WebhookInfo
    secret: str
    """Shown this once; only its encrypted form is kept."""


@dataclass(frozen=True)
class Attempt:
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int


@dataclass(frozen=True)
class DeliveryInfo:
    id: int
    delivery_id: str
    webhook_id: int
    event_id: str
    event: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    created_at: datetime
    finished_at: datetime | None
    log: list[Attempt]


@dataclass(frozen=True, slots=True)
class AttemptSkipped:
    """A ``webhook-delivery`` job that found nothing to attempt: the delivery is gone
    (``delivery`` is then its number) or no longer pending."""

    delivery: int | str
    status: str


@dataclass(frozen=True, slots=True)
class AttemptMade:
    """One attempt of a delivery: how it went and, while pending, when the next is due."""

    delivery: str
    status: str
    http_status: int | None
    error: str | None
    next_attempt_at: str | None


def _url_ok(url: str) -> bool:
    return bool(re.match(r"^https?://[^\s/?#]+[^\s]*$", url, re.IGNORECASE)) and len(url) <= 2000


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a delivery: the attempt records the 3xx."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """POST ``body``: (HTTP status, "") or (status or None, a one-line error)."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with _opener.open(request, timeout=timeout) as answer:
            answer.read(65536)
            return int(answer.status), ""
    except urllib.error.HTTPError as exc:
        return int(exc.code), f"HTTP {exc.code} {exc.reason}"[:MAX_ERROR_CHARS]
    except urllib.error.URLError as exc:
        return None, f"cannot reach the address: {exc.reason}"[:MAX_ERROR_CHARS]
    except TimeoutError:
        return None, f"no answer within {timeout:g} s"
    except OSError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]


class WebhookService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        actor: Actor = LOCAL,
        *,
        jobs: JobSubmitter | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor
        self._jobs = jobs

    # --- webhooks ----------------------------------------------------------------------
    def add(self, url: str, kinds: list[str] | None = None) -> CreatedWebhook:
        self.actor.check_owner()
        url = url.strip()
        if not _url_ok(url):
            raise InvalidInputError(L_BAD_URL, url=url[:200])
        wanted = sorted(set(kinds or []))
        for kind in wanted:
            if kind not in events.KINDS:
                raise InvalidInputError(L_BAD_KIND, kind=kind, kinds=", ".join(events.KINDS))
        from rapport.crypto import secret_box

        secret = "whsec_" + secrets.token_urlsafe(32)
        with self.db.transaction() as s:
            row = WebhookRow(
                url=url,
                events=wanted,
                secret_encrypted=secret_box.seal(self.settings, secret),
                created_at=now(),
            )
            repos = Repositories(s)
            repos.webhooks.add(row)
            repos.flush()
            return CreatedWebhook(_info(row, None), secret)

    def all_webhooks(self) -> list[WebhookInfo]:
        self.actor.check_owner()
        with self.db.reading() as s:
            rows = Repositories(s).webhooks.all_with_last_status()
            return [_info(row, status) for row, status in rows]

    def get(self, webhook_id: int) -> WebhookInfo:
        for info in self.all_webhooks():
            if info.id == webhook_id:
                return info
        raise NotFoundError(L_NO_WEBHOOK, id=webhook_id)

    def remove(self, webhook_id: int) -> WebhookInfo:
        """Delete the webhook with its delivery log; deliveries still waiting are dropped."""
        info = self.get(webhook_id)
        with self.db.transaction() as s:
            Repositories(s).webhooks.remove(webhook_id)
        return info

    def test(self, webhook_id: int) -> DeliveryInfo:
        """Send a ``ping`` event to this webhook (through the queue, like any event)."""
        self.get(webhook_id)
        with self.db.transaction() as s:
            repos = Repositories(s)
            event_id = events.publish(
                repos, events.PING, events.ping_payload(webhook_id), webhook_id=webhook_id
            )
            assert event_id is not None
            delivery = repos.webhooks.delivery_of_event(event_id)
        assert delivery is not None
        return self.delivery(delivery)

    # --- the delivery log ----------------------------------------------------------------
    def deliveries(self, webhook_id: int | None = None, *, limit: int = 50) -> list[DeliveryInfo]:
        self.actor.check_owner()
        if webhook_id is not None:
            self.get(webhook_id)
        with self.db.reading() as s:
            repos = Repositories(s)
            found = repos.webhooks.newest_deliveries(webhook_id, limit=limit)
            ids = [row.id for row, _, _ in found]
            attempts: dict[int, list[Attempt]] = {i: [] for i in ids}
            if ids:
                for a in repos.webhooks.attempts_of(ids):
                    attempts[a.delivery_id].append(
                        Attempt(a.attempted_at, a.status_code, a.error, a.duration_ms)
                    )
            return [_delivery(row, pid, kind, attempts[row.id]) for row, pid, kind in found]

    def delivery(self, ref: int | str) -> DeliveryInfo:
        """One delivery by its number or its ``dlv_`` id."""
        self.actor.check_owner()
        if isinstance(ref, str) and ref.isdigit():
            ref = int(ref)
        with self.db.reading() as s:
            number = Repositories(s).webhooks.delivery_number(ref)
        if number is None:
            raise NotFoundError(L_NO_DELIVERY, id=ref)
        for info in self._by_ids([number]):
            return info
        raise NotFoundError(L_NO_DELIVERY, id=ref)

    def _by_ids(self, ids: list[int]) -> list[DeliveryInfo]:
        with self.db.reading() as s:
            repos = Repositories(s)
            out = []
            for row, pid, kind in repos.webhooks.deliveries_by_ids(ids):
                log_rows = repos.webhooks.attempts_of([row.id])
                attempts = [
                    Attempt(a.attempted_at, a.status_code, a.error, a.duration_ms) for a in log_rows
                ]
                out.append(_delivery(row, pid, kind, attempts))
            return out

    def redeliver(self, ref: int | str) -> DeliveryInfo:
        """The same event to the same webhook again, as a new delivery (same event id)."""
        old = self.delivery(ref)
        at = now()
        with self.db.transaction() as s:
            repos = Repositories(s)
            event_id = repos.webhooks.event_number(old.event_id)
            row = WebhookDeliveryRow(
                public_id=events.new_id("dlv"),
                webhook_id=old.webhook_id,
                event_id=event_id,
                status="pending",
                attempts=0,
                next_attempt_at=at,
                created_at=at,
            )
            repos.webhooks.add(row)
            repos.flush()
            s.info.setdefault(events.PENDING_KEY, []).append(row.id)
            number = row.id
        return self.delivery(number)

    # --- delivering ----------------------------------------------------------------------
    def dispatch(self, delivery_ids: list[int], *, delay_seconds: float = 0) -> None:
        """Hand deliveries to the job queue: one ``webhook-delivery`` job each."""
        if self._jobs is None:
            return
        for delivery_id in delivery_ids:
            self._jobs.submit(JOB_KIND, {"delivery_id": delivery_id}, delay_seconds=delay_seconds)

    def resume(self) -> list[int]:
        """At start-up (after the job runner took up its own unfinished jobs): hand over
        the pending deliveries no unfinished job will attempt — the process stopped between
        the commit and the hand-over, or the job itself failed."""
        with self.db.reading() as s:
            repos = Repositories(s)
            pending = repos.webhooks.pending_delivery_ids()
            if not pending:
                return []
            waiting = repos.jobs.unfinished_payloads(JOB_KIND)
            covered = {int(p.get("delivery_id", 0)) for p in waiting}
        ids = sorted(pending - covered)
        self.dispatch(ids)
        return ids

    def schedule(self) -> tuple[int, ...]:
        return parse_schedule(self.settings.webhook_retry_schedule)

    def attempt(self, delivery_id: int) -> AttemptMade | AttemptSkipped:
        """One attempt of a delivery (the ``webhook-delivery`` job): POST, log, and either
        finish it or submit the next attempt after its wait."""
        from rapport.crypto import secret_box

        with self.db.reading() as s:
            found = Repositories(s).webhooks.for_attempt(delivery_id)  # plain values from here on
        if found is None:
            return AttemptSkipped(delivery=delivery_id, status="gone")
        delivery, event, hook = found
        if delivery.status != "pending":
            return AttemptSkipped(delivery=delivery.public_id, status=delivery.status)
        body = json.dumps(
            {
                "id": event.public_id,
                "type": event.kind,
                "created_at": event.created_at.isoformat(),
                "data": event.payload,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        try:
            secret = secret_box.unseal(self.settings, hook.secret_encrypted)
        except RapportError:  # no use retrying: the key that sealed it is gone
            return self._record(delivery, None, NO_SECRET, 0, wait=None)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"Rapport-Webhooks/{__version__}",
            "Rapport-Event": event.kind,
            "Rapport-Delivery": delivery.public_id,
            webhook_signing.SIGNATURE_HEADER: webhook_signing.header(secret, body),
        }
        started = time.monotonic()
        status, error = post(hook.url, body, headers, self.settings.webhook_timeout_s)
        elapsed = int((time.monotonic() - started) * 1000)
        ok = status is not None and 200 <= status < 300
        wait = None if ok else next_wait(self.schedule(), delivery.attempts + 1)
        return self._record(delivery, status, "" if ok else error, elapsed, wait=wait)

    def _record(
        self,
        delivery: WebhookDeliveryRow,
        status: int | None,
        error: str,
        elapsed: int,
        *,
        wait: int | None,
    ) -> AttemptMade:
        """Log the attempt; end the delivery or submit the next attempt after ``wait``."""
        ok = not error and status is not None and 200 <= status < 300
        at = now()
        attempts = delivery.attempts + 1
        if ok:
            state, error_text, next_at = "succeeded", None, None
        elif wait is None:
            state, error_text, next_at = "failed", error, None
        else:
            state, error_text, next_at = "pending", error, at + timedelta(seconds=wait)
        with self.db.transaction() as s:
            repos = Repositories(s)
            repos.webhooks.add(
                WebhookAttemptRow(
                    delivery_id=delivery.id,
                    attempted_at=at,
                    status_code=status,
                    error=error_text,
                    duration_ms=elapsed,
                )
            )
            repos.webhooks.set_delivery_state(
                delivery.id,
                status=state,
                attempts=attempts,
                last_status=status,
                last_error=error_text,
                next_attempt_at=next_at,
                finished_at=None if state == "pending" else at,
            )
        if state == "pending" and wait is not None:
            self.dispatch([delivery.id], delay_seconds=wait)
        return AttemptMade(
            delivery=delivery.public_id,
            status=state,
            http_status=status,
            error=error_text,
            next_attempt_at=next_at.isoformat() if next_at else None,
        )


def _info(row: WebhookRow, status: str | None) -> WebhookInfo:
    return WebhookInfo(
        id=row.id,
        url=row.url,
        events=list(row.events or []),
        created_at=row.created_at,
        last_status=status,
    )


def _delivery(
    row: WebhookDeliveryRow, event_id: str, kind: str, attempts: list[Attempt]
) -> DeliveryInfo:
    return DeliveryInfo(
        id=row.id,
        delivery_id=row.public_id,
        webhook_id=row.webhook_id,
        event_id=event_id,
        event=kind,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_status=row.last_status,
        last_error=row.last_error,
        created_at=row.created_at,
        finished_at=row.finished_at,
        log=attempts,
    )
