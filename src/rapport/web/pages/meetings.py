"""Meeting pages: triage a meeting request (recommendation, reasons, editable reply), build
an agenda, run it in live meeting mode, and log the meeting at the end."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from rapport.clock import now
from rapport.domain.agenda import ItemKind, Topic
from rapport.domain.model import Client, InteractionKind
from rapport.domain.triage import ChangeReason, MeetingFormat, Organizer
from rapport.errors import InvalidInputError, NotFoundError
from rapport.jsonable import plain
from rapport.services.drafting import DraftOptions
from rapport.services.meetings import MeetingLog
from rapport.services.rendering import label
from rapport.services.triage import TriageRequestIn
from rapport.texts import N_
from rapport.web.csrf import CSRF_FIELD
from rapport.web.deps import ContainerDep
from rapport.web.pages import labels
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)

FORMATS = {
    MeetingFormat.IN_PERSON: N_("In person"),
    MeetingFormat.VIDEO: N_("Video call"),
    MeetingFormat.CALL: N_("Phone call"),
}
ORGANIZERS = {
    Organizer.CLIENT: N_("The client"),
    Organizer.ME: N_("Me"),
    Organizer.COLLEAGUE: N_("A colleague"),
}
REASONS = {
    ChangeReason.NONE: N_("None: the meeting is fine as it is"),
    ChangeReason.OVERLOAD: N_("I am overloaded"),
    ChangeReason.CONFLICT: N_("It clashes with something else"),
    ChangeReason.REPETITIVE: N_("These meetings repeat without much result"),
    ChangeReason.ILLNESS: N_("I am ill"),
    ChangeReason.EMERGENCY: N_("An emergency"),
    ChangeReason.DISLIKE: N_("I would simply rather not meet"),
}
TRISTATE = [("", N_("Let Rapport judge")), ("yes", N_("Yes")), ("no", N_("No"))]


def _options(mapping: dict[Any, str]) -> list[tuple[str, str]]:
    return [(str(getattr(k, "value", k)), v) for k, v in mapping.items()]


def _clients(container: ContainerDep) -> list[tuple[str, str]]:
    return [(str(c.id), c.name) for c in container.workspace.list_clients()]


def _topics(form: FormReader, name: str, *, required: bool) -> list[Topic]:
    """Agenda lines "Title: minutes", one per line."""
    _ = form._
    topics: list[Topic] = []
    lines = [line.strip() for line in form.values.get(name, "").splitlines() if line.strip()]
    for line in lines:
        title, sep, minutes = line.rpartition(":")
        if (
            not sep
            or not title.strip()
            or not (minutes.strip().isascii() and minutes.strip().isdigit())
            or int(minutes) < 1
        ):
            form.fail(
                name,
                _('Write each item as "title: minutes", for example "Budget review: 20".'),
            )
            return []
        topics.append(Topic(title.strip(), int(minutes)))
    if required and not topics:
        form.fail(name, _("Add at least one item."))
    return topics


# --- triage -----------------------------------------------------------------------------
def _triage_page(
    request: Request,
    container: ContainerDep,
    values: dict[str, str],
    errors: dict[str, str],
    result: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "meetings/triage.html",
        {
            "section": "triage",
            "values": values,
            "errors": errors,
            "result": result,
            "options": {
                "client": _clients(container),
                "format": _options(FORMATS),
                "organizer": _options(ORGANIZERS),
                "reason": _options(REASONS),
                "tristate": TRISTATE,
            },
        },
        status_code=status_code,
    )


@router.get("/meetings/triage")
def triage_form(request: Request, container: ContainerDep, client: str = "") -> Response:
    values = {
        "client": client,
        "format": MeetingFormat.IN_PERSON.value,
        "duration_min": "60",
        "organizer": Organizer.CLIENT.value,
        "essential": "on",
        "travel_min": "0",
        "reason": ChangeReason.NONE.value,
    }
    return _triage_page(request, container, values, {})


@router.post("/meetings/triage")
async def triage(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    form = FormReader(await request.form(), lang)
    client_id = form.choice("client", [c for c, _name in _clients(container)])
    start = form.text("start", required=True)
    duration = form.integer("duration_min", minimum=1, maximum=24 * 60)
    if duration is None and "duration_min" not in form.errors:
        form.fail("duration_min", _("Please fill this in."))
    travel = form.integer("travel_min", minimum=0, maximum=24 * 60) or 0
    topics = _topics(form, "agenda", required=False)
    tristate = {"": None, "yes": True, "no": False}
    body: dict[str, Any] = {
        "client": client_id,
        # a datetime-local value without a zone: the triage service reads it in the
        # client's time zone
        "start": start,
        "duration_min": duration or 1,
        "format": form.choice("format", [f.value for f in MeetingFormat]),
        "purpose": form.text("purpose", max_length=500),
        "agenda": [{"item": t.title, "minutes": t.minutes} for t in topics],
        "organizer": form.choice("organizer", [o.value for o in Organizer]),
        "essential": form.flag("essential"),
        "travel_min": travel,
        "reason": form.choice("reason", [r.value for r in ChangeReason]),
        "writable": tristate[form.choice("writable", list(tristate), default="")],
        "client_flexible": tristate[form.choice("client_flexible", list(tristate), default="")],
        "colleague": form.optional_text("colleague", max_length=200),
        "my_answers": form.text("my_answers", max_length=5000),
    }
    result = None
    if form.ok:
        try:
            parsed = TriageRequestIn.model_validate(body)
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else "form"
                form.fail(field, _("Please check this field."))
        else:
            try:
                result = container.triage.decide(parsed, reasons_lang=lang)
            except (InvalidInputError, NotFoundError) as exc:
                form.fail("form", _("Could not save: {reason}").format(reason=exc.message))
    if result is None:
        return _triage_page(request, container, form.values, form.errors, status_code=422)
    client = container.workspace.get(Client, int(client_id))
    shown = {
        **plain(result),
        "client_id": client.id,
        "agenda_lines": form.values.get("agenda", ""),
        "video": body["format"] == MeetingFormat.VIDEO.value,
        "client_language": client.language,
    }
    return _triage_page(request, container, form.values, {}, shown)


# --- agenda builder ---------------------------------------------------------------------
def _agenda_values(form: FormReader | None, client: str = "") -> dict[str, str]:
    if form is not None:
        return form.values
    return {"client": client, "video": "on"}


def _build(container: ContainerDep, form: FormReader, lang: str) -> tuple[Client, Any, Any] | None:
    """The agenda in the page's language (for you) and in the client's (for what you say)."""
    client_id = form.choice("client", [c for c, _name in _clients(container)])
    topics = _topics(form, "items", required=True)
    slot = form.integer("slot_min", minimum=1, maximum=24 * 60)
    start = form.text("start")
    if not form.ok:
        return None
    client = container.workspace.get(Client, int(client_id))
    video = form.flag("video")
    try:
        mine = container.agendas.build(
            client.id or 0,
            topics,
            video=video,
            slot_min=slot,
            start=start or None,
            language=lang,
            meters_language=lang,
        )
        theirs = container.agendas.build(
            client.id or 0, topics, video=video, slot_min=slot, start=start or None
        )
    except InvalidInputError as exc:
        form.fail("form", form._("Could not save: {reason}").format(reason=exc.message))
        return None
    return client, mine, theirs


@router.get("/meetings/agenda")
def agenda_form(request: Request, container: ContainerDep, client: str = "") -> Response:
    return render(
        request,
        "meetings/agenda.html",
        {
            "section": "agenda",
            "values": _agenda_values(None, client),
            "errors": {},
            "options": {"client": _clients(container)},
            "agenda": None,
        },
    )


@router.post("/meetings/agenda")
async def agenda(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    form = FormReader(await request.form(), lang)
    built = _build(container, form, lang)
    context = _agenda_context(container, form)
    if built is None:
        return render(request, "meetings/agenda.html", context, status_code=422)
    return render(request, "meetings/agenda.html", _with_agenda(container, context, built))


@router.post("/meetings/agenda/save")
async def save_agenda(request: Request, container: ContainerDep) -> Response:
    """Build the agenda and store it for the meeting at its start (shown on Today)."""
    lang = current_language(request)
    _ = ui_text(lang)
    form = FormReader(await request.form(), lang)
    if not form.values.get("start", "").strip():
        form.fail("start", _("Give the start of the meeting to save its agenda."))
    built = _build(container, form, lang)
    context = _agenda_context(container, form)
    if built is None or not form.ok:
        return render(request, "meetings/agenda.html", context, status_code=422)
    _client, mine, theirs = built
    topics = _topics(form, "items", required=True)
    context["saved"] = container.agendas.save(
        theirs, topics, "video" if mine.agenda.video else "in_person"
    )
    if context["saved"].calendar is not None:
        from rapport.services.calendar_writeback import outcome_line

        context["calendar_write"] = outcome_line(context["saved"].calendar, lang)
    return render(request, "meetings/agenda.html", _with_agenda(container, context, built))


def _agenda_context(container: ContainerDep, form: FormReader) -> dict[str, Any]:
    """The agenda page around a submitted form (no agenda yet)."""
    return {
        "section": "agenda",
        "values": form.values,
        "errors": form.errors,
        "options": {"client": _clients(container)},
        "agenda": None,
    }


def _with_agenda(container: ContainerDep, context: dict[str, Any], built: Any) -> dict[str, Any]:
    """``context`` with the built agenda: mine, the client's, its Markdown and email."""
    client, mine, theirs = built
    return {
        **context,
        "client": client,
        "agenda": mine.as_json(),
        "theirs": theirs.as_json(),
        "markdown": container.agendas.markdown(theirs),
        "email": container.agendas.email(theirs),
    }


# --- live meeting -----------------------------------------------------------------------
@router.post("/meetings/live")
async def live_start(request: Request, container: ContainerDep) -> Response:
    """Check the agenda, then show live mode at a plain address (post, redirect, get), so
    reloading the page does not post the form again: its state is in local storage."""
    lang = current_language(request)
    form = FormReader(await request.form(), lang)
    if _build(container, form, lang) is None:
        return render(
            request, "meetings/agenda.html", _agenda_context(container, form), status_code=422
        )
    fields = {k: v for k, v in form.values.items() if k != CSRF_FIELD and v}
    if request.query_params.get("lang"):
        fields["lang"] = request.query_params["lang"]
    return RedirectResponse(f"/meetings/live?{urlencode(fields)}", status_code=303)


@router.get("/meetings/live")
def live(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    form = FormReader(request.query_params, lang)
    built = _build(container, form, lang)
    if built is None:
        return render(
            request, "meetings/agenda.html", _agenda_context(container, form), status_code=422
        )
    client, mine, theirs = built
    group = form.flag("group")
    redirect = container.drafts.draft_for("redirect", client, DraftOptions(group=group))
    wrap_up = container.drafts.draft_for("wrap_up", client, DraftOptions(group=group))
    started = now().astimezone(ZoneInfo(client.timezone))
    items = [
        {
            "title": item.title,
            "minutes": item.minutes,
            "kind": item.kind,
            # Video meetings: questions at minute offsets inside the item (timed nudges).
            "checkpoints": [{"at_min": c.at_min, "question": c.question} for c in item.checkpoints],
        }
        for item in mine.items()
    ]
    # The key of this meeting's saved state (local storage): the client, the day and the
    # agenda; the same meeting reloaded finds its state again, another one starts afresh.
    key_source = json.dumps([client.id, started.date().isoformat(), items], sort_keys=True)
    plan = {
        "key": hashlib.sha256(key_source.encode()).hexdigest()[:16],
        "items": items,
        "video": mine.agenda.video,
        "kinds": {k.value: label("agenda_item", k, lang) for k in ItemKind},
        "labels": {"pause": _("Pause"), "resume": _("Resume"), "start": _("Start")},
    }
    return render(
        request,
        "meetings/live.html",
        {
            "section": "agenda",
            "client": client,
            "plan": plan,
            "agenda": mine.as_json(),
            "theirs": theirs.as_json(),
            "redirect": redirect,
            "wrap_up": wrap_up,
            "log": {
                "client": str(client.id),
                "start": started.strftime("%Y-%m-%dT%H:%M"),
                "kind": "video" if mine.agenda.video else "in_person",
                "boundary_reset": "on" if mine.agenda.boundary_reset else "",
            },
            "interaction_kinds": [
                (k.value, labels.interaction_kind[k]) for k in InteractionKind if k.is_meeting
            ],
            "errors": {},
        },
    )


@router.post("/meetings/log")
async def log_meeting(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    form = FormReader(await request.form(), lang)
    client_id = form.choice("client", [c for c, _name in _clients(container)])
    if "client" in form.errors:  # hidden or missing alike: the log belongs to a client
        raise NotFoundError("no client with id {id}", id=form.values.get("client", ""))
    duration = form.integer("duration_min", minimum=1, maximum=24 * 60)
    business = form.integer("business_min", minimum=0, maximum=24 * 60)
    personal = form.integer("personal_min", minimum=0, maximum=24 * 60)
    kind = form.choice("kind", [k.value for k in InteractionKind if k.is_meeting])
    drain = form.integer("drain", minimum=1, maximum=5)
    if duration is None and "duration_min" not in form.errors:
        form.fail("duration_min", _("Please fill this in."))
    start = form.text("start", required=True)
    promises = []
    for line in form.values.get("promises", "").splitlines():
        if not line.strip():
            continue
        text, sep, due = line.rpartition("@")
        if not sep or not text.strip() or not due.strip():
            form.fail(
                "promises",
                _(
                    'Write each promise as "what @ date", for example "Send the quote @ 2026-12-04".'  # noqa: E501
                ),
            )
            break
        promises.append(f"{text.strip()}@{due.strip()}")
    if form.ok:
        try:
            logged = container.meetings.log(
                MeetingLog(
                    client=client_id,
                    start=start,
                    duration_min=duration or 1,
                    kind=InteractionKind(kind),
                    business_min=business,
                    personal_min=personal,
                    promises=promises,
                    decisions=form.values.get("decisions", "").splitlines(),
                    drain=drain,
                    summary=form.text("summary", max_length=5000),
                    boundary_reset=form.flag("boundary_reset"),
                )
            )
        except InvalidInputError as exc:
            form.fail("form", _("Could not save: {reason}").format(reason=exc.message))
        else:
            cid = logged.interaction.client_id
            return RedirectResponse(f"/clients/{cid}?saved=meeting#interactions", status_code=303)
    client = container.workspace.get(Client, int(client_id))
    return render(
        request,
        "meetings/log.html",
        {
            "section": "agenda",
            "client": client,
            "values": form.values,
            "errors": form.errors,
            "interaction_kinds": [
                (k.value, labels.interaction_kind[k]) for k in InteractionKind if k.is_meeting
            ],
        },
        status_code=422,
    )
