"""``rapport mail smtp|show|test|remove``: the SMTP server Rapport sends reminders, the daily
digest and invitations through (docs/integrations.md). Texts are in the ``mail``
translation domain."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from rapport.cli import inputs, text
from rapport.cli.context import console, container, print_json
from rapport.texts import N_

DOMAIN = "mail"
JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]

L_SAVED = N_("SMTP server saved: {server} ({security}). Try it with `rapport mail test ADDRESS`.")
L_NONE = N_("No SMTP server yet: set one with `rapport mail smtp HOST`.")
L_REMOVED = N_("SMTP server removed.")
L_NOTHING_REMOVED = N_("There was no SMTP server to remove.")
L_SENT = N_("Test message sent to {address} through {server}.")
L_PASSWORD = N_("SMTP password for {user}")
L_SERVER = N_("Server")
L_SECURITY = N_("Security")
L_USER = N_("User name")
L_PASSWORD_SET = N_("Password")
L_SENDER = N_("Sender (From)")
L_STORED = N_("stored (encrypted)")
L_NOT_SET = N_("not set")

L_DIGEST_SENT = N_("Digest for {date} sent to {address}.")

digest_app = typer.Typer(help="The daily digest: preview it, or send it now.", no_args_is_help=True)
mail_app = typer.Typer(
    help="The SMTP server for reminders, the digest and invitations.", no_args_is_help=True
)


def t(message: str) -> str:
    from rapport.i18n import gettext

    return gettext(DOMAIN, text.language(), message)


@mail_app.command("smtp")
def smtp(
    ctx: typer.Context,
    host: Annotated[str, typer.Argument(help="The SMTP server's host name.")],
    port: Annotated[
        int | None,
        typer.Option("--port", help="Port (default: 587 for starttls, 465 for tls, 25 for none)."),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", help="User name; the password is read from standard input."),
    ] = None,
    security: Annotated[
        str, typer.Option("--security", help="starttls (default), tls or none.")
    ] = "starttls",
    sender: Annotated[
        str | None, typer.Option("--from", help="The From address of what Rapport sends.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Set the SMTP server Rapport sends through (replaces the previous one)."""
    password = inputs.password(user, t(L_PASSWORD).format(user=user))
    server = container(ctx).mail.configure(
        host, port=port, security=security, username=user, password=password, sender=sender
    )
    if as_json:
        from rapport.jsonable import plain

        print_json(plain(server))
        return
    console().print(
        escape(t(L_SAVED).format(server=server.address, security=server.security)),
        highlight=False,
    )


@mail_app.command("show")
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """The SMTP server (never its password)."""
    server = container(ctx).mail.server()
    if as_json:
        from rapport.jsonable import plain

        print_json(plain(server) if server else None)
        return
    out = console()
    if server is None:
        out.print(t(L_NONE), highlight=False)
        return
    rows = [
        (L_SERVER, server.address),
        (L_SECURITY, server.security),
        (L_USER, server.username or t(L_NOT_SET)),
        (L_PASSWORD_SET, t(L_STORED) if server.has_password else t(L_NOT_SET)),
        (L_SENDER, server.sender or t(L_NOT_SET)),
    ]
    for label, value in rows:
        out.print(f"{escape(t(label))}: {escape(value)}", highlight=False)


@mail_app.command("test")
def test(
    ctx: typer.Context,
    to: Annotated[str, typer.Argument(metavar="TO_ADDRESS", help="Where to send it.")],
) -> None:
    """Send a short test message through the SMTP server."""
    c = container(ctx)
    message = c.mail.test(to, language=text.language())
    server = c.mail.server()
    console().print(
        escape(t(L_SENT).format(address=message["To"], server=server.address if server else "")),
        highlight=False,
    )


@mail_app.command("remove")
def remove(ctx: typer.Context) -> None:
    """Forget the SMTP server and its password (nothing is sent by e-mail afterwards)."""
    removed = container(ctx).mail.remove()
    console().print(t(L_REMOVED if removed else L_NOTHING_REMOVED), highlight=False)


@digest_app.command("preview")
def digest_preview(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Its language (default: your `language` setting)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Today's digest as it would be sent (the plain-text e-mail), or its content as JSON."""
    from rapport.domain.validation import check_language

    c = container(ctx)
    language = check_language(lang) if lang else text.language()
    digest = c.digest.build(lang=language)
    if as_json:
        print_json(digest)
        return
    subject, body, _html = c.digest.render(digest)
    out = console()
    out.print(escape(subject), highlight=False, soft_wrap=True)
    out.print("", highlight=False)
    out.print(escape(body.rstrip("\n")), highlight=False, soft_wrap=True)


@digest_app.command("send")
def digest_send(
    ctx: typer.Context,
    to: Annotated[
        str | None, typer.Option("--to", help="Where to send it (default: the email setting).")
    ] = None,
) -> None:
    """Send today's digest now (it does not count as the day's scheduled one)."""
    from rapport.services.mail_render import long_date

    address, digest = container(ctx).digest.send(to=to)
    day = long_date(digest.day, digest.language)
    console().print(escape(t(L_DIGEST_SENT).format(date=day, address=address)), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(mail_app, name="mail")
    app.add_typer(digest_app, name="digest")
