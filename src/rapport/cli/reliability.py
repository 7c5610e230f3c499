"""``rapport today`` (the day's list), ``rapport commitment announce`` (tell the client
early that a promise will slip, and re-commit) and ``rapport commitment recommit``
(apologise for an overdue promise: it is marked missed and made again)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from rapport.cli import text
from rapport.cli.context import console, container, dump, note, print_json
from rapport.cli.text import _ as cli_text
from rapport.cli.text import number, tr
from rapport.domain.hours import CLIENTS_OVER_CAP
from rapport.domain.model import Client, Commitment
from rapport.domain.when import parse_when
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.services.reliability_results import (
        AtRiskPromise,
        OverduePromise,
        Today,
        TouchpointDue,
    )

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
L_HOURS = N_("Meeting hours")
L_RECORDED = N_(
    "recorded: {client} was told on {at} about commitment {id}; due now {due}. The message to send:"
)
L_RECOMMITTED = N_(
    "recorded: commitment {id} for {client} is missed (apology on {at}); the new promise "
    "{new_id} is due {due}. The message to send:"
)

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
    day = c.reliability.today(lang=lang_)
    if as_json:
        print_json(_today_json(day))
        return
    _show_today(day, lang_, c.settings.timezone)


def _today_json(day: Today) -> dict[str, Any]:
    """The day's list as ``rapport today --json`` prints it: every list is complete
    here, so the JSON contract has just the four (and the hours, when counted)."""
    from rapport.jsonable import plain

    data: dict[str, Any] = plain(day)
    data.pop("counts")
    if day.hours is None:
        data.pop("hours")
    return data


def _show_today(day: Today, lang: str, zone: str) -> None:
    from rapport.clock import now
    from rapport.services.rendering import due_phrase

    out = console()
    at = now()

    def section(title: str, rows: list[str]) -> None:
        out.print(f"\n[bold]{tr(title, lang)}[/bold]")
        for row in rows or [tr(L_NOTHING, lang)]:
            out.print(f"  {row}", highlight=False, markup=False)

    def due(entry: AtRiskPromise | OverduePromise | TouchpointDue) -> str:
        return due_phrase(entry.due, at, zone, lang)

    told = tr(L_TOLD_NOTE, lang)
    row = tr(L_PROMISE_ROW, lang)
    promises: tuple[tuple[str, tuple[AtRiskPromise, ...] | tuple[OverduePromise, ...]], ...] = (
        (L_AT_RISK, day.at_risk),
        (L_OVERDUE, day.overdue),
    )
    for title, entries in promises:
        section(
            title,
            [
                row.format(id=e.id, client=e.client, text=e.text, due=due(e))
                + (told if e.announced else "")
                for e in entries
            ],
        )
    named = tr(L_CLIENT_ROW, lang)
    section(
        L_TOUCHPOINTS,
        [named.format(client=t.client, text=due(t)) for t in day.touchpoints_due],
    )
    section(
        L_SLIPPING,
        [
            named.format(
                client=f"{s.client} ({number(s.trust, lang, 2)})",
                text=tr(L_SEPARATOR, lang).join(r.text for r in s.reasons),
            )
            for s in day.slipping
        ],
    )
    hours = day.hours
    if hours:
        out.print(f"\n[bold]{tr(L_HOURS, lang)}[/bold]")
        out.print(f"  {hours.week.text}", highlight=False, markup=False)
        if hours.clients_over_cap:
            out.print(f"  {tr(CLIENTS_OVER_CAP, lang)}:", highlight=False, markup=False)
            for entry in hours.clients_over_cap:
                out.print(f"    {entry.text}", highlight=False, markup=False)


def announce(
    ctx: typer.Context,
    commitment_ref: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The commitment's id, or `last` for the promise you added most recently.",
        ),
    ],
    new_due: Annotated[
        str | None,
        typer.Option(
            "--new-due",
            help="Re-commit to this date (read in the client's zone; +7d is a week from today).",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="When the client was told (default: now)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record that the client was told early that a promise will slip, re-commit with
    --new-due, and print the drafted message to send them (in their language). Refused for
    a promise already announced or already past its due date."""
    from rapport.services.drafting import DraftOptions
    from rapport.services.reliability_results import Announced

    c = container(ctx)
    ws = c.workspace
    commitment_id = _commitment_id(ws, commitment_ref)
    commitment = ws.get(Commitment, commitment_id)
    client = ws.get(Client, commitment.client_id)
    told = _when(at, client.timezone) if at else None
    due = _when(new_due, client.timezone, end_of_day=True) if new_due else None
    # checked (and nothing stored) before the draft is written
    c.reliability.early_notice(commitment_id, at=told, new_due=due)
    draft = c.drafts.draft_for(
        "early_notice",
        client,
        DraftOptions(commitment_id=commitment_id, new_date=due.isoformat() if due else None),
    )
    stored, notice = c.reliability.announce(commitment_id, at=told, new_due=due)
    if as_json:
        print_json(
            {
                **dump(Announced(stored, notice)),
                "draft": _draft_json(draft),
            }
        )
        return
    zone = ZoneInfo(client.timezone)
    _print_recorded(
        tr(L_RECORDED, text.language()).format(
            client=client.name,
            at=notice.announced_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            id=stored.id,
            due=stored.due_at.astimezone(zone).date().isoformat(),
        ),
        draft,
    )


def recommit(
    ctx: typer.Context,
    commitment_ref: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The overdue commitment's id, or `last` for the promise added most recently.",
        ),
    ],
    new_due: Annotated[
        str,
        typer.Option(
            "--new-due",
            help="The new date you commit to (read in the client's zone; +3d is in three days).",
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", help="When you apologised (default: now)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Apologise for an overdue promise and re-commit: the promise is marked missed (the
    miss stays on the reliability record), a new open promise with the same text is due
    --new-due, and the drafted apology to send is printed (in the client's language).
    Refused for a promise not yet due (use `announce`) or already done or missed."""
    from rapport.services.drafting import DraftOptions
    from rapport.services.reliability_results import Recommitted

    c = container(ctx)
    ws = c.workspace
    commitment_id = _commitment_id(ws, commitment_ref)
    commitment = ws.get(Commitment, commitment_id)
    client = ws.get(Client, commitment.client_id)
    told = _when(at, client.timezone) if at else None
    due = _when(new_due, client.timezone, end_of_day=True)
    # checked (and nothing stored) before the draft is written
    c.reliability.apology(commitment_id, at=told, new_due=due)
    draft = c.drafts.draft_for(
        "early_notice",
        client,
        DraftOptions(commitment_id=commitment_id, new_date=due.isoformat()),
    )
    missed, again, notice = c.reliability.recommit(commitment_id, at=told, new_due=due)
    if as_json:
        print_json(
            {
                **dump(Recommitted(missed, again, notice)),
                "draft": _draft_json(draft),
            }
        )
        return
    zone = ZoneInfo(client.timezone)
    _print_recorded(
        tr(L_RECOMMITTED, text.language()).format(
            client=client.name,
            at=notice.announced_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            id=missed.id,
            new_id=again.id,
            due=again.due_at.astimezone(zone).date().isoformat(),
        ),
        draft,
    )


def _draft_json(draft: Any) -> dict[str, Any]:
    """The drafted message in a command's JSON (announce, recommit)."""
    return {
        "kind": draft.kind,
        "language": draft.language,
        "to": draft.to,
        "subject": draft.subject,
        "body": draft.body,
    }


def _print_recorded(line: str, draft: Any) -> None:
    """What was recorded, then the drafted message to send (announce, recommit)."""
    out = console()
    out.print(line, markup=False, highlight=False)
    out.print("", markup=False)
    if draft.to:
        out.print(f"To: {draft.to}", markup=False, highlight=False)
    out.print(draft.text(), markup=False, highlight=False)


def _commitment_id(ws: Any, ref: str) -> int:
    """A commitment id from ``ref``: digits, or ``last`` (the highest id you can see)."""
    from rapport.errors import InvalidInputError, NotFoundError

    ref = ref.strip()
    if ref.isascii() and ref.isdigit():
        return int(ref)
    if ref.lower() != "last":
        raise InvalidInputError(
            N_("ID: a commitment id or `last` (the promise added most recently), not {text}"),
            text=repr(ref),
        )
    ids: list[int] = [c.id for c in ws.list(Commitment) if c.id is not None]
    if not ids:
        raise NotFoundError(N_("no commitments yet: nothing to announce"))
    return max(ids)


def _when(text: str, zone: str, *, end_of_day: bool = False) -> Any:
    when = parse_when(text, zone, end_of_day=end_of_day)
    if when.assumed_zone:
        shown = when.at.strftime("%Y-%m-%d %H:%M")
        note(cli_text(L_READ_IN).format(at=shown, zone=when.assumed_zone))
    return when.at
