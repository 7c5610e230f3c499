"""/api/contacts, /api/interactions, /api/commitments, /api/revenue, /api/projects,
/api/notes: the workspace entities that hang off a client."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from rapport.clock import now
from rapport.domain.model import (
    CHECKLIST_STEPS,
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Contact,
    Interaction,
    InteractionKind,
    Note,
    Project,
    ProjectStatus,
    RevenueEntry,
    RevenueKind,
)
from rapport.web.api.bounds import Amount, Day, Id, Minutes, Moment, PathId
from rapport.web.api.crud import crud_router, in_client_zone, partial_model
from rapport.web.deps import WorkspaceDep

Name = Field(min_length=1, max_length=200)
Rating = Field(default=None, ge=1, le=5)


class _Create(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: Id


class ContactCreate(_Create):
    name: str = Name
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=64)
    title: str | None = Field(default=None, max_length=200)
    notes: str = ""
    external_id: str | None = None
    address_form: str | None = Field(
        default=None,
        max_length=32,
        description="How drafts address them (docs/drafts.md): en/nb first_name, formal; "
        "ja sama, san; vi anh, chi, em, ong, ba, quy_khach; zh-Hans jingli, zong, nvshi, "
        "xiansheng, laoshi, name. Null: derived from the name.",
    )
    address_name: str | None = Field(
        default=None, max_length=200, description="The name used with it; null: derived."
    )


class InteractionCreate(_Create):
    kind: InteractionKind
    started_at: Moment
    duration_min: Minutes = 0
    business_min: Minutes | None = None
    personal_min: Minutes | None = None
    summary: str = ""
    drain: int | None = Rating
    source: str = Field(default="api", max_length=32)
    external_id: str | None = None
    feedback_asked: bool = False
    point_of_view_shared: bool = False
    client_rating: int | None = Rating
    decisions: str = ""


class CommitmentCreate(_Create):
    text: str = Field(min_length=1)
    due_at: Moment
    made_at: Moment | None = Field(default=None, description="Default: now.")
    to_whom: str | None = Field(default=None, max_length=200)
    size: CommitmentSize = CommitmentSize.SMALL
    status: CommitmentStatus = CommitmentStatus.OPEN
    done_at: Moment | None = None
    announced_at: Moment | None = None
    original_due_at: Moment | None = None
    rework: bool | None = None
    source: str = Field(default="api", max_length=32)
    external_id: str | None = None


class RevenueCreate(_Create):
    on: Day
    amount: Amount
    currency: str = Field(default="EUR", pattern=r"^[A-Za-z]{3}$")
    kind: RevenueKind = RevenueKind.PROJECT
    project_id: Id | None = None
    note: str = ""
    external_id: str | None = None


class ProjectChecklist(BaseModel):
    """The engagement checklist; each step done (true) or not (false)."""

    model_config = ConfigDict(extra="forbid")

    scope_written: bool = False
    estimate_given: bool = False
    agreement_signed: bool = False
    schedule_set: bool = False
    payment_terms_set: bool = False
    signed_off: bool = False


class ProjectCreate(_Create, ProjectChecklist):
    name: str = Name
    status: ProjectStatus = ProjectStatus.ACTIVE
    started_on: Day | None = None


class NoteCreate(_Create):
    text: str = Field(min_length=1)
    created_at: Moment | None = Field(default=None, description="Default: now.")


ContactUpdate = partial_model(ContactCreate, "ContactUpdate")
InteractionUpdate = partial_model(InteractionCreate, "InteractionUpdate")
CommitmentUpdate = partial_model(CommitmentCreate, "CommitmentUpdate")
RevenueUpdate = partial_model(RevenueCreate, "RevenueUpdate")
ProjectUpdate = partial_model(ProjectCreate, "ProjectUpdate")
NoteUpdate = partial_model(NoteCreate, "NoteUpdate")
ChecklistUpdate = partial_model(ProjectChecklist, "ChecklistUpdate")


def _made_now(values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "made_at": values["made_at"] or now()}


router = APIRouter()
contacts = crud_router(
    Contact, path="/contacts", label="contact", create=ContactCreate, update=ContactUpdate
)
interactions = crud_router(
    Interaction,
    path="/interactions",
    label="interaction",
    create=InteractionCreate,
    update=InteractionUpdate,
)
commitments = crud_router(
    Commitment,
    path="/commitments",
    label="commitment",
    create=CommitmentCreate,
    update=CommitmentUpdate,
    defaults=_made_now,
)
revenue = crud_router(
    RevenueEntry, path="/revenue", label="revenue entry", create=RevenueCreate, update=RevenueUpdate
)
projects = crud_router(
    Project, path="/projects", label="project", create=ProjectCreate, update=ProjectUpdate
)
notes = crud_router(Note, path="/notes", label="note", create=NoteCreate, update=NoteUpdate)


class CommitmentDone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: Moment | None = Field(default=None, description="When it was delivered; default now.")


class CommitmentMissed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    announced_at: Moment | None = Field(
        default=None, description="When the client was told it would slip; omit if never."
    )


@commitments.post("/{item_id}/done", response_model=Commitment, summary="Mark a promise kept")
def commitment_done(item_id: PathId, ws: WorkspaceDep, body: CommitmentDone | None = None) -> Any:
    values = _localised(ws, item_id, {"at": body.at if body else None})
    ws.commitment_done(item_id, values["at"])
    return ws.get(Commitment, item_id)


@commitments.post("/{item_id}/miss", response_model=Commitment, summary="Mark a promise missed")
def commitment_missed(
    item_id: PathId, ws: WorkspaceDep, body: CommitmentMissed | None = None
) -> Any:
    values = _localised(ws, item_id, {"at": body.announced_at if body else None})
    ws.commitment_missed(item_id, values["at"])
    return ws.get(Commitment, item_id)


def _localised(ws: Any, commitment_id: int, values: dict[str, Any]) -> dict[str, Any]:
    return in_client_zone(ws, ws.get(Commitment, commitment_id).client_id, values)


@projects.patch(
    "/{item_id}/checklist", response_model=Project, summary="Tick or untick checklist steps"
)
def update_checklist(item_id: PathId, body: ChecklistUpdate, ws: WorkspaceDep) -> Any:  # type: ignore[valid-type]
    data: BaseModel = body
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    assert set(changes) <= set(CHECKLIST_STEPS)
    return ws.update(Project, item_id, changes)


for sub in (contacts, interactions, commitments, revenue, projects, notes):
    router.include_router(sub)
