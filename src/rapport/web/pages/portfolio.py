"""The portfolio: Pareto chart and tiers, concentration warning, referral graph, the
friends' share of revenue, and projects that skipped steps of the engagement checklist."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rapport.clock import now
from rapport.jsonable import plain
from rapport.texts import N_
from rapport.web.deps import ContainerDep
from rapport.web.pages import charts, labels
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)

WINDOWS = {
    "12m": (N_("Last 12 months"), 365),
    "24m": (N_("Last 24 months"), 730),
    "all": (N_("All time"), None),
}


@router.get("/portfolio")
def portfolio(request: Request, container: ContainerDep, window: str = "12m") -> Response:
    _ = ui_text(current_language(request))
    if window not in WINDOWS:
        window = "12m"
    days = WINDOWS[window][1]
    since = (now() - timedelta(days=days)).date() if days else None
    report = container.portfolio.report(since=since)
    clients = report.clients
    earning = [c for c in clients if Decimal(c.revenue) > 0]
    currency = report.currencies[0] if len(report.currencies) == 1 else None
    origin = report.origin_shares
    context = {
        "section": "portfolio",
        "report": report,
        "window": window,
        "windows": [(k, v[0]) for k, v in WINDOWS.items()],
        "currency": currency,
        "total": Decimal(report.total_revenue),
        "earning": earning,
        "labels": labels,
        "pareto_chart": charts.pareto(
            [c.name for c in earning],
            [float(c.revenue) for c in earning],
            [c.cumulative_share for c in earning],
            [c.tier for c in earning],
            revenue_title=_("Revenue"),
            share_title=_("Cumulative share"),
        )
        if earning
        else None,
        "referral_chart": charts.referral_flow(plain(report.referral_edges))
        if report.referral_edges
        else None,
        "origin_chart": charts.donut(
            [_("Friends and their network"), _("Other referrals"), _("Cold and existing network")],
            [origin.friends, origin.referrals, origin.cold],
        )
        if earning
        else None,
        "top_share": (sum(1 for c in earning if c.tier == "A") / len(clients) if clients else 0),
    }
    return render(request, "portfolio.html", context)
