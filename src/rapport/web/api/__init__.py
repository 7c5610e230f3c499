"""The REST API, mounted under /api."""

from fastapi import APIRouter

from rapport.web.api import clients

router = APIRouter(prefix="/api")
router.include_router(clients.router)
