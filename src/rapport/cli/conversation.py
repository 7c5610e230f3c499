"""`rapport analyze`, `rapport classify` and `rapport transcripts`: meeting transcripts.

Heavy modules (the model, the parsers) are imported inside the commands, so that other
commands start without them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from rapport.cli import text
from rapport.cli.context import console, container, print_json
from rapport.cli.text import _, ngettext
from rapport.errors import InvalidInputError
from rapport.jsonable import plain
from rapport.texts import N_

app = typer.Typer(help="Stored transcript analyses and per-client trends.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]


def classify(
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON lines (the only output format; accepted).")
    ] = False,
) -> None:
    """Label each line of standard input: one JSON object per line, in order."""
    from rapport.language.pipe import run

    run()


def analyze(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Transcript: .vtt, .srt, .sbv, .txt or .json.")],
    client: Annotated[
        str | None, typer.Option("--client", help="Client name or id (its contacts are known).")
    ] = None,
    me: Annotated[
        str | None, typer.Option("--me", help="Your name in the transcript (default: setting).")
    ] = None,
    video: Annotated[
        bool, typer.Option("--video", help="A video meeting: report quiet stretches.")
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Meeting date YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: today)."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="Force a format: vtt, srt, sbv, txt, json.")
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Store with a new interaction of --client.")
    ] = False,
    accept_promises: Annotated[
        bool,
        typer.Option(
            "--accept-promises", help="With --save: add my dated promises as commitments."
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Analyse a meeting transcript: how the time was spent, and what you promised."""
    from rapport.services.analysis import to_json
    from rapport.services.meeting_summary import saved_lines, summary

    if not file.is_file():
        raise InvalidInputError(N_("{path}: no such file"), path=file)
    meeting_date = None
    starts_at = None
    if on is not None:
        try:
            when = datetime.fromisoformat(on)
        except ValueError:
            raise InvalidInputError(
                N_("--on {text}: not a date (YYYY-MM-DD[THH:MM])"), text=on
            ) from None
        meeting_date = when.date()
        starts_at = when.time() if len(on) > 10 else None
    if (save or accept_promises) and client is None:
        raise InvalidInputError(N_("--save and --accept-promises need --client"))
    from rapport.services.conversation import analyse_with_settings
    from rapport.storage.database import database_exists

    c = container(ctx)
    data = file.read_bytes()
    saved = None
    if client is None and database_exists(c.settings.resolved_database_url()):
        # Your corrections in this workspace teach the labeller (docs/conversation.md).
        analysis = c.conversation.analyse(
            data, file.name, me=me, video=video, on=meeting_date, fmt=fmt
        )
    elif client is None:  # no database needed
        analysis = analyse_with_settings(
            c.settings, data, file.name, me=me, video=video, on=meeting_date, fmt=fmt
        )
    else:
        service = c.conversation
        analysis = service.analyse(
            data, file.name, client=client, me=me, video=video, on=meeting_date, fmt=fmt
        )
        if save or accept_promises:
            saved = service.save(
                analysis,
                data,
                file.name,
                client,
                accept_promises=accept_promises,
                starts_at=starts_at,
            )
    if as_json:
        result = plain(to_json(analysis))
        if saved is not None:
            result["saved"] = {
                "analysis_id": saved.analysis_id,
                "interaction_id": saved.interaction_id,
                "commitment_ids": list(saved.commitment_ids),
                "undated_promises": saved.undated_promises,
            }
        print_json(result)
        return
    lang = text.language()
    out = console()
    for line in summary(analysis, lang):
        out.print(line, highlight=False, markup=False)
    if saved is not None:
        for line in saved_lines(
            lang,
            saved.interaction_id,
            saved.analysis_id,
            len(saved.commitment_ids),
            saved.undated_promises,
        ):
            out.print(line, highlight=False, markup=False)


LABEL_NAMES = {
    "business": N_("business"),
    "personal": N_("personal"),
    "other": N_("greeting or logistics"),
}
"""The utterance labels as the command line shows them."""


def _label(label: str) -> str:
    return _(LABEL_NAMES[label]) if label in LABEL_NAMES else label


def _when(start: float | None) -> str:
    if start is None:
        return ""
    minutes, seconds = divmod(int(start), 60)
    return f"{minutes}:{seconds:02d}"


@app.command("show")
def show(
    ctx: typer.Context,
    analysis_id: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonFlag = False,
) -> None:
    """A stored analysis: the summary and every utterance, numbered, with its label."""
    c = container(ctx)
    result = c.conversation.get(analysis_id)
    if as_json:
        from rapport.web.api.transcripts import stored_analysis_json

        print_json(stored_analysis_json(result))
        return
    from rich.table import Table

    from rapport.services.analysis import from_json
    from rapport.services.meeting_summary import summary

    out = console()
    for line in summary(from_json(result.result), text.language()):
        out.print(line, highlight=False, markup=False)
    table = Table(_("#"), _("when"), _("speaker"), _("what was said"), _("label"), _("confidence"))
    for u in c.corrections.utterances(analysis_id):
        label = _label(u.label)
        if u.model_label is not None:
            label = _("{label} (corrected; the labeller said {model})").format(
                label=label, model=_label(u.model_label)
            )
        table.add_row(
            str(u.number),
            _when(u.start),
            u.speaker or _("(unknown)"),
            escape(u.text),
            label,
            text.percent(u.confidence),
        )
    out.print(table)
    out.print(
        _(
            "Change a label: rapport transcripts relabel {id} NUMBER LABEL "
            "(business, personal, other or reset)"
        ).format(id=analysis_id),
        highlight=False,
        markup=False,
    )


@app.command("relabel")
def relabel(
    ctx: typer.Context,
    analysis_id: Annotated[int, typer.Argument(metavar="ID")],
    pairs: Annotated[
        list[str],
        typer.Argument(
            metavar="NUMBER LABEL [NUMBER LABEL ...]",
            help="Utterance numbers (see `transcripts show`) and their labels: business, "
            "personal, other, or reset (back to the labeller's label).",
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Correct the labels of a stored meeting's utterances; its figures are measured again."""
    from rapport.domain.corrections import RESET

    if len(pairs) % 2:
        raise InvalidInputError(
            N_("give utterance numbers and labels in pairs: NUMBER LABEL [NUMBER LABEL ...]")
        )
    changes: dict[int, str | None] = {}
    for raw, label in zip(pairs[::2], pairs[1::2], strict=True):
        if not raw.isdigit():
            raise InvalidInputError(N_("not an utterance number: {text}"), text=repr(raw))
        number = int(raw)
        if number in changes:
            raise InvalidInputError(N_("utterance {number} is given twice"), number=number)
        key = label.strip().lower()
        changes[number] = None if key == RESET else key
    done = container(ctx).corrections.relabel(analysis_id, changes)
    if as_json:
        print_json(
            {
                "analysis_id": done.analysis_id,
                "changes": [
                    {"utterance": x.number, "before": x.before, "after": x.after, "reset": x.reset}
                    for x in done.changes
                ],
                "personal_share": {
                    "before": round(done.personal_share_before, 3),
                    "after": round(done.personal_share, 3),
                },
                "drifts": {"before": done.drifts_before, "after": done.drifts},
            }
        )
        return
    out = console()
    for x in done.changes:
        if x.reset:
            line = _("utterance {number}: back to the labeller's label, {label}").format(
                number=x.number, label=_label(x.after)
            )
        else:
            line = _("utterance {number}: {before} -> {after}").format(
                number=x.number, before=_label(x.before), after=_label(x.after)
            )
        out.print(line, highlight=False, markup=False)
    out.print(
        _("personal share {before} -> {after}, drifts {drifts_before} -> {drifts}").format(
            before=text.percent(done.personal_share_before),
            after=text.percent(done.personal_share),
            drifts_before=done.drifts_before,
            drifts=done.drifts,
        ),
        highlight=False,
        markup=False,
    )


@app.command("reanalyse")
def reanalyse(
    ctx: typer.Context,
    analysis_id: Annotated[int | None, typer.Argument(metavar="[ID]")] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every stored meeting you may change.")
    ] = False,
    client: Annotated[
        str | None, typer.Option("--client", help="With --all: only this client's meetings.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="With --all: also meetings the current labeller labelled."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Label stored meetings again with the current labeller; your corrections stay."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rapport.cli.context import err_console
    from rapport.services.analysis import labeller_version

    if (analysis_id is None) == (not every):
        raise InvalidInputError(N_("give one stored meeting ID, or --all"))
    if analysis_id is not None and (client is not None or force):
        raise InvalidInputError(N_("--client and --force go with --all"))
    service = container(ctx).reanalysis
    if analysis_id is not None:
        done = [service.reanalyse(analysis_id)]
    else:
        with Progress(
            TextColumn(_("analysing again")),
            BarColumn(),
            MofNCompleteColumn(),
            console=err_console,
            transient=True,
            disable=as_json or not err_console.is_terminal,
        ) as bar:
            task = bar.add_task("reanalyse", total=None)
            done = service.reanalyse_all(
                client,
                force=force,
                progress=lambda n, total: bar.update(task, completed=n, total=total),
            )
    if as_json:
        print_json(
            {
                "labeller": labeller_version(),
                "meetings": [plain(x.to_json()) for x in done],
            }
        )
        return
    out = console()
    for x in done:
        if x.skipped:
            line = _("meeting {id} ({name}): already labelled by the current labeller").format(
                id=x.analysis_id, name=x.source_name
            )
        else:
            line = ngettext(
                "meeting {id} ({name}): personal share {before} -> {after}, "
                "drifts {drifts_before} -> {drifts}, {count} label changed",
                "meeting {id} ({name}): personal share {before} -> {after}, "
                "drifts {drifts_before} -> {drifts}, {count} labels changed",
                x.labels_changed,
            ).format(
                id=x.analysis_id,
                name=x.source_name,
                before=text.percent(x.personal_share_before),
                after=text.percent(x.personal_share),
                drifts_before=x.drifts_before,
                drifts=x.drifts,
                count=x.labels_changed,
            )
        out.print(line, highlight=False, markup=False)
    if every:
        again = sum(not x.skipped for x in done)
        out.print(
            ngettext(
                "{count} meeting analysed again, {skipped} already current (labeller {version})",
                "{count} meetings analysed again, {skipped} already current (labeller {version})",
                again,
            ).format(count=again, skipped=len(done) - again, version=labeller_version()),
            highlight=False,
            markup=False,
        )


@app.command("trend")
def trend(
    ctx: typer.Context,
    client: Annotated[str, typer.Argument(metavar="CLIENT")],
    as_json: JsonFlag = False,
) -> None:
    """Personal share, my talk share and drifts over a client's analysed meetings."""
    points = container(ctx).conversation.trend(client)
    if as_json:
        print_json(
            [
                {
                    "analysis_id": p.analysis_id,
                    "interaction_id": p.interaction_id,
                    "started_at": p.started_at.isoformat(),
                    "personal_share": round(p.personal_share, 3),
                    "my_talk_share": round(p.my_talk_share, 3),
                    "drifts": p.drifts,
                }
                for p in points
            ]
        )
        return
    from rich.table import Table

    table = Table(_("analysis"), _("started"), _("personal"), _("my talk"), _("drifts"))
    for p in points:
        table.add_row(
            str(p.analysis_id),
            p.started_at.date().isoformat(),
            text.percent(p.personal_share),
            text.percent(p.my_talk_share),
            str(p.drifts),
        )
    console().print(table)
