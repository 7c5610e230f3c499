"""Webhooks, the events written for them and their deliveries and attempts (webhooks,
webhook_events, webhook_deliveries, webhook_attempts)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from rapport.storage.repositories.base import Repository
from rapport.storage.webhook_rows import (
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEventRow,
    WebhookRow,
)

DeliveryHit = tuple[WebhookDeliveryRow, str, str]
"""A delivery with its event's public id and kind."""


class WebhookRepository(Repository):
    """Webhooks, the events written for them and their deliveries and attempts."""

    # --- the outbox: written on the session's connection, also while it flushes ----------
    def subscribers(self, webhook_id: int | None = None) -> list[tuple[int, Any]]:
        """(webhook id, the event kinds it wants: empty for all) of every webhook, or of
        ``webhook_id`` only."""
        query = sa.select(WebhookRow.id, WebhookRow.events)
        if webhook_id is not None:
            query = query.where(WebhookRow.id == webhook_id)
        return [(hook_id, kinds) for hook_id, kinds in self.session.connection().execute(query)]

    def insert_event(self, *, public_id: str, kind: str, payload: Any, created_at: datetime) -> int:
        """Write an event; its number."""
        key = (
            self.session.connection()
            .execute(
                sa.insert(WebhookEventRow).values(
                    public_id=public_id, kind=kind, payload=payload, created_at=created_at
                )
            )
            .inserted_primary_key
        )
        assert key is not None
        return int(key[0])

    def insert_delivery(
        self, *, public_id: str, webhook_id: int, event_id: int, at: datetime
    ) -> int:
        """Write a pending delivery of an event to a webhook, due at ``at``; its number."""
        key = (
            self.session.connection()
            .execute(
                sa.insert(WebhookDeliveryRow).values(
                    public_id=public_id,
                    webhook_id=webhook_id,
                    event_id=event_id,
                    status="pending",
                    attempts=0,
                    next_attempt_at=at,
                    created_at=at,
                )
            )
            .inserted_primary_key
        )
        assert key is not None
        return int(key[0])

    # --- webhooks --------------------------------------------------------------------------
    def add(self, row: WebhookRow | WebhookDeliveryRow | WebhookAttemptRow) -> None:
        self.session.add(row)

    def all_with_last_status(self) -> list[tuple[WebhookRow, str | None]]:
        """Every webhook by number, with the status of its newest delivery (None: none)."""
        newest = (
            sa.select(WebhookDeliveryRow.status)
            .where(WebhookDeliveryRow.webhook_id == WebhookRow.id)
            .order_by(WebhookDeliveryRow.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        rows = self.session.execute(sa.select(WebhookRow, newest).order_by(WebhookRow.id))
        return [(row, status) for row, status in rows]

    def remove(self, webhook_id: int) -> None:
        """Delete a webhook with its deliveries and their attempts, and the events no
        delivery refers to any more."""
        s = self.session
        mine = sa.select(WebhookDeliveryRow.id).where(WebhookDeliveryRow.webhook_id == webhook_id)
        s.execute(sa.delete(WebhookAttemptRow).where(WebhookAttemptRow.delivery_id.in_(mine)))
        s.execute(sa.delete(WebhookDeliveryRow).where(WebhookDeliveryRow.webhook_id == webhook_id))
        s.execute(sa.delete(WebhookRow).where(WebhookRow.id == webhook_id))
        used = sa.select(WebhookDeliveryRow.event_id)
        s.execute(sa.delete(WebhookEventRow).where(WebhookEventRow.id.not_in(used)))

    # --- deliveries --------------------------------------------------------------------------
    def _with_event(self) -> sa.Select[WebhookDeliveryRow, str, str]:
        return sa.select(WebhookDeliveryRow, WebhookEventRow.public_id, WebhookEventRow.kind).join(
            WebhookEventRow, WebhookEventRow.id == WebhookDeliveryRow.event_id
        )

    def delivery_of_event(self, event_public_id: str) -> int | None:
        """The number of a delivery of the event ``event_public_id``."""
        return self.session.scalar(
            sa.select(WebhookDeliveryRow.id)
            .join(WebhookEventRow, WebhookEventRow.id == WebhookDeliveryRow.event_id)
            .where(WebhookEventRow.public_id == event_public_id)
        )

    def newest_deliveries(
        self, webhook_id: int | None = None, *, limit: int = 50
    ) -> list[DeliveryHit]:
        """The newest deliveries (of ``webhook_id`` only when given), newest first."""
        query = self._with_event().order_by(WebhookDeliveryRow.id.desc()).limit(limit)
        if webhook_id is not None:
            query = query.where(WebhookDeliveryRow.webhook_id == webhook_id)
        return [(row, pid, kind) for row, pid, kind in self.session.execute(query)]

    def deliveries_by_ids(self, ids: Collection[int]) -> list[DeliveryHit]:
        query = self._with_event().where(WebhookDeliveryRow.id.in_(ids))
        return [(row, pid, kind) for row, pid, kind in self.session.execute(query)]

    def attempts_of(self, delivery_ids: Collection[int]) -> list[WebhookAttemptRow]:
        """The attempts of these deliveries, oldest first."""
        return list(
            self.session.scalars(
                sa.select(WebhookAttemptRow)
                .where(WebhookAttemptRow.delivery_id.in_(delivery_ids))
                .order_by(WebhookAttemptRow.id)
            )
        )

    def delivery_number(self, ref: int | str) -> int | None:
        """A delivery's number from its number (an int) or its ``dlv_`` id (a str)."""
        column = WebhookDeliveryRow.public_id if isinstance(ref, str) else WebhookDeliveryRow.id
        return self.session.scalar(sa.select(WebhookDeliveryRow.id).where(column == ref))

    def event_number(self, public_id: str) -> int | None:
        return self.session.scalar(
            sa.select(WebhookEventRow.id).where(WebhookEventRow.public_id == public_id)
        )

    def pending_delivery_ids(self) -> set[int]:
        return set(
            self.session.scalars(
                sa.select(WebhookDeliveryRow.id).where(WebhookDeliveryRow.status == "pending")
            )
        )

    def for_attempt(
        self, delivery_id: int
    ) -> tuple[WebhookDeliveryRow, WebhookEventRow, WebhookRow] | None:
        """A delivery with its event and webhook, detached from the session (plain values)."""
        found = self.session.execute(
            sa.select(WebhookDeliveryRow, WebhookEventRow, WebhookRow)
            .join(WebhookEventRow, WebhookEventRow.id == WebhookDeliveryRow.event_id)
            .join(WebhookRow, WebhookRow.id == WebhookDeliveryRow.webhook_id)
            .where(WebhookDeliveryRow.id == delivery_id)
        ).first()
        if found is None:
            return None
        delivery, event, hook = found
        for row in (delivery, event, hook):
            self.session.expunge(row)
        return delivery, event, hook

    def set_delivery_state(
        self,
        delivery_id: int,
        *,
        status: str,
        attempts: int,
        last_status: int | None,
        last_error: str | None,
        next_attempt_at: datetime | None,
        finished_at: datetime | None,
    ) -> None:
        self.session.execute(
            sa.update(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.id == delivery_id)
            .values(
                status=status,
                attempts=attempts,
                last_status=last_status,
                last_error=last_error,
                next_attempt_at=next_attempt_at,
                finished_at=finished_at,
            )
        )
