"""Relationship intelligence over HTTP: /api/assessment, /api/trust, /api/today,
/api/portfolio, /api/commitments/{id}/announce and /api/commitments/{id}/recommit. Same data
as the CLI's --json."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, create_model

from rapport.jsonable import dump, plain
from rapport.services.assessment import AssessmentItem, TakeResult, take_json
from rapport.services.hours import ClientHours
from rapport.services.portfolio import PortfolioReport
from rapport.services.reliability_results import Announced, Recommitted, Today
from rapport.services.rendering import language
from rapport.services.trust import TrustView, report_json
from rapport.web.api.bounds import AwareMoment, PathId, QueryDay
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["trust"])

ClientTrust: type[BaseModel] = create_model(
    "ClientTrust",
    __base__=model_of(TrustView),
    __doc__="One client's trust and this month's meeting hours against its monthly cap.",
    hours=(model_of(ClientHours), ...),
)
"""GET /api/trust/{client_id}: the trust view and the client's meeting hours."""

Lang = Annotated[str | None, Query(description="Language of the texts: en, ja, vi, zh-Hans or nb.")]


def _lang(container: ContainerDep, lang: str | None) -> str:
    return language(lang or container.settings.language)


class AssessmentAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] = Field(description="Item id -> 1..5 for every item.")
    lang: str | None = None


class AnnounceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_due_at: AwareMoment | None = Field(
        default=None, description="Re-commit to this moment (with a time zone)."
    )
    at: AwareMoment | None = Field(
        default=None, description="When the client was told (default: now)."
    )


class RecommitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_due_at: AwareMoment = Field(
        validation_alias=AliasChoices("new_due_at", "new_due"),
        description="The new moment you commit to (with a time zone; `new_due` also works).",
    )
    at: AwareMoment | None = Field(default=None, description="When you apologised (default: now).")


@router.get("/assessment/items", response_model=list[model_of(AssessmentItem)])  # type: ignore[misc]
def assessment_items(container: ContainerDep) -> Any:
    """The self-assessment's item bank, each text in all five languages."""
    return plain(container.assessment.items())


@router.post("/assessment", status_code=201, response_model=model_of(TakeResult))
def take_assessment(body: AssessmentAnswers, container: ContainerDep) -> Any:
    """Score and store one take; 422 with every problem when an answer is missing, out of
    range or for an unknown item."""
    lang = _lang(container, body.lang)
    return plain(take_json(container.assessment.take(body.answers, lang), lang))


@router.get("/assessment/history", response_model=list[model_of(TakeResult)])  # type: ignore[misc]
def assessment_history(container: ContainerDep, lang: Lang = None) -> Any:
    lang_ = _lang(container, lang)
    return plain([take_json(t, lang_) for t in container.assessment.history()])


@router.get("/trust", response_model=list[model_of(TrustView)])  # type: ignore[misc]
def trust_all(container: ContainerDep, lang: Lang = None, snapshot: bool = True) -> Any:
    """Every client's trust estimate, highest risk first (stores this month's snapshot)."""
    lang_ = _lang(container, lang)
    return plain([report_json(r, lang_) for r in container.trust.reports(snapshot=snapshot)])


@router.get("/trust/{client_id}", response_model=ClientTrust)
def trust_one(
    client_id: PathId, container: ContainerDep, lang: Lang = None, snapshot: bool = True
) -> Any:
    lang_ = _lang(container, lang)
    data = report_json(container.trust.report(client_id, snapshot=snapshot), lang_)
    client = container.workspace.find_client(client_id)
    return {**plain(data), "hours": plain(container.hours.client_json(client, lang_))}


@router.get("/today", response_model=model_of(Today))
def today(
    container: ContainerDep,
    lang: Lang = None,
    limit: Annotated[
        int | None, Query(ge=1, le=500, description="At most this many per list.")
    ] = None,
) -> Any:
    """At-risk and overdue promises, touch-points due, clients whose trust is slipping
    (the most urgent first), ``counts``: how many there are of each in all, and ``hours``:
    this week's meeting hours against the weekly cap and the clients over their monthly
    cap."""
    return plain(container.reliability.today(lang=_lang(container, lang), limit=limit))


@router.get("/portfolio", response_model=model_of(PortfolioReport))
def portfolio(container: ContainerDep, since: QueryDay = None, until: QueryDay = None) -> Any:
    """Revenue by client, the Pareto curve points, tiers, concentration warnings, referral
    edges with attributed revenue, friends' share and checklist gaps."""
    return plain(container.portfolio.report(since=since, until=until))


@router.post("/commitments/{commitment_id}/announce", response_model=model_of(Announced))
def announce(commitment_id: PathId, body: AnnounceRequest, container: ContainerDep) -> Any:
    """Record that the client was told early; re-commit with ``new_due_at``. Returns the
    commitment and what an early-notice draft needs."""
    at: datetime | None = body.at
    stored, notice = container.reliability.announce(commitment_id, at=at, new_due=body.new_due_at)
    return dump(Announced(stored, notice))


@router.post("/commitments/{commitment_id}/recommit", response_model=model_of(Recommitted))
def recommit(commitment_id: PathId, body: RecommitRequest, container: ContainerDep) -> Any:
    """Apologise for an overdue promise and re-commit: it is marked missed and a new open
    promise with the same text is due ``new_due_at``. Returns the ``missed`` promise, the new
    ``commitment`` and what the apology draft needs (``notice``). 422 for a promise not yet
    due (announce it instead), done or missed, or a new date not in the future."""
    missed, again, notice = container.reliability.recommit(
        commitment_id, at=body.at, new_due=body.new_due_at
    )
    return dump(Recommitted(missed, again, notice))
