"""The FastAPI app factory. ``create_app(container)`` wires routes to services."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.middleware.gzip import GZipMiddleware

from rapport import __version__
from rapport.bootstrap import Container
from rapport.errors import ImportProblem, RapportError
from rapport.storage.failures import DataError, database_up
from rapport.web import api_docs, pages
from rapport.web.analysis_runner import TranscriptSizeLimit
from rapport.web.body_limit import BodyLimitMiddleware
from rapport.web.deps import ACTOR_KEY
from rapport.web.headers import SecurityHeadersMiddleware
from rapport.web.outage import OutageMiddleware
from rapport.web.pages import errors as page_errors

log = logging.getLogger(__name__)


REQUEST_THREADS = 8
"""Requests handled at once per worker process. Rapport's pages are CPU-bound Python:
more threads than this only make them wait for each other (and for the interpreter lock
between database rows), so the rest queue and are answered in order."""


@asynccontextmanager
async def _lifespan(_app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    # Everything loaded so far (the app, catalogs, templates) lives as long as the process:
    # keep it out of the garbage collector's full passes, which otherwise pause a request
    # now and then for 100 ms or more.
    gc.freeze()
    yield


def create_app(container: Container) -> FastAPI:
    app = FastAPI(
        title="Rapport",
        version=__version__,
        description="A trust-first client relationship workspace. REST API under /api.",
        lifespan=_lifespan,
        docs_url=None,  # served from the package itself, not a CDN (rapport.web.api_docs)
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
    )
    app.state.container = container
    from rapport.crypto import mode
    from rapport.web import auth

    mode.check_startup(container.settings)  # refuse an unsafe team server
    auth.install(app, container)  # login pages; every other route needs a login
    # Added last, so they run first: no layer behind the body limits reads more of a body
    # than allowed (a transcript upload has its own, smaller limit), and every answer (a
    # 413 included) gets the security headers.
    app.add_middleware(OutageMiddleware)
    # Every text answer (pages, JSON, CSS, JS) of 500 bytes or more is gzipped for a
    # browser that accepts it; the chart bundle comes gzipped already (pages/__init__.py).
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=6)
    app.add_middleware(TranscriptSizeLimit, settings=container.settings)
    app.add_middleware(BodyLimitMiddleware, settings=container.settings)
    app.add_middleware(SecurityHeadersMiddleware, logged_in_key=ACTOR_KEY)

    @app.exception_handler(RapportError)
    async def rapport_error(request: Request, exc: RapportError) -> Response:
        if page_errors.wants_html(request):
            return page_errors.error_page(request, exc.status_code)
        body: dict[str, object] = {"detail": exc.message}
        if isinstance(exc, ImportProblem):
            body["problems"] = exc.problems
        return JSONResponse(status_code=exc.status_code, content=body)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(_request: Request, exc: Exception) -> JSONResponse:
        # A number or text too large for its column (an id past 64 bits on SQLite, past
        # 32 bits or a too-long string on PostgreSQL) is bad input, not a server error.
        log.info("value out of range for the database: %s", exc)
        return JSONResponse(
            status_code=422, content={"detail": "a value is out of range (too large or long)"}
        )

    from rapport.web.api import build_router

    app.include_router(build_router())
    api_docs.install(app)
    pages.mount(app)
    from rapport.web import integrations

    app.include_router(integrations.router)
    from rapport.web.pages import mail as mail_pages

    app.include_router(mail_pages.router)

    from rapport.web import integrations_addressbooks

    app.include_router(integrations_addressbooks.router)
    app.include_router(integrations.feed_router)  # public: the secret token is the key
    from rapport.web import booking

    app.include_router(booking.public_router)  # public: the client's secret token is the key
    app.include_router(booking.page_router)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        """200 when the server and its database answer, 503 when the database does not."""
        if not database_up(container.db):
            return JSONResponse({"status": "database unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    _ = RequestValidationError  # FastAPI answers validation errors with 422 + field detail
    return app
