"""/api/transcripts: upload a meeting transcript for analysis; read stored analyses."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from rapport.domain.validation import ID_MAX
from rapport.errors import InvalidInputError
from rapport.jsonable import plain
from rapport.services.analysis_results import AnalysisJson, UtteranceJson
from rapport.services.conversation import CorrectionInfo, Saved, StoredAnalysis
from rapport.services.corrections import UtteranceView
from rapport.services.reanalysis import ReanalysedJson
from rapport.texts import N_
from rapport.web.analysis_runner import analyse_off_loop
from rapport.web.api.bounds import FormDay, FormId, PathId, QueryId, RequiredQueryId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(prefix="/transcripts", tags=["transcripts"])

StoredUtterance: type[BaseModel] = create_model(
    "StoredUtterance",
    __base__=model_of(UtteranceJson),
    __doc__="One utterance of a stored analysis, with its label.",
    learned=(
        bool,
        Field(default=False, description="Absent in analyses stored before it was kept."),
    ),
)
"""An utterance as stored: ``learned`` is absent in analyses stored before it was kept."""

_analysis_fields: dict[str, Any] = {
    name: (info.annotation, info) for name, info in model_of(AnalysisJson).model_fields.items()
}
_analysis_fields["labeller"] = (
    str | None,
    Field(default=None, description="Absent in analyses stored before labellers had versions."),
)
_analysis_fields["utterances"] = (list[StoredUtterance], ...)
_corrections: Any = list[model_of(CorrectionInfo)]  # type: ignore[misc]

StoredAnalysisJson: type[BaseModel] = create_model(
    "StoredAnalysisJson",
    __config__=ConfigDict(extra="forbid"),
    __doc__="A stored analysis: its ids, the analysis's own keys as stored, the corrections.",
    id=(int, ...),
    client_id=(int, ...),
    interaction_id=(int, ...),
    source_name=(str, ...),
    **_analysis_fields,
    corrections=(_corrections, ...),
)
"""GET /api/transcripts/{id} (:func:`stored_analysis_json`)."""

SavedAnalysisJson: type[BaseModel] = create_model(
    "SavedAnalysisJson",
    __base__=model_of(AnalysisJson),
    __doc__="An uploaded transcript's analysis and what saving it made.",
    saved=(model_of(Saved), ...),
)
"""POST /api/transcripts with ``save`` (201)."""

ReanalysedStoredJson: type[BaseModel] = create_model(
    "ReanalysedStoredJson",
    __base__=StoredAnalysisJson,
    __doc__="A stored analysis labelled again, with what changed (``reanalysed``).",
    reanalysed=(model_of(ReanalysedJson), ...),
)
"""POST /api/transcripts/{id}/reanalyse."""


class ReanalysedAll(BaseModel):
    """Every meeting labelled again, with the current labeller's version."""

    model_config = ConfigDict(extra="forbid")

    labeller: str
    meetings: list[model_of(ReanalysedJson)]  # type: ignore[valid-type]


CorrectedUtterance: type[BaseModel] = create_model(
    "CorrectedUtterance",
    __base__=model_of(UtteranceView),
    __doc__="One utterance of a stored meeting, and whether you corrected its label.",
    corrected=(bool, ...),
)
"""GET /api/transcripts/{id}/utterances, one per utterance."""

STORED = {"model": StoredAnalysisJson}


class MeetingShare(BaseModel):
    """One analysed meeting of a client: its shares (rounded to 3 places) and drifts."""

    model_config = ConfigDict(extra="forbid")

    analysis_id: int
    interaction_id: int
    started_at: str = Field(description="ISO 8601 with the UTC offset.")
    personal_share: float
    my_talk_share: float
    drifts: int


def stored_analysis_json(stored: StoredAnalysis) -> dict[str, Any]:
    """A stored analysis as the API and `rapport transcripts show --json` show it: its ids,
    the analysis's own keys as stored, then the corrections."""
    return {
        "id": stored.id,
        "client_id": stored.client_id,
        "interaction_id": stored.interaction_id,
        "source_name": stored.source_name,
        **stored.result,
        "corrections": plain(stored.corrections),
    }


def saved_json(saved: Saved) -> dict[str, Any]:
    """What an analysis saved with the upload became (``saved`` in its JSON)."""
    return {
        "analysis_id": saved.analysis_id,
        "interaction_id": saved.interaction_id,
        "commitment_ids": list(saved.commitment_ids),
        "undated_promises": saved.undated_promises,
    }


@router.post(
    "",
    response_model=None,
    responses={
        200: {"model": model_of(AnalysisJson), "description": "The analysis (not saved)."},
        201: {"model": SavedAnalysisJson, "description": "Analysed and saved."},
    },
)
async def upload(
    request: Request,
    container: ContainerDep,
    file: Annotated[UploadFile, File(description="Transcript: WebVTT, SRT, text or JSON.")],
    client_id: FormId = None,
    me: Annotated[str | None, Form(max_length=200)] = None,
    video: Annotated[bool, Form()] = False,
    on: Annotated[FormDay, Form(description="Meeting date (default: today).")] = None,
    save: Annotated[bool, Form(description="Store with a new interaction.")] = False,
    accept_promises: Annotated[bool, Form(description="Add dated promises.")] = False,
) -> JSONResponse:
    """Analyse an uploaded transcript; with ``save`` store it with a new interaction of
    ``client_id`` (201), otherwise just answer the analysis (200). Larger than the
    ``transcript_max_mb`` setting: 413; longer than ``analysis_time_limit_s``: 422, and
    nothing is saved (docs/settings.md)."""
    from rapport.services.analysis import to_json
    from rapport.services.analysis_budget import Budget, check_size, max_bytes

    limit_mb = container.settings.transcript_max_mb
    data = await file.read(max_bytes(limit_mb) + 1)
    check_size(len(data), limit_mb)
    if (save or accept_promises) and client_id is None:
        raise InvalidInputError("save and accept_promises need client_id")
    name = file.filename or "transcript"

    def work(budget: Budget) -> JSONResponse:
        analysis = container.conversation.analyse(
            data, name, client=client_id, me=me, video=video, on=on, budget=budget
        )
        result = plain(to_json(analysis))
        if (save or accept_promises) and client_id is not None:
            budget.step(1.0)  # past the time limit (or cancelled): nothing is saved
            saved = container.conversation.save(
                analysis, data, name, client_id, accept_promises=accept_promises
            )
            result["saved"] = saved_json(saved)
            return JSONResponse(result, status_code=status.HTTP_201_CREATED)
        return JSONResponse(result)  # encoded here, on the analysis thread, not on the loop

    return await analyse_off_loop(request, container.settings, work)


@router.get("", response_model=None, responses={200: {"model": list[MeetingShare]}})
def trend(
    container: ContainerDep, client_id: Annotated[RequiredQueryId, Query(description="The client.")]
) -> list[dict[str, Any]]:
    """The client's analysed meetings, oldest first (personal share over time)."""
    return [
        {
            "analysis_id": p.analysis_id,
            "interaction_id": p.interaction_id,
            "started_at": p.started_at.isoformat(),
            "personal_share": round(p.personal_share, 3),
            "my_talk_share": round(p.my_talk_share, 3),
            "drifts": p.drifts,
        }
        for p in container.conversation.trend(client_id)
    ]


@router.post("/reanalyse", response_model=None, responses={200: {"model": ReanalysedAll}})
def reanalyse_all(
    container: ContainerDep,
    client_id: Annotated[QueryId, Query(description="Only this client's meetings.")] = None,
    force: Annotated[bool, Query(description="Also those the current labeller labelled.")] = False,
) -> dict[str, Any]:
    """Label every stored meeting you may change again with the current labeller (those it
    already labelled are skipped unless ``force``); your corrections stay."""
    from rapport.services.analysis import labeller_version

    done = container.reanalysis.reanalyse_all(client_id, force=force)
    return {"labeller": labeller_version(), "meetings": [plain(x.to_json()) for x in done]}


@router.post(
    "/{analysis_id}/reanalyse",
    response_model=None,
    responses={200: {"model": ReanalysedStoredJson}},
)
def reanalyse(container: ContainerDep, analysis_id: PathId) -> dict[str, Any]:
    """Label one stored meeting again with the current labeller, your corrections kept;
    answers the stored analysis, measured again, with ``reanalysed`` (before and after)."""
    done = container.reanalysis.reanalyse(analysis_id)
    return {
        **stored_analysis_json(container.conversation.get(analysis_id)),
        "reanalysed": plain(done.to_json()),
    }


@router.get("/{analysis_id}", response_model=None, responses={200: STORED})
def get(container: ContainerDep, analysis_id: PathId) -> dict[str, Any]:
    """A stored analysis, utterances included."""
    return stored_analysis_json(container.conversation.get(analysis_id))


class LabelChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    utterance: int = Field(
        ge=1, le=ID_MAX, description="The utterance's number in the meeting, from 1."
    )
    label: Literal["business", "personal", "other"] | None = Field(
        description="The right label; null puts back the labeller's own."
    )


class Relabel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    labels: list[LabelChange] = Field(min_length=1)


@router.get(
    "/{analysis_id}/utterances",
    response_model=None,
    responses={200: {"model": list[CorrectedUtterance]}},
)
def utterances(container: ContainerDep, analysis_id: PathId) -> list[dict[str, Any]]:
    """The meeting's utterances, numbered from 1, with their labels as corrected;
    ``model_label`` and ``model_confidence`` (the labeller's) are set where you corrected."""
    return [
        {**asdict(u), "corrected": u.corrected}
        for u in container.corrections.utterances(analysis_id)
    ]


@router.patch("/{analysis_id}/utterances", response_model=None, responses={200: STORED})
def relabel(container: ContainerDep, analysis_id: PathId, body: Relabel) -> dict[str, Any]:
    """Correct utterance labels (all or none); answers the stored analysis, measured again
    with the corrected labels."""
    changes: dict[int, str | None] = {}
    for change in body.labels:
        if change.utterance in changes:
            raise InvalidInputError(
                N_("utterance {number} is given twice"), number=change.utterance
            )
        changes[change.utterance] = change.label
    container.corrections.relabel(analysis_id, changes)
    return stored_analysis_json(container.conversation.get(analysis_id))
