"""/api/drafts/{kind}: the request schema and its examples are generated from the draft
registry (:mod:`rapport.domain.draft_kinds`) when the app is built, so a registered kind is
documented and served without touching this module."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from rapport.domain import draft_kinds as registry
from rapport.drafts import Draft
from rapport.services.drafting import DraftOptions, DraftService
from rapport.web.api.bounds import Id, SlotMinutes
from rapport.web.deps import ContainerDep

TYPES: dict[str, tuple[Any, dict[str, Any]]] = {
    "start": (str | None, {"default": None}),
    "minutes": (SlotMinutes | None, {"default": None}),
    "new_date": (str | None, {"default": None}),
    "commitment_id": (Id | None, {"default": None}),
    "colleague": (str | None, {"default": None}),
    "reason": (str | None, {"default": None}),
    "topic": (str | None, {"default": None}),
    "reply_by": (str | None, {"default": None}),
    "group": (bool, {"default": False}),
    "slots": (list[str], {"default_factory": list, "max_length": 10}),
    "next_date": (str | None, {"default": None}),
    "agenda": (list[tuple[str, int]], {"default_factory": list, "max_length": 50}),
}
"""Each draft option's type and bounds in a request (the options are the registry's)."""

EXAMPLES: dict[str, Any] = {
    "start": "2026-12-15T14:00",
    "minutes": 45,
    "new_date": "2026-12-18",
    "commitment_id": 1,
    "colleague": "Kari Nordmann",
    "reason": "the supplier is late",
    "topic": "licence terms",
    "reply_by": "2026-12-17",
    "group": True,
    "slots": ["2026-12-16T10:00", "2026-12-17T15:00"],
    "next_date": "2027-01-12T14:00",
    "agenda": [["Roadmap", 30]],
}


def _drafts(c: ContainerDep) -> DraftService:
    return c.drafts


DraftsDep = Annotated[DraftService, Depends(_drafts)]


class DraftRead(BaseModel):
    kind: str
    language: str
    subject: str
    body: str
    to: str | None = None
    briefing: str | None = None


def request_model() -> type[BaseModel]:
    """``DraftCreate``: the client, the language and every registered option, each
    described with the kinds that use it."""
    fields: dict[str, Any] = {
        "client": (str, Field(min_length=1, description="Client name or id.")),
        "language": (
            str | None,
            Field(default=None, description="Default: the client's language."),
        ),
    }
    for name in registry.FIELDS:
        annotation, bounds = TYPES[name]
        fields[name] = (annotation, Field(**bounds, description=registry.field_help(name)))
    model: type[BaseModel] = create_model(
        "DraftCreate", __config__=ConfigDict(extra="forbid"), **fields
    )
    return model


def examples() -> dict[str, Any]:
    """One request example per kind, with the options its entry names."""
    return {
        kind.name: {
            "summary": kind.name,
            "value": {"client": "Fjord AS", **{f: EXAMPLES[f] for f in kind.fields}},
        }
        for kind in registry.kinds()
    }


def router() -> APIRouter:
    """The draft endpoints for the kinds registered now."""
    api = APIRouter(tags=["meetings"])
    create = request_model()
    kind_path = Annotated[str, Path(description=f"One of: {', '.join(registry.names())}.")]
    body_type = Annotated[create, Body(openapi_examples=examples())]  # type: ignore[valid-type]

    def make(kind: str, body: BaseModel, drafts: DraftService) -> Draft:
        options = DraftOptions(**body.model_dump(exclude={"client"}))
        return drafts.draft(kind, body.client, options)  # type: ignore[attr-defined]

    @api.post("/drafts/{kind}", response_model=DraftRead)
    def create_draft(kind: kind_path, body: body_type, drafts: DraftsDep) -> DraftRead:
        """Draft a message to a client (subject and body) in their language or the one
        asked."""
        draft = make(kind, body, drafts)
        return DraftRead(
            kind=draft.kind,
            language=draft.language,
            subject=draft.subject,
            body=draft.body,
            to=draft.to,
            briefing=draft.extra.get("briefing"),
        )

    @api.post(
        "/drafts/{kind}/eml",
        response_class=Response,
        responses={200: {"content": {"message/rfc822": {"schema": {"type": "string"}}}}},
    )
    def create_draft_eml(kind: kind_path, body: body_type, drafts: DraftsDep) -> Response:
        """The draft as an .eml file (UTF-8, headers encoded per RFC 2047)."""
        draft = make(kind, body, drafts)
        return Response(
            content=drafts.eml(draft),
            media_type="message/rfc822",
            headers={"Content-Disposition": f'attachment; filename="{kind}.eml"'},
        )

    return api
