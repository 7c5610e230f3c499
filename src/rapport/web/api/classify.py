"""/api/classify: label lines of conversation (business, personal, other), as
``rapport classify`` does (docs/conversation.md)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from rapport.services.classification import MAX_LINE_CHARS, MAX_LINES, Classified, classify
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["conversation"])


class Lines(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: Annotated[
        list[Annotated[str, Field(max_length=MAX_LINE_CHARS)]],
        Field(max_length=MAX_LINES, description="The lines, in the order they were said."),
    ]
    context: bool = Field(
        True,
        description="Read the lines as one conversation (a line keeps the topic of the "
        "ones before when it follows up on them); false labels each on its own.",
    )


class Labels(BaseModel):
    """POST /api/classify: one label per line, in the order of the lines."""

    model_config = ConfigDict(extra="forbid")

    labels: list[model_of(Classified)]  # type: ignore[valid-type]


@router.post("/classify", response_model=Labels)
def classify_lines(body: Lines, container: ContainerDep) -> Any:
    """One label per line, in order: ``label`` (business, personal or other), the
    detected ``language`` and the model's ``confidence`` (0..1). Stores nothing."""
    _ = container.actor  # any account; no workspace data is read or written
    labelled = classify(body.lines, context=body.context)
    return {"labels": [asdict(item) for item in labelled]}
