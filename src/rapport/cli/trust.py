"""``rapport assess`` (the trust self-assessment) and ``rapport trust`` (per client)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.prompt import Prompt
from rich.table import Table

from rapport.cli import text
from rapport.cli.context import console, container, print_json
from rapport.cli.text import label, number, signed, tr
from rapport.errors import InvalidInputError
from rapport.jsonable import plain
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.services.assessment import TakeResult
    from rapport.services.hours import ClientHours
    from rapport.services.trust import TrustView


def _percent(share: float, lang: str) -> str:
    from babel.numbers import format_percent

    from rapport.i18n import babel_locale

    return format_percent(share, locale=babel_locale(lang))


JsonFlag = Annotated[bool, typer.Option("--json", help="Print stable JSON.")]
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of the texts: en, ja, vi, zh-Hans or nb."),
]

L_COMPONENT = N_("Component")
L_SCORE_COLUMN = N_("Score")
L_CHANGE_COLUMN = N_("Change since last time")
L_TRUST = N_("Trust")
L_SCORE = N_("{score} of 10, {band} (the trust equation gives {trust})")
L_CHANGE = N_("{delta} since {month}: {reason}")
L_STRONGEST = N_("Strongest factor")
L_OPPORTUNITY = N_("Biggest opportunity")
L_PRACTICES = N_("Practices to work on")
L_CONFIDENCE = N_("Confidence")
L_EVIDENCE = N_("Evidence")
L_EFFECT = N_("Effect")
L_CLIENT = N_("Client")
L_REVENUE_SHARE = N_("Share of revenue")
L_TAKEN = N_("Taken")
L_SAVED = N_("Saved.")
L_REVERSE = N_("Reverse-keyed")
L_STATEMENT = N_("Statement")
L_ITEM = N_("Item")
ORDER = ("credibility", "reliability", "intimacy", "self_orientation")


def _lang(ctx: typer.Context, lang: str | None) -> str:
    return text.command_language(lang)


def _read_answers(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInputError(N_("{path}: no such file"), path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError(
            N_("{path}: not a JSON object of item id -> 1..5 ({reason})"), path=path, reason=exc
        ) from None
    if not isinstance(data, dict):
        raise InvalidInputError(N_("{path}: expected a JSON object of item id -> 1..5"), path=path)
    return data


def assess(
    ctx: typer.Context,
    items: Annotated[bool, typer.Option("--items", help="Print the item bank.")] = False,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", help="JSON file of item id -> 1..5; answers non-interactively."),
    ] = None,
    history: Annotated[bool, typer.Option("--history", help="Show earlier takes.")] = False,
    lang: LangOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Take the trust self-assessment (interactive unless --answers), or show its items or
    history."""
    c = container(ctx)
    lang_ = _lang(ctx, lang)
    if items:
        bank = c.assessment.items()
        if as_json:
            print_json(plain(bank))
            return
        table = Table(
            tr(L_ITEM, lang_), tr(L_COMPONENT, lang_), tr(L_REVERSE, lang_), tr(L_STATEMENT, lang_)
        )
        for item in bank:
            table.add_row(
                item.id,
                label("component", item.component, lang_),
                label("bool", item.reverse, lang_),
                escape(item.text[lang_]),
            )
        console().print(table)
        return
    if history:
        from rapport.services.assessment import take_json

        takes = [take_json(t, lang_) for t in c.assessment.history()]
        if as_json:
            print_json(plain(takes))
            return
        table = Table(
            tr(L_TAKEN, lang_), *(label("component", k, lang_) for k in ORDER), tr(L_TRUST, lang_)
        )
        for t in takes:
            table.add_row(
                t.taken_at[:16].replace("T", " "),
                *(number(t.components[k], lang_) for k in ORDER),
                number(t.trust, lang_),
            )
        console().print(table)
        return
    given = _read_answers(answers) if answers is not None else _ask(lang_)
    from rapport.services.assessment import take_json

    result = take_json(c.assessment.take(given, lang_), lang_)
    if as_json:
        print_json(plain(result))
        return
    _show_take(result, lang_)


def _ask(lang: str) -> dict[str, object]:
    from rapport.domain import assessment

    out = console()
    out.print(tr(assessment.INSTRUCTIONS, lang), markup=False)
    given: dict[str, object] = {}
    total = len(assessment.ITEMS)
    for n, item in enumerate(assessment.ITEMS, start=1):
        try:
            answer = Prompt.ask(
                escape(f"[{n}/{total}] {tr(item.text, lang)}"),
                choices=["1", "2", "3", "4", "5"],
                console=out,
            )
        except EOFError:
            raise InvalidInputError(
                f"the assessment stopped at statement {n} of {total}; nothing was saved"
            ) from None
        given[item.id] = int(answer)
    return given


def _show_take(result: TakeResult, lang: str) -> None:
    out = console()
    table = Table(tr(L_COMPONENT, lang), tr(L_SCORE_COLUMN, lang), tr(L_CHANGE_COLUMN, lang))
    change = result.change
    for key, value in result.components.items():
        delta = None if change is None else getattr(change, key)
        table.add_row(
            label("component", key, lang),
            number(value, lang),
            "" if delta is None else signed(delta, lang, 1),
        )
    out.print(table)
    suffix = "" if change is None else f" ({signed(change.trust, lang, 2)})"
    out.print(f"{tr(L_TRUST, lang)}: {number(result.trust, lang)}{suffix}")
    out.print(f"{tr(L_STRONGEST, lang)}: {result.strongest_name}")
    out.print(f"{tr(L_OPPORTUNITY, lang)}: {result.opportunity_name}")
    out.print(result.interpretation, markup=False)
    out.print(f"{tr(L_PRACTICES, lang)}:")
    for practice in result.practices:
        out.print(f"  - {practice}", markup=False)
    out.print(tr(L_SAVED, lang))


def trust(
    ctx: typer.Context,
    client: Annotated[str | None, typer.Argument(help="Client name or id (default: all).")] = None,
    lang: LangOption = None,
    snapshot: Annotated[
        bool,
        typer.Option(
            "--snapshot/--no-snapshot",
            help="Store this month's trust snapshot for trends (one per client and month).",
        ),
    ] = True,
    as_json: JsonFlag = False,
) -> None:
    """Trust per client from the evidence, highest risk (low trust, high revenue) first."""
    c = container(ctx)
    from rapport.services.trust import report_json

    lang_ = _lang(ctx, lang)
    if client is not None:
        view = report_json(c.trust.report(client, snapshot=snapshot), lang_)
        # This month's meeting hours against the client's monthly cap.
        hours = c.hours.client_json(c.workspace.find_client(client), lang_)
        if as_json:
            print_json({**plain(view), "hours": plain(hours)})
        else:
            _show_client(view, hours, lang_)
        return
    reports = [report_json(r, lang_) for r in c.trust.reports(snapshot=snapshot)]
    if as_json:
        print_json(plain(reports))
        return
    table = Table(
        tr(L_CLIENT, lang_),
        tr(L_TRUST, lang_),
        *(label("component_short", k, lang_) for k in ORDER),
        tr(L_CONFIDENCE, lang_),
        tr(L_REVENUE_SHARE, lang_),
    )
    for r in reports:
        comps = r.components
        table.add_row(
            escape(r.client),
            f"{number(r.score, lang_, 1)} {r.band_name} ({number(r.trust, lang_, 2)})",
            *(number(comps[k].score, lang_, 2) for k in ORDER),
            number(r.confidence, lang_, 2),
            _percent(r.revenue_share, lang_),
        )
    console().print(table)


def _show_client(data: TrustView, hours: ClientHours, lang: str) -> None:
    out = console()
    score = tr(L_SCORE, lang).format(
        score=f"{data.score:.1f}", band=data.band_name, trust=data.trust
    )
    out.print(
        f"[bold]{escape(data.client)}[/bold]  {tr(L_TRUST, lang)}: {escape(score)}",
        highlight=False,
    )
    out.print(data.band_meaning, highlight=False, markup=False)
    if data.change:
        change = data.change
        out.print(
            tr(L_CHANGE, lang).format(
                delta=f"{change.score_delta:+.1f}",
                month=change.since,
                reason=change.reason.text,
            ),
            highlight=False,
            markup=False,
        )
    for key, comp in data.components.items():
        out.print(
            f"\n[bold]{escape(label('component', key, lang))}[/bold]: "
            f"{number(comp.score, lang, 2)}  "
            f"({tr(L_CONFIDENCE, lang)} {number(comp.confidence, lang, 2)})",
            highlight=False,
        )
        for e in comp.evidence:
            out.print(f"  {signed(e.effect, lang, 2)}  {e.text}", highlight=False, markup=False)
    out.print(f"\n{hours.month.text}", highlight=False, markup=False)
    out.print(f"\n{tr(L_PRACTICES, lang)}:")
    for p in data.practices:
        out.print(f"  - {p.text}\n    {p.why.text}", highlight=False, markup=False)
