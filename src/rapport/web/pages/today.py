"""The day's list (promises overdue and at risk, touch-points due, slipping trust) and the
announce-it-early flow: a drafted early notice, then recording that the client was told."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.domain.model import Client, Commitment, CommitmentStatus
from rapport.errors import InvalidInputError
from rapport.services.drafting import DraftOptions
from rapport.services.when import now
from rapport.web.deps import ContainerDep
from rapport.web.pages import labels
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)


def _parse_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@router.get("/today")
def today(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    day = container.reliability.today(lang=lang)
    for key in ("at_risk", "overdue"):
        for entry in day[key]:
            entry["due"] = _parse_iso(entry["due_at"])
    for entry in day["touchpoints_due"]:
        entry["last"] = _parse_iso(entry.get("last_contact"))
        entry["due"] = _parse_iso(entry.get("due_at"))
    meetings = _meetings_today(container)
    empty = not meetings and not any(
        day[k] for k in ("at_risk", "overdue", "touchpoints_due", "slipping")
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
        },
    )


def _meetings_today(container: ContainerDep) -> list[dict[str, Any]]:
    """Meetings on today's date in your time zone (imported from a calendar or logged)."""
    zone = ZoneInfo(container.settings.timezone)
    today = now().astimezone(zone).date()
    ws = container.workspace.snapshot()
    names = {c.id: c.name for c in ws.clients}
    found = [
        {"interaction": i, "client": names.get(i.client_id, ""), "client_id": i.client_id}
        for i in ws.interactions
        if i.kind.is_meeting and i.started_at.astimezone(zone).date() == today
    ]
    return sorted(found, key=lambda m: m["interaction"].started_at)


def _announce_page(
    request: Request,
    container: ContainerDep,
    commitment_id: int,
    form: FormReader | None = None,
    status_code: int = 200,
) -> Response:
    promise = container.workspace.get(Commitment, commitment_id)
    client = container.workspace.get(Client, promise.client_id)
    new_date = form.values.get("new_due", "") if form else ""
    if not new_date or (form and "new_due" in form.errors):
        # A week after the promised date (or from today, when that has passed already).
        start = max(promise.due_at, now())
        new_date = (
            (start + timedelta(days=7)).astimezone(ZoneInfo(client.timezone)).date().isoformat()
        )
    draft = container.drafts.draft_for(
        "early_notice", client, DraftOptions(commitment_id=commitment_id, new_date=new_date)
    )
    return render(
        request,
        "announce.html",
        {
            "section": "today",
            "promise": promise,
            "client": client,
            "draft": draft,
            "values": form.values if form else {"new_due": new_date},
            "errors": form.errors if form else {},
            "labels": labels,
            "is_open": promise.status is CommitmentStatus.OPEN,
        },
        status_code=status_code,
    )


@router.get("/promises/{commitment_id}/announce")
def announce_form(request: Request, container: ContainerDep, commitment_id: int) -> Response:
    return _announce_page(request, container, commitment_id)


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
    return _announce_page(request, container, commitment_id, form, status_code=422)
