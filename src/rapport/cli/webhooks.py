"""``rapport webhooks add|list|remove|test|deliveries|redeliver``: outgoing webhooks
(docs/webhooks.md). Owners only. Texts are in the ``sync`` translation domain (with the
rest of the Integrations page)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from rapport.cli.context import console, container, print_json
from rapport.cli.sync import t
from rapport.texts import N_

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]

L_ADDED = N_("Webhook {id} added: {url}")
L_SECRET = N_(
    "Its signing secret, shown only this once (keep it to check the Rapport-Signature header):"
)
L_NONE = N_("No webhooks yet: add one with `rapport webhooks add URL`.")
L_REMOVED = N_("Webhook {id} removed: {url}")
L_QUEUED = N_("Delivery {delivery} of {event} queued for webhook {id}.")
L_NO_DELIVERIES = N_("No deliveries yet.")
L_WEBHOOK = N_("Webhook")
L_ADDRESS = N_("Address")
L_EVENTS = N_("Event kinds")
L_ALL_EVENTS = N_("all")
L_LAST_DELIVERY = N_("Last delivery")
L_DELIVERY = N_("Delivery")
L_EVENT = N_("Event")
L_STATUS = N_("Status")
L_ATTEMPTS = N_("Attempts")
L_LAST_ANSWER = N_("Last answer")
L_NEXT = N_("Next attempt")
STATUS_NAMES = {
    "pending": N_("pending"),
    "succeeded": N_("succeeded"),
    "failed": N_("failed"),
}

app = typer.Typer(
    help="Outgoing webhooks: signed POSTs of new interactions, promises, triage and bookings.",
    no_args_is_help=True,
)


def _status(status: str | None) -> str:
    return t(STATUS_NAMES[status]) if status in STATUS_NAMES else "—"


@app.command("add")
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The http(s) address events are POSTed to.")],
    event: Annotated[
        list[str] | None,
        typer.Option(
            "--event",
            help="An event kind to send (repeat for more; default: all): interaction.created, "
            "promise.created, promise.updated, triage.decided, booking.created.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a webhook; its signing secret is printed once."""
    created = container(ctx).webhooks.add(url, event or [])
    if as_json:
        print_json(created)
        return
    out = console()
    out.print(escape(t(L_ADDED).format(id=created.webhook.id, url=created.webhook.url)))
    out.print(escape(t(L_SECRET)), highlight=False)
    out.print(escape(created.secret), highlight=False, soft_wrap=True)


@app.command("list")
def list_webhooks(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The webhooks, with the events they get and their last delivery."""
    hooks = container(ctx).webhooks.all_webhooks()
    if as_json:
        print_json(hooks)
        return
    out = console()
    if not hooks:
        out.print(t(L_NONE))
        return
    table = Table(show_edge=False)
    for name in (L_WEBHOOK, L_ADDRESS, L_EVENTS, L_LAST_DELIVERY):
        table.add_column(t(name))
    for h in hooks:
        table.add_row(
            str(h.id),
            escape(h.url),
            ", ".join(h.events) or t(L_ALL_EVENTS),
            _status(h.last_status),
        )
    out.print(table)


@app.command("remove")
def remove(ctx: typer.Context, webhook_id: Annotated[int, typer.Argument(metavar="ID")]) -> None:
    """Remove a webhook and its delivery log."""
    info = container(ctx).webhooks.remove(webhook_id)
    console().print(escape(t(L_REMOVED).format(id=info.id, url=info.url)), highlight=False)


def _queued(info: Any, as_json: bool) -> None:
    if as_json:
        print_json(info)
        return
    console().print(
        escape(t(L_QUEUED).format(delivery=info.delivery_id, event=info.event, id=info.webhook_id)),
        highlight=False,
    )


@app.command("test")
def test(
    ctx: typer.Context,
    webhook_id: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """Send a `ping` event to the webhook (see it with `rapport webhooks deliveries ID`)."""
    _queued(container(ctx).webhooks.test(webhook_id), as_json)


@app.command("redeliver")
def redeliver(
    ctx: typer.Context,
    delivery: Annotated[str, typer.Argument(metavar="DELIVERY_ID", help="dlv_… or its number.")],
    as_json: JsonFlag = False,
) -> None:
    """Send a delivery's event to its webhook again (a new delivery, the same event id)."""
    _queued(container(ctx).webhooks.redeliver(delivery), as_json)


@app.command("deliveries")
def deliveries(
    ctx: typer.Context,
    webhook_id: Annotated[int | None, typer.Argument(metavar="[ID]")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """The delivery log (of one webhook, or all): each attempt's answer or error."""
    found = container(ctx).webhooks.deliveries(webhook_id, limit=limit)
    if as_json:
        print_json(found)
        return
    out = console()
    if not found:
        out.print(t(L_NO_DELIVERIES))
        return
    table = Table(show_edge=False)
    for name in (L_DELIVERY, L_WEBHOOK, L_EVENT, L_STATUS, L_ATTEMPTS, L_LAST_ANSWER, L_NEXT):
        table.add_column(t(name))
    for d in found:
        answer = str(d.last_status) if d.last_status is not None else (d.last_error or "—")
        if d.last_status is not None and d.last_error:
            answer = d.last_error
        table.add_row(
            d.delivery_id,
            str(d.webhook_id),
            d.event,
            _status(d.status),
            str(d.attempts),
            escape(answer),
            d.next_attempt_at.isoformat(timespec="seconds") if d.next_attempt_at else "—",
        )
    out.print(table)
