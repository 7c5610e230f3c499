"""Client pages: the list (search and filters), one client's page (timeline, promises,
projects with checklist gaps, notes, contacts) with its forms, and add/edit client."""

from __future__ import annotations

import zoneinfo
from dataclasses import asdict
from datetime import timedelta
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.clock import now
from rapport.domain import addressing
from rapport.domain.model import (
    CHECKLIST_STEPS,
    LANGUAGES,
    Client,
    ClientKind,
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    Note,
    Origin,
    Project,
    ProjectStatus,
    Tier,
)
from rapport.domain.trust import readable_score
from rapport.errors import ConflictError, InvalidInputError, NotFoundError
from rapport.i18n import LANGUAGE_NAMES
from rapport.services import client_list as listing_service
from rapport.services.trust import report_json
from rapport.services.workspace import WorkspaceService
from rapport.texts import N_
from rapport.web.deps import WorkspaceDep, get_container
from rapport.web.pages import charts, labels
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, ui_text
from rapport.web.pages.summaries import summarise

router = APIRouter(include_in_schema=False)


@cache
def timezones() -> list[str]:
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z and "Etc" not in z)


def _common(ws: WorkspaceService) -> dict[str, Any]:
    return {
        "labels": labels,
        "language_names": LANGUAGE_NAMES,
        "all_languages": LANGUAGES,
        "origins": list(Origin),
        "tiers": list(Tier),
        "options": {
            "kind": [(k.value, labels.client_kind[k]) for k in ClientKind],
            "origin": [(o.value, labels.origin[o]) for o in Origin],
            "language": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
            "tier": [(t.value, t.value) for t in Tier],
            "interaction_kind": [(k.value, labels.interaction_kind[k]) for k in InteractionKind],
            "size": [(s.value, labels.commitment_size[s]) for s in CommitmentSize],
            "project_status": [(s.value, labels.project_status[s]) for s in ProjectStatus],
            "drain": [(str(n), str(n)) for n in range(1, 6)],
        },
    }


# --- the list ---------------------------------------------------------------------------
SORT_LABELS = [
    ("name", N_("Name")),
    ("last_contact", N_("Longest without contact")),
    ("tier", N_("Tier and revenue")),
    ("promises", N_("Overdue promises")),
    ("risk", N_("Risk: low trust, high revenue")),
]


@router.get("/clients")
def client_list(
    request: Request,
    ws: WorkspaceDep,
    q: str = "",
    origin: str = "",
    language: str = "",
    tier: str = "",
    sort: str = "name",
    page: int = 1,
) -> Response:
    at = now()
    filters = listing_service.ClientFilters(
        q=q,
        origin=origin if origin in {o.value for o in Origin} else "",
        language=language if language in LANGUAGES else "",
        tier=tier if tier in {t.value for t in Tier} else "",
        sort=sort if sort in listing_service.SORTS else "name",
        page=page,
    )
    listing = listing_service.client_page(get_container(request).client_facts, filters, at=at)
    rows = [summarise(r.facts, r.tier, r.tier_overridden, at) for r in listing.rows]
    first = (listing.page - 1) * listing_service.PAGE_SIZE + 1
    query = {
        k: v
        for k, v in (
            ("q", q),
            ("origin", filters.origin),
            ("language", filters.language),
            ("tier", filters.tier),
            ("sort", filters.sort),
        )
        if v
    }
    return render(
        request,
        "clients/list.html",
        {
            **_common(ws),
            "rows": rows,
            "trust": {r.client.id: r.facts.estimate for r in listing.rows},
            "total": listing.total,
            "matching": listing.matching,
            "first": first,
            "last": first + len(rows) - 1,
            "page": listing.page,
            "pages": listing.pages,
            "page_links": {
                "previous": f"/clients?{urlencode({**query, 'page': listing.page - 1})}"
                if listing.page > 1
                else None,
                "next": f"/clients?{urlencode({**query, 'page': listing.page + 1})}"
                if listing.page < listing.pages
                else None,
            },
            "filters": {
                "q": q,
                "origin": filters.origin,
                "language": filters.language,
                "tier": filters.tier,
                "sort": filters.sort,
            },
            "sorts": SORT_LABELS,
            "sort_links": {
                key: f"/clients?{urlencode({**query, 'sort': key})}"
                for key in listing_service.SORTS
            },
            "sort_labels": dict(SORT_LABELS),
        },
    )


# --- add and edit -----------------------------------------------------------------------
CLIENT_FIELDS = (
    "name",
    "kind",
    "language",
    "timezone",
    "origin",
    "referred_by_client_id",
    "cadence_days",
    "personal_budget_pct",
    "monthly_meeting_hours_cap",
    "tier_override",
    "email",
    "owner_colleague",
    "notes",
)


def _client_values(client: Client) -> dict[str, str]:
    raw = asdict(client)
    values = {k: "" if raw.get(k) is None else str(raw[k]) for k in CLIENT_FIELDS if k in raw}
    values["personal_budget_pct"] = f"{round(client.personal_budget * 100)}"
    if client.monthly_meeting_hours_cap is not None:
        values["monthly_meeting_hours_cap"] = f"{client.monthly_meeting_hours_cap:g}"
    return values


def _client_form(
    request: Request,
    ws: WorkspaceService,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    client: Client | None = None,
    status_code: int = 200,
) -> Response:
    others = [c for c in ws.list_clients() if client is None or c.id != client.id]
    common = _common(ws)
    common["options"]["referrer"] = [(c.id, c.name) for c in others]
    return render(
        request,
        "clients/form.html",
        {
            **common,
            "client": client,
            "values": values,
            "errors": errors,
            "timezones": timezones(),
        },
        status_code=status_code,
    )


@router.get("/clients/new")
def new_client(request: Request, ws: WorkspaceDep) -> Response:
    settings = get_container(request).settings
    defaults = _client_values(
        Client(name="", language=current_language(request), timezone=settings.timezone)
    )
    return _client_form(request, ws, defaults, {})


def _read_client(form: FormReader, ws: WorkspaceService) -> dict[str, Any]:
    referrer = form.integer("referred_by_client_id")
    budget = form.number("personal_budget_pct", minimum=0, maximum=100)
    tier = form.choice("tier_override", ["", *[t.value for t in Tier]], default="")
    return {
        "name": form.text("name", required=True, max_length=200),
        "kind": ClientKind(form.choice("kind", [k.value for k in ClientKind])),
        "language": form.choice("language", LANGUAGES),
        "timezone": form.timezone("timezone"),
        "origin": Origin(form.choice("origin", [o.value for o in Origin])),
        "referred_by_client_id": referrer,
        "cadence_days": form.integer("cadence_days", minimum=1, maximum=3650) or 30,
        "personal_budget": (budget if budget is not None else 10) / 100,
        "monthly_meeting_hours_cap": form.number("monthly_meeting_hours_cap", minimum=0),
        "tier_override": Tier(tier) if tier else None,
        "email": form.optional_text("email", max_length=320),
        "owner_colleague": form.optional_text("owner_colleague", max_length=200),
        "notes": form.text("notes", max_length=10000),
    }


def _save_client(
    request: Request, ws: WorkspaceService, form: FormReader, client: Client | None
) -> Response:
    _ = ui_text(current_language(request))
    fields = _read_client(form, ws)
    email = fields["email"]
    if email and "@" not in email:
        form.fail("email", _("Enter an email address such as name@example.com."))
    if form.ok:
        try:
            if client is None or client.id is None:
                saved = ws.add_client(Client(**fields))
            else:
                saved = ws.update(Client, client.id, fields)
        except ConflictError:
            form.fail("name", _("A client with this name already exists."))
        except InvalidInputError as exc:
            form.fail("form", _("Could not save: {reason}").format(reason=exc.message))
        else:
            return RedirectResponse(f"/clients/{saved.id}?saved=client", status_code=303)
    return _client_form(request, ws, form.values, form.errors, client=client, status_code=422)


@router.post("/clients/new")
async def create_client(request: Request, ws: WorkspaceDep) -> Response:
    form = FormReader(await request.form(), current_language(request))
    return _save_client(request, ws, form, None)


@router.get("/clients/{client_id}/edit")
def edit_client(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    client = ws.get(Client, client_id)
    return _client_form(request, ws, _client_values(client), {}, client=client)


@router.post("/clients/{client_id}/edit")
async def update_client(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    client = ws.get(Client, client_id)
    form = FormReader(await request.form(), current_language(request))
    return _save_client(request, ws, form, client)


# --- one client -------------------------------------------------------------------------
def _client_page(
    request: Request,
    ws: WorkspaceService,
    client_id: int,
    *,
    forms: dict[str, FormReader] | None = None,
    status_code: int = 200,
) -> Response:
    client = ws.get(Client, client_id)
    container = get_container(request)
    at = now()
    facts = container.client_facts.facts_of(client_id)
    tier = listing_service.tier_of(container.client_facts, client, facts.revenue)
    summary = summarise(facts, *tier, at)
    interactions = ws.list(Interaction, client_id=client_id)  # newest first
    promises = ws.list(Commitment, client_id=client_id)
    open_promises = sorted(
        (c for c in promises if c.status is CommitmentStatus.OPEN), key=lambda c: c.due_at
    )
    closed_promises = sorted(
        (c for c in promises if c.status is not CommitmentStatus.OPEN),
        key=lambda c: c.due_at,
        reverse=True,
    )
    settings = get_container(request).settings
    blank = {
        "interaction": {
            "kind": InteractionKind.VIDEO.value,
            "started_at": at.astimezone(zoneinfo.ZoneInfo(settings.timezone)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "duration_min": "30",
        },
        "promise": {
            "size": CommitmentSize.SMALL.value,
            "due_at": (at + timedelta(days=7))
            .astimezone(zoneinfo.ZoneInfo(settings.timezone))
            .strftime("%Y-%m-%d"),
        },
        "note": {},
        "contact": {},
        "project": {"status": ProjectStatus.ACTIVE.value},
    }
    forms = forms or {}
    lang = current_language(request)
    _ = ui_text(lang)
    report = container.trust.reports(snapshot=False, facts={client_id: facts})[0]
    trust = report_json(report, lang)
    scores = {k: {"score": c.score} for k, c in trust.components.items()}
    trust_charts = {
        "bars": charts.trust_bars(scores, _),
        "radar": charts.trust_radar(scores, _),
        "trend": charts.line(
            [t.month for t in trust.trend],
            [readable_score(t.trust) for t in trust.trend],
            y_title=_("Trust score, 0 to 10"),
            y_range=[0, 10],
        )
        if len(trust.trend) >= 2
        else None,
    }
    analysed = container.conversation.trend(client_id)
    base = str(request.base_url).rstrip("/")
    booking = {
        "url": container.booking.existing_url(client_id, base),
        "bookings": container.booking.bookings(client_id=client_id),
    }
    return render(
        request,
        "clients/detail.html",
        {
            **_common(ws),
            "client": client,
            "booking": booking,
            "summary": summary,
            "referrer": _client_name(ws, client.referred_by_client_id),
            "referred": ws.clients_referred_by(client_id),
            "interactions": interactions,
            "open_promises": open_promises,
            "closed_promises": closed_promises[:20],
            "projects": ws.list(Project, client_id=client_id),
            "notes": sorted(
                ws.list(Note, client_id=client_id), key=lambda n: n.created_at or at, reverse=True
            ),
            "contacts": (contacts := ws.list(Contact, client_id=client_id)),
            "addressing": {c.id: container.drafts.address_of(c, client) for c in contacts},
            "address_forms": address_options(client.language),
            "hours": container.hours.client_json(client, lang),
            "now": at,
            "forms": {k: forms[k].values if k in forms else v for k, v in blank.items()},
            "form_errors": {k: f.errors for k, f in forms.items()},
            "interaction_kinds": list(InteractionKind),
            "sizes": list(CommitmentSize),
            "project_statuses": list(ProjectStatus),
            "checklist": CHECKLIST_STEPS,
            "saved": request.query_params.get("saved", ""),
            "kept": kept_promise(ws, request, client_id),
            "trust": trust,
            "trust_charts": trust_charts,
            "trust_order": labels.TRUST_ORDER,
            "analysed": list(reversed(analysed))[:10],
            "analysed_chart": charts.line(
                [p.started_at.date().isoformat() for p in analysed],
                [p.personal_share for p in analysed],
                y_title=_("Personal talk"),
                y_range=(0, 1),
            )
            if len(analysed) >= 2
            else None,
        },
        status_code=status_code,
    )


def _client_name(ws: WorkspaceService, client_id: int | None) -> str | None:
    if client_id is None:
        return None
    try:
        return ws.get(Client, client_id).name
    except NotFoundError:
        return None


@router.get("/clients/{client_id}/timeline")
def client_timeline(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    client = ws.get(Client, client_id)
    return render(
        request,
        "clients/timeline.html",
        {
            "client": client,
            "interactions": ws.list(Interaction, client_id=client_id),
            "labels": labels,
        },
    )


@router.get("/clients/{client_id}")
def client_page(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    return _client_page(request, ws, client_id)


def kept_promise(ws: WorkspaceService, request: Request, client_id: int | None = None) -> Any:
    """The promise just marked kept (``?kept=ID``), for the undo banner; None when there is
    none, it is not done any more, or it belongs to another client."""
    raw = request.query_params.get("kept", "")
    if not raw.isdigit():
        return None
    try:
        promise = ws.get(Commitment, int(raw))
    except NotFoundError:
        return None
    if promise.status is not CommitmentStatus.DONE:
        return None
    if client_id is not None and promise.client_id != client_id:
        return None
    return promise


def _saved(client_id: int, what: str, anchor: str) -> Response:
    return RedirectResponse(f"/clients/{client_id}?saved={what}#{anchor}", status_code=303)


def _store(
    request: Request,
    ws: WorkspaceService,
    client_id: int,
    key: str,
    form: FormReader,
    obj: object | None,
) -> Response:
    """Save ``obj`` when the form is valid, else show the page again with the form filled."""
    _ = ui_text(current_language(request))
    if form.ok and obj is not None:
        try:
            ws.add(obj)
        except (InvalidInputError, ConflictError) as exc:
            form.fail("form", _("Could not save: {reason}").format(reason=exc.message))
        else:
            return _saved(client_id, key, key + "s")
    return _client_page(request, ws, client_id, forms={key: form}, status_code=422)


@router.post("/clients/{client_id}/interactions")
async def add_interaction(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    ws.get(Client, client_id)
    form = FormReader(await request.form(), lang)
    zone = get_container(request).settings.timezone
    kind = InteractionKind(form.choice("kind", [k.value for k in InteractionKind]))
    started = form.moment("started_at", zone)
    duration = form.integer("duration_min", minimum=0, maximum=24 * 60) or 0
    business = form.integer("business_min", minimum=0, maximum=24 * 60)
    personal = form.integer("personal_min", minimum=0, maximum=24 * 60)
    drain = form.integer("drain", minimum=1, maximum=5)
    if (business or 0) + (personal or 0) > duration > 0:
        form.fail(
            "personal_min", _("Business and personal minutes add up to more than the duration.")
        )
    obj = None
    if started is not None:
        obj = Interaction(
            client_id=client_id,
            kind=kind,
            started_at=started,
            duration_min=duration,
            business_min=business,
            personal_min=personal,
            summary=form.text("summary", max_length=5000),
            drain=drain,
            feedback_asked=form.flag("feedback_asked"),
            point_of_view_shared=form.flag("point_of_view_shared"),
            source="web",
        )
    return _store(request, ws, client_id, "interaction", form, obj)


@router.post("/clients/{client_id}/promises")
async def add_promise(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    ws.get(Client, client_id)
    form = FormReader(await request.form(), current_language(request))
    zone = get_container(request).settings.timezone
    text = form.text("text", required=True, max_length=1000)
    due = form.moment("due_at", zone)
    size = CommitmentSize(form.choice("size", [s.value for s in CommitmentSize]))
    obj = None
    if due is not None:
        obj = Commitment(
            client_id=client_id,
            text=text,
            due_at=due,
            made_at=now(),
            to_whom=form.optional_text("to_whom", max_length=200),
            size=size,
            source="web",
        )
    return _store(request, ws, client_id, "promise", form, obj)


@router.post("/clients/{client_id}/notes")
async def add_note(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    ws.get(Client, client_id)
    form = FormReader(await request.form(), current_language(request))
    obj = Note(client_id=client_id, text=form.text("text", required=True, max_length=10000))
    return _store(request, ws, client_id, "note", form, obj)


@router.post("/clients/{client_id}/contacts")
async def add_contact(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    ws.get(Client, client_id)
    form = FormReader(await request.form(), lang)
    email = form.optional_text("email", max_length=320)
    if email and "@" not in email:
        form.fail("email", _("Enter an email address such as name@example.com."))
    client = ws.get(Client, client_id)
    forms = list(addressing.forms_for(client.language))
    chosen = form.choice("address_form", ["", *forms], default="")
    obj = Contact(
        client_id=client_id,
        name=form.text("name", required=True, max_length=200),
        email=email,
        phone=form.optional_text("phone", max_length=50),
        title=form.optional_text("title", max_length=200),
        address_form=chosen or None,
        address_name=form.optional_text("address_name", max_length=200),
    )
    return _store(request, ws, client_id, "contact", form, obj)


ADDRESS_LABELS = {
    "first_name": N_("first name"),
    "formal": N_("formal (e.g. Ms Bennett)"),
    "name": N_("full name only"),
}
"""Forms of address whose label is a description (the others read as written: 様, chị, 经理)."""


def address_options(lang: str) -> list[tuple[str, str]]:
    return [(c, ADDRESS_LABELS.get(c, label)) for c, label in addressing.forms_for(lang).items()]


@router.post("/contacts/{contact_id}/address")
async def set_contact_address(request: Request, ws: WorkspaceDep, contact_id: int) -> Response:
    """How drafts address a contact: a form of the client's language (or derived again)
    and the name used with it."""
    contact = ws.get(Contact, contact_id)
    client = ws.get(Client, contact.client_id)
    form = FormReader(await request.form(), current_language(request))
    forms = list(addressing.forms_for(client.language))
    chosen = form.choice("address_form", ["", *forms], default="")
    name = form.optional_text("address_name", max_length=200)
    if not form.ok:
        return _client_page(request, ws, client.id or 0, forms={"contact": form}, status_code=422)
    ws.update(Contact, contact_id, {"address_form": chosen or None, "address_name": name})
    return _saved(contact.client_id, "contact", f"contact-{contact_id}")


@router.post("/clients/{client_id}/projects")
async def add_project(request: Request, ws: WorkspaceDep, client_id: int) -> Response:
    ws.get(Client, client_id)
    form = FormReader(await request.form(), current_language(request))
    status = ProjectStatus(form.choice("status", [s.value for s in ProjectStatus]))
    obj = Project(
        client_id=client_id,
        name=form.text("name", required=True, max_length=200),
        status=status,
        started_on=now().date(),
        **{step: form.flag(step) for step in CHECKLIST_STEPS},
    )
    return _store(request, ws, client_id, "project", form, obj)


@router.post("/projects/{project_id}/checklist")
async def update_checklist(request: Request, ws: WorkspaceDep, project_id: int) -> Response:
    project = ws.get(Project, project_id)
    form = FormReader(await request.form(), current_language(request))
    status = ProjectStatus(
        form.choice("status", [s.value for s in ProjectStatus], default=project.status.value)
    )
    changes: dict[str, Any] = {step: form.flag(step) for step in CHECKLIST_STEPS}
    changes["status"] = status
    ws.update(Project, project_id, changes)
    return _saved(project.client_id, "project", f"project-{project_id}")


@router.post("/promises/{commitment_id}/done")
def promise_done(ws: WorkspaceDep, commitment_id: int, next: str = "") -> Response:
    promise = ws.commitment_done(commitment_id)
    if next == "today":
        return RedirectResponse(f"/today?kept={commitment_id}#kept", status_code=303)
    return RedirectResponse(
        f"/clients/{promise.client_id}?saved=promise-done&kept={commitment_id}#kept",
        status_code=303,
    )


@router.post("/promises/{commitment_id}/reopen")
def promise_reopen(ws: WorkspaceDep, commitment_id: int, next: str = "") -> Response:
    """Undo "Mark kept" (offered on the page "Mark kept" leads to)."""
    promise = ws.commitment_reopen(commitment_id)
    if next == "today":
        return RedirectResponse("/today?reopened=1#overdue-title", status_code=303)
    return _saved(promise.client_id, "promise-reopened", "promises")
