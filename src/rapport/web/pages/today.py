"""The day's list (promises overdue and at risk, touch-points due, slipping trust), the
announce-it-early flow (a drafted early notice, then recording that the client was told) and,
for a promise already overdue, apologise and re-commit (a drafted apology, then the promise
is marked missed and made again with a new date)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.clock import now
from rapport.domain.commitments import PENDING
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentStatus,
)
from rapport.errors import InvalidInputError
from rapport.services.drafting import DraftOptions, promised_again
from rapport.web.deps import ContainerDep
from rapport.web.pages import labels
from rapport.web.pages.clients import kept_promise
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)


TODAY_LIMIT = 20
"""Entries shown per section of the Today page until the user asks for all."""


@router.get("/today")
def today(request: Request, container: ContainerDep, all: bool = False) -> Response:
    lang = current_language(request)
    found = container.reliability.today(lang=lang, limit=None if all else TODAY_LIMIT)
    limit = None if all else TODAY_LIMIT
    meetings, meeting_count = _meetings_today(container, lang, limit)
    counts = found.counts
    # The template reads the day's list by attribute (``p.due``, ``t.last``: parsed by the
    # entries) and each section's total from ``counts``, meetings included.
    day = {
        "at_risk": found.at_risk,
        "overdue": found.overdue,
        "touchpoints_due": found.touchpoints_due,
        "slipping": found.slipping,
        "counts": {
            "at_risk": counts.at_risk,
            "overdue": counts.overdue,
            "touchpoints_due": counts.touchpoints_due,
            "slipping": counts.slipping,
            "meetings": meeting_count,
        },
        "hours": found.hours,
        "meetings": meetings,
    }
    empty = not meetings and not any(
        (found.at_risk, found.overdue, found.touchpoints_due, found.slipping)
    )
    return render(
        request,
        "today.html",
        {
            "section": "today",
            "day": day,
            "meetings": meetings,
            "labels": labels,
            "empty": empty,
            "has_clients": container.workspace.count(Client) > 0,
            "now": now(),
            "kept": kept_promise(container.workspace, request),
            "reopened": request.query_params.get("reopened") == "1",
        },
    )


def _meetings_today(
    container: ContainerDep, lang: str, limit: int | None
) -> tuple[list[dict[str, Any]], int]:
    """Meetings on today's date in your time zone: imported from a calendar or logged, and
    planned ones with a saved agenda (attached to the logged meeting it became, when the
    client and start match or the agenda was linked to it). The first ``limit`` of them by
    start, and how many there are."""
    from babel.dates import format_time

    from rapport.i18n import babel_locale

    zone = ZoneInfo(container.settings.timezone)
    today = now().astimezone(zone).date()
    ws = container.workspace
    day_start = datetime.combine(today, time(), zone)
    day_end = datetime.combine(today + timedelta(days=1), time(), zone)
    logged = ws.meetings_count_between(day_start, day_end)
    todays = sorted(
        ws.meetings_between(day_start, day_end, limit=limit, oldest_first=True),
        key=lambda i: i.started_at,
    )
    clients = {c.id: c for c in ws.clients_with_ids({i.client_id for i in todays})}
    found: list[dict[str, Any]] = [
        {
            "interaction": i,
            "start": i.started_at,
            "client": clients[i.client_id].name,
            "client_id": i.client_id,
            "agenda": None,
        }
        for i in todays
    ]
    for saved in container.agendas.saved(today):
        box = {
            "saved": saved,
            "items": [
                {
                    **item,
                    "at": format_time(
                        saved.start + timedelta(minutes=item["start_min"]),
                        "short",
                        tzinfo=zone,
                        locale=babel_locale(lang),
                    ),
                }
                for item in saved.items
            ],
            "live": {
                "client": str(saved.client_id),
                "items": saved.item_lines(),
                "video": "on" if saved.format == "video" else "",
                "slot_min": str(saved.slot_min or ""),
                "start": saved.start.astimezone(
                    ZoneInfo(ws.get(Client, saved.client_id).timezone)
                ).strftime("%Y-%m-%dT%H:%M"),
            },
        }
        match = next(
            (
                m
                for m in found
                if m["agenda"] is None
                and m["client_id"] == saved.client_id
                and (
                    m["interaction"].id == saved.interaction_id
                    or m["interaction"].started_at == saved.start
                )
            ),
            None,
        )
        if match is not None:
            match["agenda"] = box
        else:
            found.append(
                {
                    "interaction": None,
                    "start": saved.start,
                    "client": saved.client,
                    "client_id": saved.client_id,
                    "format": saved.format,
                    "agenda": box,
                }
            )
    planned = sum(1 for m in found if m["interaction"] is None)
    found.sort(key=lambda m: m["start"])
    return (found[:limit] if limit else found), logged + planned


def _notice_page(
    request: Request,
    container: ContainerDep,
    promise: Commitment,
    template: str,
    form: FormReader | None = None,
    status_code: int = 200,
) -> Response:
    """The early notice (announce.html) or the apology (recommit.html) for ``promise``: the
    drafted message and the form that records it with a new date."""
    assert promise.id is not None
    client = container.workspace.get(Client, promise.client_id)
    new_date = form.values.get("new_due", "") if form else ""
    if not new_date or (form and "new_due" in form.errors):
        # The date the drafted message proposes (rapport.services.drafting.promised_again).
        new_date = promised_again(promise.due_at, now(), client.timezone).date().isoformat()
    draft = container.drafts.draft_for(
        "early_notice", client, DraftOptions(commitment_id=promise.id, new_date=new_date)
    )
    return render(
        request,
        template,
        {
            "section": "today",
            "promise": promise,
            "client": client,
            "draft": draft,
            "values": form.values if form else {"new_due": new_date},
            "errors": form.errors if form else {},
            "labels": labels,
            "is_open": promise.status is CommitmentStatus.OPEN,
            "is_pending": promise.status in PENDING,
        },
        status_code=status_code,
    )


def _overdue(promise: Commitment) -> bool:
    return promise.status in PENDING and promise.due_at < now()


@router.get("/promises/{commitment_id}/announce")
def announce_form(request: Request, container: ContainerDep, commitment_id: int) -> Response:
    promise = container.workspace.get(Commitment, commitment_id)
    if _overdue(promise):  # too late to be early: the apology flow instead
        return RedirectResponse(f"/promises/{commitment_id}/recommit", status_code=303)
    return _notice_page(request, container, promise, "announce.html")


@router.post("/promises/{commitment_id}/announce")
async def announce(request: Request, container: ContainerDep, commitment_id: int) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    promise = container.workspace.get(Commitment, commitment_id)
    client = container.workspace.get(Client, promise.client_id)
    form = FormReader(await request.form(), lang)
    new_due = form.moment("new_due", client.timezone)
    if new_due is not None and new_due <= now():
        form.fail("new_due", _("The new date must be in the future."))
    if form.ok:
        try:
            container.reliability.announce(commitment_id, new_due=new_due)
        except InvalidInputError as exc:
            form.fail("form", _("Could not save: {reason}").format(reason=exc.message))
        else:
            return RedirectResponse(
                f"/clients/{client.id}?saved=announced#promises", status_code=303
            )
    return _notice_page(request, container, promise, "announce.html", form, 422)


@router.get("/promises/{commitment_id}/recommit")
def recommit_form(request: Request, container: ContainerDep, commitment_id: int) -> Response:
    promise = container.workspace.get(Commitment, commitment_id)
    if promise.status in PENDING and not _overdue(promise):  # not due yet: tell them early
        return RedirectResponse(f"/promises/{commitment_id}/announce", status_code=303)
    return _notice_page(request, container, promise, "recommit.html")


@router.post("/promises/{commitment_id}/recommit")
async def recommit(request: Request, container: ContainerDep, commitment_id: int) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    promise = container.workspace.get(Commitment, commitment_id)
    client = container.workspace.get(Client, promise.client_id)
    form = FormReader(await request.form(), lang)
    new_due = form.moment("new_due", client.timezone)
    if new_due is not None and new_due <= now():
        form.fail("new_due", _("The new date must be in the future."))
    if form.ok and new_due is not None:
        try:
            container.reliability.recommit(commitment_id, new_due=new_due)
        except InvalidInputError as exc:
            form.fail("form", _("Could not save: {reason}").format(reason=exc.message))
        else:
            return RedirectResponse(
                f"/clients/{client.id}?saved=recommitted#promises", status_code=303
            )
    return _notice_page(request, container, promise, "recommit.html", form, 422)
