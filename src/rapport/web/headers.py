"""Security headers on every response (docs/security.md, "Headers and limits").

Pure ASGI, so it also covers static files, redirects and error pages. The Content Security
Policy allows scripts, styles, images and connections from Rapport itself only: no inline
script, no inline style attributes, no ``eval``, no plugins, no framing. Every response to a
logged-in request (pages, ``/api/me`` with its CSRF token, all of ``/api``) is marked
``Cache-Control: no-store`` unless the route chose its own caching (plotly's JavaScript).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
DOCS_PATHS = ("/docs", "/redoc")
DOCS_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""The API's documentation pages (Swagger UI, ReDoc; rapport.web.api_docs) load only
Rapport's own scripts, but their widgets style themselves with inline styles and ReDoc
searches in a worker; they show no workspace data, and only they get this policy."""


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, logged_in_key: str) -> None:
        self.app = app
        self.logged_in_key = logged_in_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if scope["path"] in DOCS_PATHS:
                    headers["Content-Security-Policy"] = DOCS_POLICY
                if scope.get(self.logged_in_key) is not None and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)
