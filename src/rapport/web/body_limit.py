"""A limit on request bodies, enforced while they stream in (pure ASGI, outermost).

A request whose ``Content-Length`` says it is too large is answered 413 before a byte of
its body is read; a body without a length (chunked) is counted as it arrives and the
request is answered 413 as soon as it passes the limit, so nothing behind this middleware
(the CSRF check, form parsing, the routes) ever holds more than the limit. Multipart
uploads get ``RAPPORT_MAX_UPLOAD_MB``; every other body (JSON, plain forms)
``RAPPORT_MAX_BODY_KB`` (docs/security.md, "Headers and limits").
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.config import Settings


class BodyTooLarge(HTTPException):
    """Raised by the counting ``receive`` once a body passes its limit: the routes' error
    handlers answer it as a 413 (a page outside /api), or this middleware does when it
    comes from a layer outside them."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large: at most {_size(limit)}")
        self.limit = limit


def _size(limit: int) -> str:
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MiB"
    return f"{max(1, limit // 1024)} KiB"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def limit_for(scope: Scope, settings: Settings) -> int:
    """The byte limit of this request's body (uploads are multipart)."""
    content_type = (_header(scope, b"content-type") or "").lower()
    if content_type.startswith("multipart/form-data"):
        return settings.max_upload_mb * 1024 * 1024
    return settings.max_body_kb * 1024


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope, self.settings)
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not (declared.strip().isascii() and declared.strip().isdigit()):
                await _answer(scope, receive, send, 400, "Content-Length is not a number")
                return
            if int(declared) > limit:
                await _answer(scope, receive, send, 413, BodyTooLarge(limit).detail)
                return
        received = 0
        started = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watching(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting, watching)
        except BodyTooLarge as exc:
            if started:
                raise
            await _answer(scope, receive, send, 413, exc.detail)


async def _answer(scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
    response: Response
    path: str = scope.get("path", "")
    if path == "/api" or path.startswith("/api/") or "app" not in scope:
        response = JSONResponse({"detail": detail}, status_code=status)
    else:
        from rapport.web.pages.errors import error_page

        response = error_page(Request(scope, receive), status)
    response.headers["Connection"] = "close"  # the rest of the body is not read
    await response(scope, receive, send)
