"""Transcripts: upload a meeting transcript, see how the meeting was spent (who spoke when,
personal stretches, talk ratio, monologues, questions) and accept the promises you made into
the promise ledger with one click."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from rapport.domain.model import Client, Commitment
from rapport.errors import ConflictError, InvalidInputError
from rapport.services.when import now
from rapport.web.deps import ContainerDep
from rapport.web.pages import charts
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import N_, current_language, render, ui_text

router = APIRouter(include_in_schema=False)

MAX_BYTES = 20 * 1024 * 1024
UTTERANCE_LABELS = {
    "business": N_("Business"),
    "personal": N_("Personal"),
    "other": N_("Greetings and logistics"),
}
SIDES = {"me": N_("Me"), "them": N_("The client's side")}


def _clients(container: ContainerDep) -> list[tuple[str, str]]:
    return [(str(c.id), c.name) for c in container.workspace.list_clients()]


def _form_page(
    request: Request,
    container: ContainerDep,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "transcripts/upload.html",
        {
            "section": "transcripts",
            "values": values,
            "errors": errors,
            "options": {"client": _clients(container)},
        },
        status_code=status_code,
    )


@router.get("/transcripts")
def upload_form(request: Request, container: ContainerDep, client: str = "") -> Response:
    settings = container.settings
    values = {"client": client, "me": settings.me, "on": now().date().isoformat(), "save": "on"}
    return _form_page(request, container, values, {})


def _analysis_page(
    request: Request,
    container: ContainerDep,
    result: dict[str, Any],
    *,
    client: Client | None,
    saved: dict[str, Any] | None = None,
) -> Response:
    _ = ui_text(current_language(request))
    names = {k: _(v) for k, v in UTTERANCE_LABELS.items()}
    by_time = result["basis"] == "time"
    metrics = result["metrics"]
    side_names = {k: _(v) for k, v in SIDES.items()}
    return render(
        request,
        "transcripts/analysis.html",
        {
            "section": "transcripts",
            "result": result,
            "metrics": metrics,
            "by_time": by_time,
            "client": client,
            "saved": saved,
            "label_names": UTTERANCE_LABELS,
            "side_names": SIDES,
            "timeline": charts.speaking_timeline(
                result["utterances"],
                metrics["drifts"],
                names,
                x_title=_("Seconds from the start") if by_time else _("Utterances in order"),
                by_time=by_time,
            ),
            "talk_chart": charts.share_bars(metrics["talk_share"]),
            "side_chart": charts.share_bars(
                {side_names.get(k, k): v for k, v in metrics["talk_share_by_side"].items()}
            ),
            "accepted": {
                int(x)
                for x in request.query_params.getlist("accepted")
                if x.isascii() and x.isdigit()
            },
        },
    )


@router.post("/transcripts")
async def upload(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    raw = await request.form()
    upload = raw.get("file")
    form = FormReader({k: v for k, v in raw.items() if k != "file"}, lang)
    client_id = form.values.get("client", "")
    if client_id and client_id not in {c for c, _n in _clients(container)}:
        form.fail("client", _("Choose one of the options."))
    me = form.text("me", max_length=200) or None
    video = form.flag("video")
    save = form.flag("save") and bool(client_id)
    on_text = form.text("on")
    on: date | None = None
    if on_text:
        try:
            on = date.fromisoformat(on_text)
        except ValueError:
            form.fail("on", _("Enter a date such as 2026-11-30, or a date and time."))
    data = b""
    name = "transcript"
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.fail("file", _("Choose a transcript file."))
    else:
        name = upload.filename
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            form.fail("file", _("The file is larger than 20 MB."))
        elif not data.strip():
            form.fail("file", _("The file is empty."))
    if not form.ok:
        return _form_page(request, container, form.values, form.errors, status_code=422)
    service = container.conversation
    try:
        analysis = service.analyse(
            data, name, client=int(client_id) if client_id else None, me=me, video=video, on=on
        )
    except InvalidInputError as exc:
        message = _("Rapport could not read this transcript: {reason}")
        form.fail("file", message.format(reason=exc.message))
        return _form_page(request, container, form.values, form.errors, status_code=422)
    from rapport.services.analysis import to_json

    client = container.workspace.get(Client, int(client_id)) if client_id else None
    if save and client is not None:
        try:
            saved = service.save(analysis, data, name, client.id or 0)
        except ConflictError:
            form.fail("file", _("This transcript is already stored for this client."))
            return _form_page(request, container, form.values, form.errors, status_code=422)
        return RedirectResponse(f"/transcripts/{saved.analysis_id}", status_code=303)
    return _analysis_page(request, container, to_json(analysis), client=client)


@router.get("/transcripts/{analysis_id}")
def stored(request: Request, container: ContainerDep, analysis_id: int) -> Response:
    result = container.conversation.get(analysis_id)
    client = container.workspace.get(Client, result["client_id"])
    return _analysis_page(request, container, result, client=client, saved={"id": analysis_id})


@router.post("/transcripts/promises")
async def accept_promise(request: Request, container: ContainerDep) -> Response:
    """Accept one spoken promise into the ledger (due at 17:00 on its day, your zone)."""
    lang = current_language(request)
    form = FormReader(await request.form(), lang)
    client_id = form.integer("client", minimum=1)
    text = form.text("text", required=True, max_length=1000)
    due = form.text("due", required=True)
    back = form.text("back")
    try:
        day = date.fromisoformat(due)
    except ValueError:
        raise InvalidInputError(f"not a date: {due!r}") from None
    if client_id is None or not form.ok:
        raise InvalidInputError("a promise needs a client, its text and a due date")
    client = container.workspace.get(Client, client_id)
    zone = ZoneInfo(container.settings.timezone)
    container.workspace.add(
        Commitment(
            client_id=client_id,
            text=text,
            due_at=datetime.combine(day, time(17, 0), zone),
            made_at=now(),
            source="transcript",
        )
    )
    index = form.values.get("index", "")
    tail = back[len("/transcripts/") :]
    if back.startswith("/transcripts/") and tail.isascii() and tail.isdigit():
        done = request.query_params.getlist("accepted") or []
        query = "&".join(f"accepted={x}" for x in [*done, index])
        return RedirectResponse(f"{back}?{query}#promises", status_code=303)
    return RedirectResponse(f"/clients/{client.id}?saved=promise#promises", status_code=303)
