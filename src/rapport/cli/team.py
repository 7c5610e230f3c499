"""``rapport users``, ``rapport tokens``, ``rapport password set`` and ``rapport audit``.

The command line opens the database directly and acts as an owner (``local`` in the audit
log), in single-user and in team mode alike: whoever can run it on the server can read the
database anyway. See docs/security.md.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from rapport.cli.context import console, container, note, print_json
from rapport.cli.text import _, term
from rapport.errors import InvalidInputError
from rapport.policy.roles import Role

users_app = typer.Typer(help="Accounts and their roles (team mode).", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for scripts.", no_args_is_help=True)
password_app = typer.Typer(help="The password of the web UI.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]


def read_password() -> str:
    """The new password: from standard input (one line) or, at a terminal, typed twice."""
    if sys.stdin.isatty():
        entered: str = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
        return entered
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInputError("no password given on standard input")
    return password


@users_app.command("add")
def add_user(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Login name (no spaces).")],
    role: Annotated[Role, typer.Option(help="owner, member or read-only.")] = Role.MEMBER,
) -> None:
    """Create an account; its password is read from standard input."""
    user = container(ctx).accounts.add_user(name, role, read_password())
    note(_("Added {name} ({role}).").format(name=user.name, role=term("role", user.role)))


@users_app.command("list")
def list_users(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every account with its role."""
    users = container(ctx).accounts.list_users()
    if as_json:
        print_json(users)
        return
    table = Table(_("id"), _("name"), _("role"), _("created"), _("status"))
    for u in users:
        status = term("account_status", "disabled" if u.disabled else "active")
        table.add_row(
            str(u.id), u.name, term("role", u.role), u.created_at.strftime("%Y-%m-%d"), status
        )
    console().print(table)


@users_app.command("password")
def user_password(ctx: typer.Context, name: str) -> None:
    """Set an account's password (read from standard input); its logins end and its API
    tokens are revoked."""
    container(ctx).accounts.set_password(name, read_password())
    note(_("Password of {name} changed.").format(name=name))


@users_app.command("role")
def user_role(
    ctx: typer.Context,
    name: str,
    role: Annotated[Role, typer.Argument(help="owner, member or read-only.")],
) -> None:
    """Change an account's role (the last owner stays one)."""
    user = container(ctx).accounts.set_role(name, role)
    note(_("{name} is now: {role}.").format(name=user.name, role=term("role", user.role)))


@users_app.command("disable")
def disable_user(ctx: typer.Context, name: str) -> None:
    """Switch an account off: its logins end and its tokens are refused until enabled."""
    container(ctx).accounts.set_disabled(name, True)
    note(_("{name} is switched off.").format(name=name))


@users_app.command("enable")
def enable_user(ctx: typer.Context, name: str) -> None:
    """Switch a disabled account on again."""
    container(ctx).accounts.set_disabled(name, False)
    note(_("{name} is switched on.").format(name=name))


@users_app.command("remove")
def remove_user(
    ctx: typer.Context,
    name: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an account with its tokens, logins and shares (its clients stay)."""
    if not yes and not typer.confirm(
        _("Remove the account {name}?").format(name=name), default=False
    ):
        raise InvalidInputError("not removed (confirm, or pass --yes)")
    container(ctx).accounts.remove_user(name)
    note(_("Removed {name}.").format(name=name))


@users_app.command("share")
def share(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(metavar="CLIENT")],
    user: str,
    can_edit: Annotated[bool, typer.Option("--can-edit", help="Let them change it.")] = False,
) -> None:
    """Share a client with an account (read-only unless --can-edit)."""
    done = container(ctx).accounts.share(client, user, can_edit=can_edit)
    note(
        (
            _("Shared client {id} with {user} (can edit).")
            if can_edit
            else _("Shared client {id} with {user} (read only).")
        ).format(id=done.client_id, user=done.user)
    )


@users_app.command("unshare")
def unshare(
    ctx: typer.Context, client: Annotated[str, typer.Argument(metavar="CLIENT")], user: str
) -> None:
    """Stop sharing a client with an account."""
    container(ctx).accounts.unshare(client, user)
    note(_("{user} no longer sees {client}.").format(user=user, client=client))


@tokens_app.command("create")
def create_token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The account the token acts as.")],
    label: Annotated[str, typer.Option(help="What the token is for.")] = "",
) -> None:
    """Print a new API token (send it as `Authorization: Bearer TOKEN`); only its digest
    is stored, so it is shown this once."""
    info, token = container(ctx).accounts.create_token(name, label)
    typer.echo(token)
    note(
        _("Token {id} for {user}; revoke with `rapport tokens revoke {id}`.").format(
            id=info.id, user=info.user
        )
    )


@tokens_app.command("list")
def list_tokens(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every token (its first characters, never the token)."""
    found = container(ctx).accounts.list_tokens()
    if as_json:
        print_json(found)
        return
    table = Table(_("id"), _("user"), _("label"), _("starts with"), _("created"), _("last used"))
    for t in found:
        used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "-"
        table.add_row(str(t.id), t.user, t.label, t.prefix, t.created_at.strftime("%Y-%m-%d"), used)
    console().print(table)


@tokens_app.command("revoke")
def revoke_token(
    ctx: typer.Context, token_id: Annotated[int, typer.Argument(metavar="ID")]
) -> None:
    """Revoke a token: it is refused from the next request on."""
    container(ctx).accounts.revoke_token(token_id)
    note(_("Token {id} revoked.").format(id=token_id))


@password_app.command("set")
def set_password(ctx: typer.Context) -> None:
    """Set the single-user password of the web UI (read from standard input)."""
    from rapport.services.accounts import LOCAL_USER

    container(ctx).accounts.set_password(LOCAL_USER, read_password())
    note(_("Password set."))


def audit(
    ctx: typer.Context,
    client: Annotated[
        str | None, typer.Option("--client", help="Client name or id (a deleted one: its id).")
    ] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Who acted (account name).")] = None,
    entity: Annotated[
        str | None,
        typer.Option("--entity", help="Kind of record: client, contact, interaction, note, ..."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this day (YYYY-MM-DD, your time zone).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this day, included (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many entries, newest first.")] = 50,
    as_json: JsonFlag = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (for a spreadsheet).")] = False,
) -> None:
    """Who changed what and when: every record, every login; filtered, as JSON or CSV."""
    import csv

    from rapport.services.audit import csv_rows

    if as_json and as_csv:
        raise InvalidInputError("choose one of --json and --csv")
    c = container(ctx)
    zone = c.settings.timezone
    where = c.audit.filter(
        client=client, actor=actor, entity=entity, since=since, until=until, zone=zone
    )
    entries = c.audit.entries(limit=limit, where=where)
    if as_json:
        print_json(entries)
        return
    if as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(csv_rows(entries, zone))
        return
    from zoneinfo import ZoneInfo

    if not entries:
        note("No audit entries match.")
        return
    table = Table(
        _("when ({zone})").format(zone=zone),
        _("who"),
        _("action"),
        _("what"),
        _("id"),
        _("client"),
        _("changes"),
    )
    for e in entries:
        changed = ", ".join(sorted(e.changes)) if e.action == "update" else ""
        table.add_row(
            e.at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            term("audit_action", e.action),
            term("audit_entity", e.entity),
            e.entity_id or "",
            str(e.client_id or ""),
            changed,
        )
    console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(tokens_app, name="tokens")
    app.add_typer(password_app, name="password")
    app.command("audit")(audit)
