"""``rapport draft``, ``rapport agenda``, ``rapport triage`` and ``rapport meeting log``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from rapport.cli.context import console, container, note, print_json
from rapport.cli.text import _, command_language, localized, ngettext
from rapport.cli.text import language as text_language
from rapport.domain import draft_kinds as drafts_registry
from rapport.domain.model import InteractionKind
from rapport.errors import InvalidInputError
from rapport.jsonable import plain
from rapport.texts import N_, Text

if TYPE_CHECKING:
    from rapport.services.hours import HoursEffect

KINDS = ", ".join(drafts_registry.names())
"""The draft kinds ``rapport draft`` names in its help (the registry's, at import)."""


def _help(name: str) -> str:
    """A draft option's help, naming the kinds that use it (from the registry)."""
    return drafts_registry.field_help(name)


def _complete_kind(incomplete: str) -> list[str]:
    """Shell completion of ``rapport draft KIND``: every registered kind."""
    return [name for name in drafts_registry.names() if name.startswith(incomplete)]


JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]
ClientOpt = Annotated[str, typer.Option("--client", "-c", help="Client name or id.")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="en, ja, vi, zh-Hans or nb (default: the client's language)."),
]

meeting_app = typer.Typer(help="Record meetings.", no_args_is_help=True)


def _write(path: Path, data: bytes | str) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInputError(
            N_("cannot write {path}: {reason}"), path=path, reason=exc.strerror
        ) from None


def draft(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of: {KINDS}.", autocompletion=_complete_kind)],
    client: ClientOpt,
    lang: LangOpt = None,
    start: Annotated[str | None, typer.Option(help=_help("start"))] = None,
    minutes: Annotated[int | None, typer.Option(help=_help("minutes"))] = None,
    new_date: Annotated[str | None, typer.Option("--new-date", help=_help("new_date"))] = None,
    commitment: Annotated[
        int | None, typer.Option("--commitment", help=_help("commitment_id"))
    ] = None,
    colleague: Annotated[str | None, typer.Option(help=_help("colleague"))] = None,
    reason: Annotated[str | None, typer.Option(help=_help("reason"))] = None,
    topic: Annotated[str | None, typer.Option(help=_help("topic"))] = None,
    reply_by: Annotated[str | None, typer.Option("--reply-by", help=_help("reply_by"))] = None,
    group: Annotated[bool, typer.Option("--group", help=_help("group"))] = False,
    slot: Annotated[list[str] | None, typer.Option("--slot", help=_help("slots"))] = None,
    next_date: Annotated[str | None, typer.Option("--next", help=_help("next_date"))] = None,
    agenda_item: Annotated[
        list[str] | None,
        typer.Option("--agenda-item", metavar="TITLE:MIN", help=_help("agenda")),
    ] = None,
    eml: Annotated[Path | None, typer.Option("--eml", help="Also write an .eml file.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Draft a message to a client in their language (or --lang)."""
    from rapport.services.agendas import parse_item
    from rapport.services.drafting import DraftOptions

    services = container(ctx)
    result = services.drafts.draft(
        kind,
        client,
        DraftOptions(
            language=lang,
            start=start,
            minutes=minutes,
            new_date=new_date,
            commitment_id=commitment,
            colleague=colleague,
            reason=reason,
            topic=topic,
            reply_by=reply_by,
            group=group,
            slots=slot or [],
            next_date=next_date,
            agenda=[(t.title, t.minutes) for t in map(parse_item, agenda_item or [])],
        ),
    )
    for remark in result.extra.get("notes", []):
        note(localized(remark) if isinstance(remark, Text) else _(remark))
    if eml is not None:
        _write(eml, services.drafts.eml(result))
        note(_("wrote {path}").format(path=eml))
    if as_json:
        data: dict[str, Any] = {
            "kind": result.kind,
            "language": result.language,
            "subject": result.subject,
            "body": result.body,
            "to": result.to,
        }
        if "briefing" in result.extra:
            data["briefing"] = result.extra["briefing"]
        print_json(data)
        return
    typer.echo(result.text())
    if "briefing" in result.extra:
        typer.echo("\n---\n")
        typer.echo(result.extra["briefing"])


agenda_app = typer.Typer(help="Build agendas and list the saved ones.")


@agenda_app.callback(invoke_without_command=True)
def agenda(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Option("--client", "-c", help="Client name or id.")] = None,
    item: Annotated[
        list[str] | None,
        typer.Option("--item", "-i", metavar="TITLE:MIN", help='"TITLE:MINUTES", once per item.'),
    ] = None,
    video: Annotated[bool, typer.Option("--video", help="Video meeting: add checkpoints.")] = (
        False
    ),
    call: Annotated[bool, typer.Option("--call", help="A phone call (saved as such).")] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Store it for the meeting at --start.")
    ] = False,
    slot: Annotated[int | None, typer.Option(help="Minutes offered for the meeting.")] = None,
    start: Annotated[str | None, typer.Option(help="When it begins (ISO).")] = None,
    lang: LangOpt = None,
    ics: Annotated[Path | None, typer.Option("--ics", help="Write an .ics event.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print Markdown.")] = False,
    email: Annotated[bool, typer.Option("--email", help="Print it as an email.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Build an agenda: business first, personal slot at the end, time box stated."""
    from rapport.services.agendas import parse_item

    if ctx.invoked_subcommand is not None:
        return
    if client is None or not item:
        raise InvalidInputError('an agenda needs --client and at least one --item "TITLE:MINUTES"')
    if video and call:
        raise InvalidInputError("choose --video or --call, not both")
    from rapport.services.rendering import label

    services = container(ctx)
    if lang:
        command_language(lang)
    topics = [parse_item(text) for text in item]
    view = services.agendas.build(
        client,
        topics,
        video=video,
        slot_min=slot,
        start=start,
        language=lang,
        meters_language=text_language(),
    )
    if save:
        fmt = "video" if video else "call" if call else "in_person"
        saved = services.agendas.save(view, topics, fmt)
        note(
            _("saved agenda {id} for {client} at {start}").format(
                id=saved.id, client=saved.client, start=saved.start.isoformat(timespec="minutes")
            )
        )
        if saved.calendar is not None:
            from rapport.services.calendar_writeback import outcome_line

            written, line = outcome_line(saved.calendar, text_language())
            if written:
                note(line)
            else:
                typer.echo(line, err=True)  # the agenda stays saved
    if ics is not None:
        _write(ics, services.agendas.ics(view))
        note(_("wrote {path}").format(path=ics))
    if as_json:
        print_json(plain(view.as_json()))
        return
    if email:
        typer.echo(services.agendas.email(view).text())
        return
    if markdown:
        typer.echo(services.agendas.markdown(view))
        return
    from rich.cells import cell_len
    from rich.markup import escape

    out = console()
    out.print(view.opening_line, highlight=False, markup=False)
    shown = view.language
    kinds = {e.kind: label("agenda_item", e.kind, shown) for e in view.items()}
    width = max((cell_len(k) for k in kinds.values()), default=0)
    for entry in view.items():
        kind = kinds[entry.kind]
        out.print(
            f"{entry.start_min:>4}  "
            + _("{minutes} min").format(minutes=f"{entry.minutes:>3}")
            + f"  {escape(kind)}{' ' * (width - cell_len(kind))}  {escape(entry.title)}",
            highlight=False,
        )
        for checkpoint in entry.checkpoints:
            out.print(
                f"{'':>24}+{checkpoint.at_min}′ {checkpoint.question}",
                highlight=False,
                markup=False,
            )
    _show_hours(view.hours)
    out.print(_("total: {minutes} min").format(minutes=view.agenda.total_min), highlight=False)
    for warning in view.as_json().warnings_local:
        note(warning)


@agenda_app.command("list")
def agenda_list(
    ctx: typer.Context,
    day: Annotated[
        str | None, typer.Option("--day", help="YYYY-MM-DD in your time zone (default: all).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List saved agendas, by start."""
    from datetime import date

    services = container(ctx)
    try:
        when = date.fromisoformat(day) if day else None
    except ValueError:
        raise InvalidInputError("--day {day}: use YYYY-MM-DD", day=repr(day)) from None
    saved = services.agendas.saved(when)
    if as_json:
        from rapport.web.api.agendas import saved_agenda_json

        print_json([saved_agenda_json(a) for a in saved])
        return
    from rapport.services.rendering import label

    out = console()
    if not saved:
        note(_("no saved agendas"))
    zone = services.settings.timezone
    lang_ = command_language(None)
    for a in saved:
        local = a.start.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
        out.print(
            f"{a.id:>4}  {local}  {a.client}  {label('meeting_format', a.format, lang_)}  "
            + _("{minutes} min").format(minutes=a.total_min),
            highlight=False,
            markup=False,
        )


def triage(
    ctx: typer.Context,
    request: Annotated[
        Path | None, typer.Option("--request", "-r", help="Meeting request (JSON file).")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Show the decisions stored so far.")
    ] = False,
    client: Annotated[
        str | None, typer.Option("--client", "-c", help="Only this client (--history).")
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the decision and reasons."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Triage a meeting request: accept, shorten, call, email, delegate or reschedule."""
    from rapport.services.rendering import label
    from rapport.services.triage import read_request, relocalised

    services = container(ctx)
    lang_ = command_language(lang)
    if history:
        decisions = services.triage.history(client)
        if as_json:
            print_json(plain(decisions))
            return
        out = console()
        for d in decisions:
            minutes = " (" + _("{minutes} min").format(minutes=d.minutes) + ")" if d.minutes else ""
            decision = label("decision", d.decision, lang_)
            when = d.decided_at[:16].replace("T", " ")
            out.print(
                f"#{d.id} {when} {d.client}: {decision}{minutes}",
                highlight=False,
                markup=False,
            )
            for reason in d.reasons:
                out.print(f"    - {relocalised(reason, lang_)}", highlight=False, markup=False)
        if not decisions:
            out.print(_("no triage decisions yet"))
        return
    if request is None:
        raise InvalidInputError(N_("give --request FILE (a meeting request) or --history"))
    # JSON keeps its reasons_local in the client's language, whatever --lang says.
    result = services.triage.decide(read_request(request), reasons_lang=None if as_json else lang_)
    if as_json:
        print_json(plain(result))
        return
    out = console()
    line = _("decision: {decision}").format(decision=label("decision", result.decision, lang_))
    if result.minutes:
        line += " (" + _("{minutes} min").format(minutes=result.minutes) + ")"
    out.print(line, highlight=False, markup=False)
    for reason in result.reasons_local.reasons:
        out.print(f"  - {reason}", highlight=False, markup=False)
    _show_hours(result.hours)
    if result.draft:
        out.print("\n" + result.draft.subject + "\n", highlight=False)
        out.print(result.draft.body, highlight=False)
    if result.briefing:
        out.print("---\n" + result.briefing, highlight=False)


def _show_hours(hours: HoursEffect | None) -> None:
    """The week's and the month's meeting hours and what this meeting would make of them."""
    if hours is None:
        return
    out = console()
    for meter in (hours.week, hours.month):
        out.print(f"{meter.text} — {meter.effect}", highlight=False, markup=False)


@meeting_app.command("log")
def log(
    ctx: typer.Context,
    client: ClientOpt,
    start: Annotated[str, typer.Option(help="When it began (ISO; no zone = client's).")],
    duration: Annotated[int, typer.Option(help="Minutes it lasted.")],
    business: Annotated[int | None, typer.Option(help="Minutes on business.")] = None,
    personal: Annotated[int | None, typer.Option(help="Minutes of personal talk.")] = None,
    promise: Annotated[
        list[str] | None,
        typer.Option("--promise", metavar="TEXT@DATE", help='"TEXT@DATE", once per promise.'),
    ] = None,
    decision: Annotated[
        list[str] | None,
        typer.Option("--decision", metavar="TEXT", help="A decision taken (repeat)."),
    ] = None,
    drain: Annotated[
        int | None, typer.Option(help="How draining: 1 (energising) to 5.", min=1, max=5)
    ] = None,
    kind: Annotated[InteractionKind, typer.Option(help="video, call or in_person.")] = (
        InteractionKind.VIDEO
    ),
    summary: Annotated[str, typer.Option(help="A line about the meeting.")] = "",
    boundary_reset: Annotated[
        bool, typer.Option("--boundary-reset", help="You said the boundary reset in it.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Log a meeting: the interaction and its promises, in one go."""
    from rapport.services.meetings import MeetingLog

    logged = container(ctx).meetings.log(
        MeetingLog(
            client=client,
            start=start,
            duration_min=duration,
            kind=kind,
            business_min=business,
            personal_min=personal,
            promises=promise or [],
            decisions=decision or [],
            drain=drain,
            summary=summary,
            boundary_reset=boundary_reset,
        )
    )
    if as_json:
        from rapport.jsonable import dump

        print_json(
            {
                "interaction": dump(logged.interaction),
                "commitments": dump(logged.commitments),
                "boundary_reset": logged.boundary_reset,
            }
        )
        return
    console().print(
        ngettext(
            "logged meeting {id} with {count} promise",
            "logged meeting {id} with {count} promises",
            len(logged.commitments),
        ).format(id=logged.interaction.id, count=len(logged.commitments)),
        highlight=False,
    )
