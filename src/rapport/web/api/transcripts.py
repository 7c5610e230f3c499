"""/api/transcripts: upload a meeting transcript for analysis; read stored analyses."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from pydantic import BaseModel, ConfigDict, Field

from rapport.domain.validation import ID_MAX
from rapport.errors import N_, InvalidInputError
from rapport.web.api.bounds import FormDay, FormId, PathId, RequiredQueryId
from rapport.web.deps import ContainerDep

router = APIRouter(prefix="/transcripts", tags=["transcripts"])

MAX_BYTES = 20 * 1024 * 1024
"""Largest transcript file accepted (20 MiB; a day of meetings is well under 1 MiB)."""


@router.post("", response_model=None)
async def upload(
    container: ContainerDep,
    response: Response,
    file: Annotated[UploadFile, File(description="Transcript: WebVTT, SRT, text or JSON.")],
    client_id: FormId = None,
    me: Annotated[str | None, Form(max_length=200)] = None,
    video: Annotated[bool, Form()] = False,
    on: Annotated[FormDay, Form(description="Meeting date (default: today).")] = None,
    save: Annotated[bool, Form(description="Store with a new interaction.")] = False,
    accept_promises: Annotated[bool, Form(description="Add dated promises.")] = False,
) -> dict[str, Any]:
    """Analyse an uploaded transcript; with ``save`` store it with a new interaction of
    ``client_id`` (201), otherwise just answer the analysis (200)."""
    from rapport.services.analysis import to_json

    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidInputError(f"transcript larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if (save or accept_promises) and client_id is None:
        raise InvalidInputError("save and accept_promises need client_id")
    from rapport.services.conversation import analyse_with_settings

    name = file.filename or "transcript"
    if client_id is None:
        analysis = analyse_with_settings(container.settings, data, name, me=me, video=video, on=on)
    else:
        analysis = container.conversation.analyse(
            data, name, client=client_id, me=me, video=video, on=on
        )
    result = to_json(analysis)
    if (save or accept_promises) and client_id is not None:
        saved = container.conversation.save(
            analysis, data, name, client_id, accept_promises=accept_promises
        )
        result["saved"] = {
            "analysis_id": saved.analysis_id,
            "interaction_id": saved.interaction_id,
            "commitment_ids": list(saved.commitment_ids),
            "undated_promises": saved.undated_promises,
        }
        response.status_code = status.HTTP_201_CREATED
    return result


@router.get("")
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


@router.get("/{analysis_id}")
def get(container: ContainerDep, analysis_id: PathId) -> dict[str, Any]:
    """A stored analysis, utterances included."""
    return container.conversation.get(analysis_id)


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


@router.get("/{analysis_id}/utterances")
def utterances(container: ContainerDep, analysis_id: PathId) -> list[dict[str, Any]]:
    """The meeting's utterances, numbered from 1, with their labels as corrected;
    ``model_label`` and ``model_confidence`` (the labeller's) are set where you corrected."""
    return [
        {**asdict(u), "corrected": u.corrected}
        for u in container.corrections.utterances(analysis_id)
    ]


@router.patch("/{analysis_id}/utterances")
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
    return container.conversation.get(analysis_id)
