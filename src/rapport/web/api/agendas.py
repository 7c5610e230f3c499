"""/api/agendas: agendas saved for a planned meeting."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from rapport.domain.agenda import Topic
from rapport.services.agendas import SavedAgenda
from rapport.services.sync_reports import AgendaWriteJson
from rapport.web.api.bounds import PathId, QueryDay, SlotMinutes
from rapport.web.api.meetings import AgendaItemIn, AgendaItemJson, AgendasDep

router = APIRouter(tags=["meetings"])


class TopicJson(BaseModel):
    """One topic asked for: its title and minutes."""

    model_config = ConfigDict(extra="forbid")

    title: str
    minutes: int


class SavedAgendaJson(BaseModel):
    """A saved agenda (:func:`saved_agenda_json`); ``calendar`` only when it was written
    into its meeting's calendar event, or that failed."""

    model_config = ConfigDict(extra="forbid")

    id: int
    client_id: int
    client: str
    start: str = Field(description="ISO 8601 with the UTC offset.")
    format: str
    slot_min: int | None
    topics: list[TopicJson]
    items: list[AgendaItemJson]
    total_min: int
    opening_line: str
    language: str
    created_at: str = Field(description="ISO 8601 with the UTC offset.")
    interaction_id: int | None
    calendar: AgendaWriteJson | None = None


SAVED = {"model": SavedAgendaJson}
"""The documented answer of a route that returns one saved agenda (the JSON is built by
:func:`saved_agenda_json`, not re-serialized through the model, so its bytes stay)."""


def saved_agenda_json(agenda: SavedAgenda) -> dict[str, Any]:
    """A saved agenda as the API and `rapport agenda list --json` show it (``calendar``
    only when it was written into its meeting's calendar event, or that failed)."""
    data: dict[str, Any] = {
        "id": agenda.id,
        "client_id": agenda.client_id,
        "client": agenda.client,
        "start": agenda.start.isoformat(),
        "format": agenda.format,
        "slot_min": agenda.slot_min,
        "topics": agenda.topics,
        "items": agenda.items,
        "total_min": agenda.total_min,
        "opening_line": agenda.opening_line,
        "language": agenda.language,
        "created_at": agenda.created_at.isoformat(),
        "interaction_id": agenda.interaction_id,
    }
    if agenda.calendar is not None:
        data["calendar"] = agenda.calendar
    return data


class AgendaSave(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client: str = Field(min_length=1)
    items: list[AgendaItemIn] = Field(min_length=1)
    start: str = Field(min_length=1, description="When the meeting begins (ISO).")
    format: Literal["video", "call", "in_person"] = "in_person"
    slot_min: SlotMinutes | None = None
    language: str | None = None


@router.post("/agendas", status_code=201, response_model=None, responses={201: SAVED})
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
    return saved_agenda_json(agendas.save(view, topics, body.format))


@router.get("/agendas", response_model=None, responses={200: {"model": list[SavedAgendaJson]}})
def list_agendas(
    agendas: AgendasDep,
    day: Annotated[QueryDay, Query(description="YYYY-MM-DD in your time zone.")] = None,
) -> list[dict[str, Any]]:
    return [saved_agenda_json(a) for a in agendas.saved(day)]


@router.get("/agendas/{agenda_id}", response_model=None, responses={200: SAVED})
def get_agenda(agenda_id: PathId, agendas: AgendasDep) -> dict[str, Any]:
    return saved_agenda_json(agendas.get_saved(agenda_id))


@router.delete("/agendas/{agenda_id}", status_code=204)
def delete_agenda(agenda_id: PathId, agendas: AgendasDep) -> Response:
    agendas.delete_saved(agenda_id)
    return Response(status_code=204)
