"""Friendly error pages (404, 422, 409 ...) in the visitor's language, never a traceback.

Requests under ``/api`` keep their JSON answers; everything else gets an HTML page.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rapport.texts import N_
from rapport.web.pages.rendering import render

TITLES = {
    404: N_("We could not find that page"),
    409: N_("That clashes with something already saved"),
    413: N_("That is too large to send"),
    422: N_("Something in that request was not right"),
    503: N_("Rapport cannot reach its database right now"),
}
EXPLANATIONS = {
    404: N_("The link may be old, or the item may have been deleted."),
    409: N_("Nothing was changed. Go back and try again with different details."),
    413: N_("Nothing was saved. Choose a smaller file, or send less at once."),
    422: N_("Nothing was changed. Check the address or the form and try again."),
    503: N_("Nothing was lost. Wait a moment, then reload the page."),
}
FALLBACK_TITLE = N_("Something went wrong")
FALLBACK_EXPLANATION = N_("Nothing was changed. Go back and try again.")


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def error_page(request: Request, status_code: int) -> HTMLResponse:
    return render(
        request,
        "error.html",
        {
            "status": status_code,
            "title": TITLES.get(status_code, FALLBACK_TITLE),
            "explanation": EXPLANATIONS.get(status_code, FALLBACK_EXPLANATION),
        },
        status_code=status_code,
    )


def _finite(value: Any) -> Any:
    """``value`` with every NaN and infinite float replaced by its name as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def install(app: FastAPI) -> None:
    """Answer HTTP and validation errors with HTML pages outside the API."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request) and exc.status_code >= 400:
            return error_page(request, exc.status_code)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if wants_html(request):
            return error_page(request, 422)
        # The answer names each bad field and echoes its input; an input of NaN or Infinity
        # (which Python's JSON reader accepts) cannot be written as JSON, so it is written
        # as text instead of failing the answer with a 500.
        readable = RequestValidationError(_finite(exc.errors()), body=_finite(exc.body))
        return await request_validation_exception_handler(request, readable)
