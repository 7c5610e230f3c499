"""``rapport revenue``: money earned per client."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer

from rapport.cli.context import container
from rapport.cli.inputs import (
    ClientFilter,
    ClientOption,
    JsonFlag,
    done,
    find_client,
    records,
    show,
    store,
)
from rapport.cli.text import _, amount, term
from rapport.domain.model import RevenueEntry, RevenueKind
from rapport.domain.when import parse_day
from rapport.errors import InvalidInputError
from rapport.texts import N_

app = typer.Typer(help="Record and list revenue.", no_args_is_help=True)


L_NOT_AMOUNT = N_("not an amount: {text} (use e.g. 1200.50)")


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise InvalidInputError(L_NOT_AMOUNT, text=repr(text)) from None
    if not amount.is_finite():
        raise InvalidInputError(L_NOT_AMOUNT, text=repr(text))
    return amount.quantize(Decimal("0.01"))


@app.command("add")
def add(
    ctx: typer.Context,
    client: ClientOption,
    amount: Annotated[str, typer.Option(help="Amount, e.g. 1200.50.")],
    currency: Annotated[str, typer.Option(help="Three-letter currency code.")] = "EUR",
    on: Annotated[
        str | None, typer.Option("--date", help="Date received, YYYY-MM-DD (default today).")
    ] = None,
    kind: Annotated[RevenueKind, typer.Option(help="What the money was for.")] = (
        RevenueKind.PROJECT
    ),
    note: Annotated[str, typer.Option(help="Free note.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Record revenue from a client."""
    from rapport.services.conversation import today_in

    owner, owner_id = find_client(ctx, client)
    entry = store(
        ctx,
        RevenueEntry(
            client_id=owner_id,
            on=parse_day(on) if on else today_in(container(ctx).settings),
            amount=_amount(amount),
            currency=currency,
            kind=kind,
            note=note,
        ),
    )
    done(
        _("recorded {amount} {currency} from {client} (id {id})").format(
            amount=entry.amount, currency=entry.currency, client=owner.name, id=entry.id
        ),
        entry,
        as_json=as_json,
    )


@app.command("list")
def list_revenue(
    ctx: typer.Context, client: ClientFilter = None, as_json: JsonFlag = False
) -> None:
    """List revenue entries, newest first."""
    items, names = records(ctx, RevenueEntry, client)
    show(
        items,
        (_("id"), _("client"), _("date"), _("amount"), _("currency"), _("kind"), _("note")),
        (
            (
                e.id,
                names.get(e.client_id),
                e.on,
                amount(e.amount),
                e.currency,
                term("revenue_kind", e.kind),
                e.note,
            )
            for e in items
        ),
        as_json=as_json,
    )
