"""The ASGI entry point for servers that start their own workers.

``uvicorn --factory rapport.web.asgi:create_app_from_env`` (and ``rapport serve --workers N``)
call :func:`create_app_from_env` once in every worker process: each worker reads the settings
from the environment and builds its own container, engine and connection pool. Workers keep
no state of their own, so any number of them can share one PostgreSQL database.
"""

from __future__ import annotations

from fastapi import FastAPI

from rapport.bootstrap import build
from rapport.web.app import create_app


def create_app_from_env() -> FastAPI:
    """A fresh app wired from ``RAPPORT_*`` settings. The schema is expected to be migrated
    already (``rapport serve`` and ``rapport db upgrade`` do it once before workers start)."""
    return create_app(build(migrate=False))
