"""The REST API, mounted under /api."""

from fastapi import APIRouter

from rapport.web.api import clients, meetings

router = APIRouter(prefix="/api")
router.include_router(clients.router)
router.include_router(meetings.router)
