"""The REST API, mounted under /api."""

from fastapi import APIRouter, Security
from fastapi.security import HTTPBearer

from rapport.web.api import (
    agendas,
    backups,
    calendars,
    classify,
    clients,
    intel,
    jobs,
    meetings,
    records,
    team,
    transcripts,
    transfer,
    webhooks,
)

BEARER = HTTPBearer(
    auto_error=False,
    description="An API token (`rapport tokens create NAME`, or POST /api/tokens), sent as "
    "`Authorization: Bearer TOKEN`. A logged-in browser session works too.",
)
"""Declares the scheme in the OpenAPI document (the Authorize button of /docs); the access
middleware (rapport.security.web) is what checks the token."""

router = APIRouter(prefix="/api", dependencies=[Security(BEARER)])
router.include_router(clients.router)
router.include_router(records.router)
router.include_router(transfer.router)
router.include_router(intel.router)
router.include_router(meetings.router)
router.include_router(transcripts.router)
router.include_router(jobs.router)
router.include_router(agendas.router)
router.include_router(team.router)
router.include_router(classify.router)
router.include_router(backups.router)
router.include_router(calendars.router)
router.include_router(webhooks.router)
