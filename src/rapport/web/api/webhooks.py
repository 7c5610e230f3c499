"""/api/webhooks: outgoing webhooks and their delivery log (docs/webhooks.md). Owners only
(webhooks see every client's events)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from rapport.services.webhooks import CreatedWebhook, DeliveryInfo, WebhookInfo
from rapport.web.api.bounds import PathId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["webhooks"])


class WebhookIn(BaseModel):
    url: Annotated[str, Field(min_length=1, max_length=2000)]
    events: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=10)] = []


@router.get("/webhooks", response_model=list[model_of(WebhookInfo)])  # type: ignore[misc]
def list_webhooks(container: ContainerDep) -> Any:
    """The webhooks, with the event kinds each gets (empty: all) and the status of its
    newest delivery. Never the secret."""
    return [asdict(h) for h in container.webhooks.all_webhooks()]


@router.post("/webhooks", status_code=201, response_model=model_of(CreatedWebhook))
def add_webhook(body: WebhookIn, container: ContainerDep) -> Any:
    """Add a webhook: ``{"webhook": {...}, "secret": "whsec_…"}`` — the signing secret is
    in this answer only. An address that is not http(s) or an unknown kind: 422."""
    return asdict(container.webhooks.add(body.url, body.events))


@router.delete("/webhooks/{webhook_id}", response_model=model_of(WebhookInfo))
def remove_webhook(webhook_id: PathId, container: ContainerDep) -> Any:
    """Remove a webhook and its delivery log."""
    return asdict(container.webhooks.remove(webhook_id))


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response_model=list[model_of(DeliveryInfo)],  # type: ignore[misc]
)
def webhook_deliveries(
    webhook_id: PathId,
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Any:
    """The webhook's deliveries, newest first, each with its attempts (``log``)."""
    return [asdict(d) for d in container.webhooks.deliveries(webhook_id, limit=limit)]


@router.post("/webhooks/{webhook_id}/test", status_code=202, response_model=model_of(DeliveryInfo))
def test_webhook(webhook_id: PathId, container: ContainerDep) -> Any:
    """Queue a ``ping`` event for the webhook; the answer is its delivery (pending)."""
    return asdict(container.webhooks.test(webhook_id))
