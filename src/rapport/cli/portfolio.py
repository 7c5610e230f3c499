"""``rapport portfolio``: revenue by client, tiers, concentration, referrals, friends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from rapport.cli import text
from rapport.cli.context import console, container, print_json
from rapport.cli.text import tr
from rapport.domain.when import parse_day
from rapport.jsonable import plain
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.services.portfolio import PortfolioReport

L_CLIENT = N_("Client")
L_REVENUE = N_("Revenue")
L_SHARE = N_("Share")
L_CUMULATIVE = N_("Cumulative")
L_TIER = N_("Tier")
L_CONCENTRATION = N_("{name} brings {share}% of revenue, above your limit of {limit}%.")
L_REFERRALS = N_("Revenue attributed to referrers")
L_FRIENDS_SHARE = N_("Revenue from friends, friends of friends and their referrals: {share}%")
L_GAPS = N_("Projects that skipped steps of the engagement checklist")
L_FRIEND = N_("friend")
STEPS = {
    "scope_written": N_("written scope"),
    "estimate_given": N_("estimate"),
    "agreement_signed": N_("signed agreement"),
    "schedule_set": N_("schedule"),
    "payment_terms_set": N_("payment terms"),
    "signed_off": N_("sign-off"),
}


def portfolio(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", help="Only revenue on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only revenue on or before this date.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language: en, ja, vi, zh-Hans or nb.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print stable JSON.")] = False,
) -> None:
    """Revenue by client with Pareto tiers, concentration, referrals and friends' share."""
    c = container(ctx)
    data = c.portfolio.report(
        since=parse_day(since) if since else None, until=parse_day(until) if until else None
    )
    if as_json:
        print_json(plain(data))
        return
    _show(data, text.command_language(lang))


def _amount(value: float, lang: str) -> str:
    """An amount as people of ``lang`` write it, with two decimals (12,345.60; 12 345,60)."""
    from babel.numbers import format_decimal

    from rapport.i18n import babel_locale

    return format_decimal(value, format="#,##0.00", locale=babel_locale(lang))


def _percent(share: float, lang: str) -> str:
    """A share as people of ``lang`` write a percentage, one decimal (41.1%, 41,1 %)."""
    from babel.numbers import parse_pattern

    from rapport.i18n import babel_locale

    locale = babel_locale(lang)
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (1, 1)
    return str(pattern.apply(share, locale))


def _show(data: PortfolioReport, lang: str) -> None:
    out = console()
    table = Table(tr(L_CLIENT, lang))
    for label in (L_REVENUE, L_SHARE, L_CUMULATIVE):
        table.add_column(tr(label, lang), justify="right")
    table.add_column(tr(L_TIER, lang))
    for row in data.clients:
        table.add_row(
            escape(row.name),
            _amount(row.revenue, lang),
            _percent(row.share, lang),
            _percent(row.cumulative_share, lang),
            row.tier,
        )
    out.print(table)
    limit = round(100 * data.concentration.threshold)
    for w in data.concentration.warnings:
        text = tr(L_CONCENTRATION, lang).format(
            name=w.name, share=round(100 * w.share), limit=limit
        )
        out.print(f"[yellow]{escape(text)}[/yellow]", highlight=False)
    out.print(tr(L_FRIENDS_SHARE, lang).format(share=round(100 * data.friends_share)), markup=False)
    if data.referrals:
        out.print(f"\n[bold]{tr(L_REFERRALS, lang)}[/bold]")
        for r in data.referrals:
            out.print(
                f"  {r.referrer}: {_amount(r.attributed_revenue, lang)} ({', '.join(r.referred)})",
                highlight=False,
                markup=False,
            )
    if data.checklist_gaps:
        out.print(f"\n[bold]{tr(L_GAPS, lang)}[/bold]")
        for g in data.checklist_gaps:
            flag = f" [{tr(L_FRIEND, lang)}]" if g.friend else ""
            missing = ", ".join(tr(STEPS[m], lang) for m in g.missing)
            out.print(
                f"  {g.client} / {g.project}{flag}: {missing}",
                highlight=False,
                markup=False,
            )
