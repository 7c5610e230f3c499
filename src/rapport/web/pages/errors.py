"""Friendly error pages (404, 422, 409 ...) in the visitor's language, never a traceback.

Requests under ``/api`` keep their JSON answers; everything else gets an HTML page.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rapport.web.pages.rendering import N_, render

TITLES = {
    404: N_("We could not find that page"),
    409: N_("That clashes with something already saved"),
    422: N_("Something in that request was not right"),
}
EXPLANATIONS = {
    404: N_("The link may be old, or the item may have been deleted."),
    409: N_("Nothing was changed. Go back and try again with different details."),
    422: N_("Nothing was changed. Check the address or the form and try again."),
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
        # FastAPI's own answer (422, each field's ``loc``), except that an input JSON cannot
        # carry (NaN, Infinity: the very value refused) is quoted as text, not a 500.
        detail = _json_safe(jsonable_encoder(exc.errors()))
        return JSONResponse(status_code=422, content={"detail": detail})


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value
