"""The REST API, mounted under /api."""

from fastapi import APIRouter

from rapport.web.api import (
    agendas,
    calendars,
    clients,
    intel,
    jobs,
    meetings,
    records,
    team,
    transcripts,
    transfer,
)

router = APIRouter(prefix="/api")
router.include_router(clients.router)
router.include_router(records.router)
router.include_router(transfer.router)
router.include_router(intel.router)
router.include_router(meetings.router)
router.include_router(transcripts.router)
router.include_router(jobs.router)
router.include_router(agendas.router)
router.include_router(team.router)
router.include_router(calendars.router)
