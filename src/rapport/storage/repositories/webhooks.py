"""Webhooks, the events written for them and their deliveries and attempts (webhooks,
webhook_events, webhook_deliveries, webhook_attempts)."""

from __future__ import annotations

from rapport.storage.repositories.base import Repository


class WebhookRepository(Repository):
    """Webhooks, the events written for them and their deliveries and attempts."""
