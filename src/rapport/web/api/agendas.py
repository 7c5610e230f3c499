"""/api/agendas: agendas saved for a planned meeting."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from rapport.domain.agenda import Topic
from rapport.web.api.bounds import PathId, QueryDay, SlotMinutes
from rapport.web.api.meetings import AgendaItemIn, AgendasDep

router = APIRouter(tags=["meetings"])


class AgendaSave(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client: str = Field(min_length=1)
    items: list[AgendaItemIn] = Field(min_length=1)
    start: str = Field(min_length=1, description="When the meeting begins (ISO).")
    format: Literal["video", "call", "in_person"] = "in_person"
    slot_min: SlotMinutes | None = None
    language: str | None = None


@router.post("/agendas", status_code=201)
def save_agenda(body: AgendaSave, agendas: AgendasDep) -> dict[str, Any]:
    """Build the agenda and store it for the meeting at ``start``."""
    topics = [Topic(i.title, i.minutes) for i in body.items]
    view = agendas.build(
        body.client,
        topics,
        video=body.format == "video",
        slot_min=body.slot_min,
        start=body.start,
        language=body.language,
    )
    return agendas.save(view, topics, body.format).as_json()


@router.get("/agendas")
def list_agendas(
    agendas: AgendasDep,
    day: Annotated[QueryDay, Query(description="YYYY-MM-DD in your time zone.")] = None,
) -> list[dict[str, Any]]:
    return [a.as_json() for a in agendas.saved(day)]


@router.get("/agendas/{agenda_id}")
def get_agenda(agenda_id: PathId, agendas: AgendasDep) -> dict[str, Any]:
    return agendas.get_saved(agenda_id).as_json()


@router.delete("/agendas/{agenda_id}", status_code=204)
def delete_agenda(agenda_id: PathId, agendas: AgendasDep) -> Response:
    agendas.delete_saved(agenda_id)
    return Response(status_code=204)
