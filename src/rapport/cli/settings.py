"""``rapport settings`` (and ``rapport profile``): your name, title, company, signatures,
time zone, language, working hours and other defaults, stored in the workspace."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from rapport.cli.context import console, container, note, print_json
from rapport.cli.text import _
from rapport.texts import N_

app = typer.Typer(
    help="Your profile and settings (stored in the workspace; RAPPORT_* variables override).",
    no_args_is_help=False,
    invoke_without_command=True,
)

SOURCES = {
    "default": N_("default"),
    "stored": N_("stored"),
    "environment": N_("environment"),
}

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]


@app.callback()
def settings_root(ctx: typer.Context) -> None:
    """Show or change your settings: `rapport settings show`, `set KEY VALUE`, `unset KEY`."""
    if ctx.invoked_subcommand is None:
        show(ctx)


@app.command("show")
def show(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every setting, its value and where it comes from (default, stored, environment)."""
    services = container(ctx)
    items = services.profile.effective()
    if as_json:
        print_json(
            {
                "settings": {s.key: s.value for s in items},
                "sources": {s.key: s.source for s in items},
            }
        )
        return
    table = Table(_("setting"), _("value"), _("from"), _("meaning"))
    for item in items:
        table.add_row(item.key, item.value, _(SOURCES[item.source]), _(item.help))
    console().print(table)
    hint_if_unnamed(ctx)


@app.command("set")
def set_value(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting, e.g. name, time_zone, signature.ja.")],
    value: Annotated[str, typer.Argument(help="Its new value.")],
    as_json: JsonFlag = False,
) -> None:
    """Store a setting (for every later command and the web app)."""
    services = container(ctx)
    item = services.profile.set(key, value)
    if as_json:
        print_json({"key": item.key, "value": item.value, "source": item.source})
        return
    console().print(_("{key} = {value}").format(key=item.key, value=item.value), highlight=False)
    if item.source == "environment":
        note(
            _("the environment sets {key}, so its stored value applies only without it").format(
                key=item.key
            )
        )


@app.command("unset")
def unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The setting to clear (back to its default).")],
    as_json: JsonFlag = False,
) -> None:
    """Remove a stored setting: the default (or the environment) applies again."""
    services = container(ctx)
    item = services.profile.unset(key)
    if as_json:
        print_json({"key": item.key, "value": item.value, "source": item.source})
        return
    console().print(
        _("{key} cleared (now {value}, from {source})").format(
            key=item.key, value=item.value or "-", source=_(SOURCES[item.source])
        ),
        highlight=False,
    )


def hint_if_unnamed(ctx: typer.Context) -> None:
    """Tell the user to set their name while it is unset (drafts are signed with it)."""
    if not container(ctx).settings.me.strip():
        from rapport.services.profile import NAME_UNSET

        note(_(NAME_UNSET))


profile_app = typer.Typer(
    help="Your profile (name, title, company): the same as `rapport settings`.",
    invoke_without_command=True,
)


@profile_app.callback()
def profile_root(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show who drafts are signed by: name, title, company, email, time zone, language."""
    if ctx.invoked_subcommand is not None:
        return
    services = container(ctx)
    items = {s.key: s for s in services.profile.effective()}
    wanted = ("name", "title", "company", "email", "time_zone", "language", "working_hours")
    if as_json:
        print_json({k: items[k].value for k in wanted})
        return
    table = Table(_("setting"), _("value"))
    for k in wanted:
        table.add_row(k, items[k].value or "-")
    console().print(table)
    hint_if_unnamed(ctx)


profile_app.command("set")(set_value)
profile_app.command("unset")(unset)
