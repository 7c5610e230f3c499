"""``rapport contacts``: people at a client."""

from __future__ import annotations

from typing import Annotated

import typer

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
from rapport.cli.text import _
from rapport.domain.addressing import ALL_FORMS as FORMS_ALL
from rapport.domain.addressing import check_form
from rapport.domain.model import Contact
from rapport.errors import InvalidInputError
from rapport.texts import N_

app = typer.Typer(help="Add and list contacts (people at a client).", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: str,
    client: ClientOption,
    email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    title: Annotated[str | None, typer.Option(help="Job title.")] = None,
    address_form: Annotated[
        str | None,
        typer.Option("--address-form", help="How drafts address them (see `contacts address`)."),
    ] = None,
    address_name: Annotated[
        str | None, typer.Option("--address-name", help="The name used with it.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add a contact to a client."""
    owner, owner_id = find_client(ctx, client)
    form = _checked_form(address_form) if address_form else None
    contact = store(
        ctx,
        Contact(
            client_id=owner_id,
            name=name,
            email=email,
            phone=phone,
            title=title,
            address_form=form,
            address_name=address_name,
        ),
    )
    done(
        _("added contact {name} at {client} (id {id})").format(
            name=contact.name, client=owner.name, id=contact.id
        ),
        contact,
        as_json=as_json,
    )


@app.command("list")
def list_contacts(
    ctx: typer.Context, client: ClientFilter = None, as_json: JsonFlag = False
) -> None:
    """List contacts, optionally of one client."""
    contacts, names = records(ctx, Contact, client)
    show(
        contacts,
        (_("id"), _("client"), _("name"), _("email"), _("phone"), _("title")),
        ((c.id, names.get(c.client_id), c.name, c.email, c.phone, c.title) for c in contacts),
        as_json=as_json,
    )


@app.command("address")
def address(
    ctx: typer.Context,
    contact_id: Annotated[int, typer.Argument(help="The contact's id (rapport contacts list).")],
    form: Annotated[
        str | None,
        typer.Option(
            "--form",
            help="en/nb: first_name, formal; ja: sama, san; vi: anh, chi, em, ong, ba, "
            "quy_khach; zh-Hans: jingli, zong, nvshi, xiansheng, laoshi, name.",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", help="The name used with it (given name, family name, Ms Lie)."),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Forget the choice: derive it from the name again.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show or set how drafts address a contact (form of address and name, in the client's
    language); without options it shows the greeting drafts use."""
    from rapport.cli.context import container, print_json
    from rapport.domain.model import Client

    services = container(ctx)
    ws = services.workspace
    contact = ws.get(Contact, contact_id)
    changes: dict[str, object] = {}
    if clear:
        changes = {"address_form": None, "address_name": None}
    if form is not None:
        changes["address_form"] = _checked_form(form)
    if name is not None:
        changes["address_name"] = name.strip() or None
    if changes:
        contact = ws.update(Contact, contact_id, changes)
    client = ws.get(Client, contact.client_id)
    shown = services.drafts.address_of(contact, client)
    if as_json:
        print_json(
            {
                "contact": contact.id,
                "language": shown.language,
                "form": shown.choice.form,
                "name": shown.choice.name,
                "greeting": shown.greeting,
                "chosen": shown.chosen,
            }
        )
        return
    how = _("chosen") if shown.chosen else _("derived from the name; set it with --form")
    typer.echo(
        _("{contact} ({client}): drafts greet with “{greeting}” ({how})").format(
            contact=contact.name, client=client.name, greeting=shown.greeting, how=how
        )
    )


def _checked_form(form: str) -> str:
    try:
        return check_form(form)
    except ValueError:
        raise InvalidInputError(
            N_("unknown form of address {form} (use one of: {forms})"),
            form=repr(form),
            forms=", ".join(sorted(FORMS_ALL)),
        ) from None
