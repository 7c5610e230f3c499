"""/api/agenda, /api/triage and /api/meetings/log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from rapport.domain.agenda import Topic
from rapport.domain.model import Commitment, Interaction, InteractionKind
from rapport.errors import InvalidInputError
from rapport.jsonable import plain
from rapport.services.agendas import AgendaLine, AgendaService, AgendaSheet, AgendaView
from rapport.services.meetings import MeetingLog, MeetingService
from rapport.services.triage import (
    TriageDecision,
    TriageOutcome,
    TriageRequestIn,
    TriageService,
)
from rapport.web.api.bounds import Minutes, SlotMinutes
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["meetings"])


def _agendas(c: ContainerDep) -> AgendaService:
    return c.agendas


def _triage(c: ContainerDep) -> TriageService:
    return c.triage


def _meetings(c: ContainerDep) -> MeetingService:
    return c.meetings


AgendasDep = Annotated[AgendaService, Depends(_agendas)]
TriageDep = Annotated[TriageService, Depends(_triage)]
MeetingsDep = Annotated[MeetingService, Depends(_meetings)]


class AgendaItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    minutes: SlotMinutes


class AgendaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client: str = Field(min_length=1)
    items: list[AgendaItemIn] = Field(min_length=1)
    video: bool = False
    slot_min: SlotMinutes | None = None
    start: str | None = None
    language: str | None = None


class AgendaEmailJson(BaseModel):
    """The agenda as a message to the client."""

    model_config = ConfigDict(extra="forbid")

    subject: str
    body: str
    to: str | None


AgendaItemJson: type[BaseModel] = create_model(
    "AgendaItemJson",
    __base__=model_of(AgendaLine),
    __doc__="One item of an agenda: its time box, kind and the checkpoints in it.",
)
"""An agenda item (named apart from the digest's ``AgendaLine`` in the schema)."""

_sheet: dict[str, Any] = {
    name: (info.annotation, info) for name, info in model_of(AgendaSheet).model_fields.items()
}
_sheet["items"] = (list[AgendaItemJson], ...)

AgendaJson: type[BaseModel] = create_model(
    "AgendaJson",
    __config__=ConfigDict(extra="forbid"),
    __doc__="An agenda (its sheet), its Markdown and the message to the client.",
    **_sheet,
    markdown=(str, ...),
    email=(AgendaEmailJson, ...),
)
"""POST /api/agenda: the agenda sheet, ``markdown`` and ``email``."""


class MeetingLogged(BaseModel):
    """A logged meeting: its interaction, the promises made in it, and whether the
    boundary was reset."""

    model_config = ConfigDict(extra="forbid")

    interaction: Interaction
    commitments: list[Commitment]
    boundary_reset: bool


def _agenda(body: AgendaCreate, agendas: AgendaService) -> AgendaView:
    return agendas.build(
        body.client,
        [Topic(i.title, i.minutes) for i in body.items],
        video=body.video,
        slot_min=body.slot_min,
        start=body.start,
        language=body.language,
    )


@router.post("/agenda", response_model=None, responses={200: {"model": AgendaJson}})
def create_agenda(body: AgendaCreate, agendas: AgendasDep) -> dict[str, Any]:
    """An agenda with time boxes, the opening line, Markdown and email text."""
    view = _agenda(body, agendas)
    email = agendas.email(view)
    return {
        **plain(view.as_json()),
        "markdown": agendas.markdown(view),
        "email": {"subject": email.subject, "body": email.body, "to": email.to},
    }


@router.post(
    "/agenda/ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}},
)
def create_agenda_ics(body: AgendaCreate, agendas: AgendasDep) -> Response:
    """The agenda as an iCalendar event (needs ``start``)."""
    return Response(content=agendas.ics(_agenda(body, agendas)), media_type="text/calendar")


@router.post("/triage", status_code=201, response_model=model_of(TriageOutcome))
def create_triage(body: TriageRequestIn, triage: TriageDep) -> dict[str, Any]:
    """Triage a meeting request; the decision is stored (see GET /api/triage)."""
    result: dict[str, Any] = plain(triage.decide(body))
    return result


@router.get("/triage", response_model=list[model_of(TriageDecision)])  # type: ignore[misc]
def list_triage(
    triage: TriageDep,
    client: Annotated[str | None, Query(description="Only this client.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Stored triage decisions, newest first, with their reasons."""
    result: list[dict[str, Any]] = plain(triage.history(client, limit))
    return result


class PromiseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    due: str = Field(min_length=1, description="Date (or datetime) it is due.")


class MeetingLogCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client: str = Field(min_length=1)
    start: str = Field(min_length=1)
    duration_min: int = Field(ge=1, le=24 * 60)
    kind: InteractionKind = InteractionKind.VIDEO
    business_min: Minutes | None = None
    personal_min: Minutes | None = None
    promises: list[PromiseIn] = Field(default_factory=list)
    decisions: list[str] = Field(default_factory=list)
    drain: int | None = Field(default=None, ge=1, le=5)
    summary: str = ""
    boundary_reset: bool = False


@router.post(
    "/meetings/log",
    status_code=201,
    response_model=None,
    responses={201: {"model": MeetingLogged}},
)
def log_meeting(body: MeetingLogCreate, meetings: MeetingsDep) -> dict[str, Any]:
    """Record a meeting and the promises made in it, in one transaction."""
    from rapport.jsonable import dump

    for promise in body.promises:
        if "@" in promise.due:
            raise InvalidInputError(f"promise {promise.text!r}: not a date: {promise.due!r}")
    logged = meetings.log(
        MeetingLog(
            client=body.client,
            start=body.start,
            duration_min=body.duration_min,
            kind=body.kind,
            business_min=body.business_min,
            personal_min=body.personal_min,
            promises=[f"{p.text}@{p.due}" for p in body.promises],
            decisions=body.decisions,
            drain=body.drain,
            summary=body.summary,
            boundary_reset=body.boundary_reset,
        )
    )
    return {
        "interaction": dump(logged.interaction),
        "commitments": dump(logged.commitments),
        "boundary_reset": logged.boundary_reset,
    }
