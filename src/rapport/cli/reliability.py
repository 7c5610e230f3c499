"""``rapport today`` (the day's list) and ``rapport commitment announce`` (tell the client
early that a promise will slip, and re-commit)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from rapport.cli import text
from rapport.cli.context import console, container, note, print_json
from rapport.cli.text import _ as cli_text
from rapport.domain.labels import DAYS_AHEAD
from rapport.domain.messages import N_
from rapport.domain.model import Client, Commitment
from rapport.i18n import LANGUAGE_NAMES
from rapport.services.reliability import announce_json
from rapport.services.rendering import label, number, plural, tr
from rapport.services.when import parse_when

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]

L_AT_RISK = N_("Promises due soon")
L_OVERDUE = N_("Promises overdue")
L_TOUCHPOINTS = N_("Touch-points due")
L_SLIPPING = N_("Trust slipping")
L_NOTHING = N_("Nothing here today.")
L_TOLD_NOTE = N_(" (client told)")
L_PROMISE_ROW = N_("#{id} {client}: {text} — {due}")
L_CLIENT_ROW = N_("{client}: {text}")
L_SEPARATOR = N_("; ")
L_READ_IN = "read {at} in {zone}"  # the command line's own note (domain cli)
NOTICE_FIELDS = {
    "client": N_("Client"),
    "language": N_("Language"),
    "timezone": N_("Time zone"),
    "to_whom": N_("To"),
    "promise": N_("Promise"),
    "original_due_at": N_("Promised for"),
    "new_due_at": N_("New date"),
    "announced_at": N_("Client told at"),
    "notice_days": N_("Told ahead"),
    "before_due": N_("Told before the due date"),
}
"""What ``commitment announce`` prints about the early notice."""
L_ANNOUNCED = N_("Commitment {id}: the client was told at {at}.")

app = typer.Typer(help="Promises made to clients.", no_args_is_help=True)


def today(
    ctx: typer.Context,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language: en, ja, vi, zh-Hans or nb.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The day's list: promises at risk and overdue, touch-points due, trust slipping."""
    c = container(ctx)
    lang_ = text.command_language(lang)
    data = c.reliability.today(lang=lang_)
    data.pop("counts")  # every list is complete here: the JSON contract has just the four
    if as_json:
        print_json(data)
        return
    _show_today(data, lang_, c.settings.timezone)


def _show_today(data: dict[str, Any], lang: str, zone: str) -> None:
    from rapport.services.rendering import due_phrase
    from rapport.services.when import now

    out = console()
    at = now()

    def section(title: str, rows: list[str]) -> None:
        out.print(f"\n[bold]{tr(title, lang)}[/bold]")
        for row in rows or [tr(L_NOTHING, lang)]:
            out.print(f"  {row}", highlight=False, markup=False)

    def due(entry: dict[str, Any]) -> str:
        return due_phrase(datetime.fromisoformat(entry["due_at"]), at, zone, lang)

    told = tr(L_TOLD_NOTE, lang)
    row = tr(L_PROMISE_ROW, lang)
    for title, key in ((L_AT_RISK, "at_risk"), (L_OVERDUE, "overdue")):
        section(
            title,
            [
                row.format(id=e["id"], client=e["client"], text=e["text"], due=due(e))
                + (told if e["announced"] else "")
                for e in data[key]
            ],
        )
    named = tr(L_CLIENT_ROW, lang)
    section(
        L_TOUCHPOINTS,
        [named.format(client=t["client"], text=due(t)) for t in data["touchpoints_due"]],
    )
    section(
        L_SLIPPING,
        [
            named.format(
                client=f"{s['client']} ({number(s['trust'], lang, 2)})",
                text=tr(L_SEPARATOR, lang).join(r["text"] for r in s["reasons"]),
            )
            for s in data["slipping"]
        ],
    )


@app.command("announce")
def announce(
    ctx: typer.Context,
    commitment_id: Annotated[int, typer.Argument(metavar="ID", help="The commitment's id.")],
    new_due: Annotated[
        str | None,
        typer.Option("--new-due", help="Re-commit to this date (read in the client's zone)."),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When the client was told (default: now)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record that the client was told early that a promise will slip; re-commit with
    --new-due. Prints what an early-notice draft needs."""
    c = container(ctx)
    ws = c.workspace
    commitment = ws.get(Commitment, commitment_id)
    client = ws.get(Client, commitment.client_id)
    told = _when(at, client.timezone) if at else None
    due = _when(new_due, client.timezone, end_of_day=True) if new_due else None
    stored, notice = c.reliability.announce(commitment_id, at=told, new_due=due)
    if as_json:
        print_json(announce_json(stored, notice))
        return
    out = console()
    lang = text.language()
    table = Table(show_header=False)
    for key, value in announce_json(stored, notice)["notice"].items():
        if key in ("commitment_id", "client_id"):
            continue
        if isinstance(value, bool):
            shown = label("bool", value, lang)
        elif key == "language":
            shown = LANGUAGE_NAMES.get(str(value), str(value))
        elif key.endswith("_at") and value:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
            shown = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        elif key == "notice_days":
            shown = plural(DAYS_AHEAD, round(float(value)), lang)
        else:
            shown = "" if value is None else str(value)
        table.add_row(tr(NOTICE_FIELDS.get(key, key), lang), escape(shown))
    told_at = notice.announced_at.isoformat(timespec="minutes")
    out.print(tr(L_ANNOUNCED, lang).format(id=stored.id, at=told_at), markup=False)
    out.print(table)


def _when(text: str, zone: str, *, end_of_day: bool = False) -> Any:
    when = parse_when(text, zone, end_of_day=end_of_day)
    if when.assumed_zone:
        shown = when.at.strftime("%Y-%m-%d %H:%M")
        note(cli_text(L_READ_IN).format(at=shown, zone=when.assumed_zone))
    return when.at
