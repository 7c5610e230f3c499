"""The REST API, mounted under /api."""

from fastapi import APIRouter, Security
from fastapi.security import HTTPBearer

from rapport.web.api import (
    addressbooks,
    agendas,
    backups,
    bookings,
    calendars,
    classify,
    clients,
    drafts,
    imports,
    intel,
    jobs,
    mail,
    mailboxes,
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
middleware (rapport.web.auth) is what checks the token."""


def build_router() -> APIRouter:
    """The API for this app; the draft endpoints follow the draft registry as it is now."""
    router = APIRouter(prefix="/api", dependencies=[Security(BEARER)])
    router.include_router(clients.router)
    router.include_router(records.router)
    router.include_router(imports.router())
    router.include_router(transfer.router)
    router.include_router(intel.router)
    router.include_router(meetings.router)
    router.include_router(drafts.router())
    router.include_router(transcripts.router)
    router.include_router(jobs.router)
    router.include_router(agendas.router)
    router.include_router(team.router)
    router.include_router(classify.router)
    router.include_router(backups.router)
    router.include_router(bookings.router)
    router.include_router(calendars.router)
    router.include_router(mailboxes.router)
    router.include_router(mail.router)
    router.include_router(addressbooks.router)
    router.include_router(webhooks.router)
    return router
