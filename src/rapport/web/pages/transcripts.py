"""Transcripts: upload a meeting transcript, see how the meeting was spent (who spoke when,
personal stretches, talk ratio, monologues, questions) and accept the promises you made into
the promise ledger with one click."""

from __future__ import annotations

import base64
import contextlib
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from rapport.clock import now
from rapport.domain.conversation import ME, Analysis
from rapport.domain.corrections import LABELS, RESET
from rapport.domain.model import Client, Commitment
from rapport.errors import ConflictError, InvalidInputError
from rapport.jsonable import plain
from rapport.services.analysis_budget import AnalysisStoppedError, Budget, max_bytes
from rapport.texts import N_
from rapport.web.analysis_runner import analyse_off_loop, progress_of
from rapport.web.deps import ContainerDep
from rapport.web.pages import charts
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, speaker_name, ui_text

router = APIRouter(include_in_schema=False)

KEPT_MAX_CHARS = (max_bytes(1024) + 2) // 3 * 4 + 1024
"""An uploaded transcript comes back base64-encoded in a hidden field when I choose which
speaker I am (the analysis page offers the speakers found when my name is not among them).
Room for the largest ``transcript_max_mb``; the setting itself is checked on the decoded
file, and the whole body by :class:`rapport.web.analysis_runner.TranscriptSizeLimit`."""
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
    values = {
        "client": client,
        "me": settings.speaker_name,
        "on": now().date().isoformat(),
        "save": "on",
    }
    return _form_page(request, container, values, {})


def _analysis_page(
    request: Request,
    container: ContainerDep,
    result: dict[str, Any],
    *,
    client: Client | None,
    saved: dict[str, Any] | None = None,
    choose: dict[str, Any] | None = None,
) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    names = {k: _(v) for k, v in UTTERANCE_LABELS.items()}
    by_time = result["basis"] == "time"
    metrics = result["metrics"]
    side_names = {k: _(v) for k, v in SIDES.items()}
    shown = [{**u, "speaker": speaker_name(lang, u["speaker"])} for u in result["utterances"]]
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
            "choose": choose,
            "label_names": UTTERANCE_LABELS,
            "side_names": SIDES,
            "timeline": charts.speaking_timeline(
                shown,
                metrics["drifts"],
                names,
                x_title=_("Seconds from the start") if by_time else _("Utterances in order"),
                by_time=by_time,
            ),
            "talk_chart": charts.share_bars(
                {speaker_name(lang, k): v for k, v in metrics["talk_share"].items()}
            ),
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
    raw = await request.form(max_part_size=KEPT_MAX_CHARS)
    upload = raw.get("file")
    kept = raw.get("transcript")
    skip = ("file", "transcript", "progress_token")
    form = FormReader({k: v for k, v in raw.items() if k not in skip}, lang)
    token = raw.get("progress_token")
    client_id = form.values.get("client", "")
    if client_id and client_id not in {c for c, _n in _clients(container)}:
        form.fail("client", _("Choose one of the options."))
    keep_me = form.flag("keep_me")  # "I am not in this transcript": go on with the name given
    me = form.text("kept_me" if keep_me else "me", max_length=200) or None
    video = form.flag("video")
    save = form.flag("save") and bool(client_id)
    on_text = form.text("on")
    on: date | None = None
    if on_text:
        try:
            on = date.fromisoformat(on_text)
        except ValueError:
            form.fail("on", _("Enter a date such as 2026-11-30, or a date and time."))
    limit_mb = container.settings.transcript_max_mb
    data = b""
    name = "transcript"
    given = False
    if isinstance(upload, UploadFile) and upload.filename:
        name, given = upload.filename, True
        data = await upload.read(max_bytes(limit_mb) + 1)
    elif isinstance(kept, str) and kept:  # the same file again, after choosing who I am
        name = form.text("filename", max_length=255) or name
        with contextlib.suppress(ValueError):  # not base64: as if no file was chosen
            data, given = base64.b64decode(kept, validate=True), True
    if not given:
        form.fail("file", _("Choose a transcript file."))
    elif len(data) > max_bytes(limit_mb):
        form.fail("file", _("The file is larger than {size} MB.").format(size=f"{limit_mb:g}"))
    elif not data.strip():
        form.fail("file", _("The file is empty."))
    if not form.ok:
        return _form_page(request, container, form.values, form.errors, status_code=422)
    service = container.conversation

    def work(budget: Budget) -> Analysis:
        return service.analyse(
            data,
            name,
            client=int(client_id) if client_id else None,
            me=me,
            video=video,
            on=on,
            budget=budget,
        )

    try:
        analysis = await analyse_off_loop(
            request, container.settings, work, token=token if isinstance(token, str) else ""
        )
    except AnalysisStoppedError:
        message = _("The analysis took longer than {seconds} s and was stopped; nothing was saved.")
        form.fail("file", message.format(seconds=f"{container.settings.analysis_time_limit_s:g}"))
        return _form_page(request, container, form.values, form.errors, status_code=422)
    except InvalidInputError as exc:
        message = _("Rapport could not read this transcript: {reason}")
        form.fail("file", message.format(reason=exc.message))
        return _form_page(request, container, form.values, form.errors, status_code=422)
    from rapport.services.analysis import to_json

    client = container.workspace.get(Client, int(client_id)) if client_id else None
    if analysis.speakers and ME not in analysis.roles.values() and not keep_me:
        choose = {
            "transcript": base64.b64encode(data).decode("ascii"),
            "filename": name,
            "values": {k: form.values.get(k, "") for k in ("client", "on", "video", "save")},
            "save": save,
        }
        return _analysis_page(
            request, container, plain(to_json(analysis)), client=client, choose=choose
        )
    if save and client is not None:
        try:
            saved = await run_in_threadpool(service.save, analysis, data, name, client.id or 0)
        except ConflictError:
            form.fail("file", _("This transcript is already stored for this client."))
            return _form_page(request, container, form.values, form.errors, status_code=422)
        return RedirectResponse(f"/transcripts/{saved.analysis_id}", status_code=303)
    return _analysis_page(request, container, plain(to_json(analysis)), client=client)


@router.get("/transcripts/progress")
def upload_progress(request: Request, token: str = "") -> Response:
    """How far the upload sent with this progress token got (the page's script polls it
    while the form is being sent): ``{"progress": 0.4}``, or null when not known (yet)."""
    return JSONResponse({"progress": progress_of(request, token)})


@router.get("/transcripts/{analysis_id}")
def stored(request: Request, container: ContainerDep, analysis_id: int) -> Response:
    stored = container.conversation.get(analysis_id)
    client = container.workspace.get(Client, stored.client_id)
    from rapport.services.analysis import labeller_version

    relabelled = request.query_params.get("relabelled", "")
    saved = {
        "id": analysis_id,
        "corrections": {c.utterance: c for c in stored.corrections},
        "relabelled": int(relabelled) if relabelled.isdigit() else None,
        "reanalysed": request.query_params.get("reanalysed") == "1",
        "labeller": stored.result.get("labeller"),
        "current": labeller_version(),
    }
    return _analysis_page(request, container, stored.result, client=client, saved=saved)


@router.post("/transcripts/{analysis_id}/labels")
async def relabel(request: Request, container: ContainerDep, analysis_id: int) -> Response:
    """Correct one utterance's label (``reset``: back to the labeller's), then show the
    meeting measured again, at that utterance."""
    form = FormReader(await request.form(), current_language(request))
    number = form.integer("utterance", minimum=1)
    label = form.choice("label", [*LABELS, RESET])
    if number is None or not form.ok:
        raise InvalidInputError("a label correction needs an utterance number and a label")
    container.corrections.relabel(analysis_id, {number: None if label == RESET else label})
    url = f"/transcripts/{analysis_id}?relabelled={number}#utterance-{number}"
    return RedirectResponse(url, status_code=303)


@router.post("/transcripts/{analysis_id}/reanalyse")
async def reanalyse(request: Request, container: ContainerDep, analysis_id: int) -> Response:
    """Label the stored meeting again with the current labeller (corrections kept), then
    show it measured again."""
    await run_in_threadpool(container.reanalysis.reanalyse, analysis_id)
    return RedirectResponse(f"/transcripts/{analysis_id}?reanalysed=1", status_code=303)


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
