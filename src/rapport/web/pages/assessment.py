"""The trust self-assessment: take it in your language, see the result with a chart and the
practices to work on, and the history of takes."""

from __future__ import annotations

import zoneinfo
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.domain.trust import readable_score
from rapport.errors import InvalidInputError, NotFoundError
from rapport.services.assessment import take_json
from rapport.texts import N_
from rapport.web.deps import ContainerDep
from rapport.web.pages import charts, labels
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)

SCALE = [
    ("1", N_("Strongly disagree")),
    ("2", N_("Disagree")),
    ("3", N_("Neither")),
    ("4", N_("Agree")),
    ("5", N_("Strongly agree")),
]


def _questionnaire(
    request: Request,
    container: ContainerDep,
    answers: dict[str, str],
    missing: set[str],
    status_code: int = 200,
) -> Response:
    lang = current_language(request)
    history = container.assessment.history()
    return render(
        request,
        "assessment/take.html",
        {
            "section": "assessment",
            "items": [{"id": i.id, "text": i.text[lang]} for i in container.assessment.items()],
            "scale": SCALE,
            "answers": answers,
            "missing": missing,
            "history": [take_json(t, lang) for t in reversed(history)],
        },
        status_code=status_code,
    )


@router.get("/assessment")
def questionnaire(request: Request, container: ContainerDep) -> Response:
    return _questionnaire(request, container, {}, set())


@router.post("/assessment")
async def take(request: Request, container: ContainerDep) -> Response:
    lang = current_language(request)
    form = await request.form()
    ids = [i.id for i in container.assessment.items()]
    answers = {k: str(form.get(k, "")) for k in ids if form.get(k)}
    missing = {k for k in ids if answers.get(k) not in {"1", "2", "3", "4", "5"}}
    if missing:
        return _questionnaire(request, container, answers, missing, status_code=422)
    try:
        taken = container.assessment.take({k: int(v) for k, v in answers.items()}, lang)
    except InvalidInputError:
        return _questionnaire(request, container, answers, set(ids), status_code=422)
    return RedirectResponse(f"/assessment/{taken.id}", status_code=303)


@router.get("/assessment/{take_id}")
def result(request: Request, container: ContainerDep, take_id: int) -> Response:
    lang = current_language(request)
    _ = ui_text(lang)
    history = container.assessment.history()
    found = next((t for t in history if t.id == take_id), None)
    if found is None:
        raise NotFoundError(f"no assessment with id {take_id}")
    data = take_json(found, lang)
    components: dict[str, Any] = {k: {"score": v} for k, v in data.components.items()}
    takes = [take_json(t, lang) for t in history]
    return render(
        request,
        "assessment/result.html",
        {
            "section": "assessment",
            "take": data,
            "labels": labels,
            "order": labels.TRUST_ORDER,
            "chart": charts.trust_bars(components, _),
            "trend": charts.take_history(
                [t.taken_at for t in history],
                [readable_score(t.score.trust) for t in history],
                zoneinfo.ZoneInfo(container.settings.timezone),
                y_title=_("Trust score, 0 to 10"),
            )
            if len(history) >= 2
            else None,
            "history": list(reversed(takes)),
        },
    )
