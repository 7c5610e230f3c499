"""While the database cannot be reached, answer 503 — JSON under /api, a friendly page
elsewhere — instead of a plain-text 500 (docs/security.md, "Headers and limits").

Pure ASGI, outside the access check (which reads sessions and tokens from the database
itself), so every request is covered. The engine's pool reconnects by itself once the
database is back.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.storage.failures import is_outage

log = logging.getLogger(__name__)

DETAIL = "the database is not reachable right now; try again in a moment"


class OutageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching)
        except Exception as exc:
            if started or not is_outage(exc):
                raise
            log.error("database unreachable during %s %s: %s", scope["method"], scope["path"], exc)
            response = _answer(scope, receive)
            await response(scope, receive, send)


def _answer(scope: Scope, receive: Receive) -> Response:
    path: str = scope["path"]
    headers = {"Retry-After": "30"}
    if path == "/api" or path.startswith("/api/"):
        return JSONResponse({"detail": DETAIL}, status_code=503, headers=headers)
    from rapport.web.pages.errors import error_page

    page = error_page(Request(scope, receive), 503)
    page.headers.update(headers)
    return page
