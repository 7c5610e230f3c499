"""The HTML pages of the web app: server-rendered Jinja2 in five languages.

``mount(app)`` adds the page routes, the static files (served by Rapport itself, with
plotly.js's basic bundle vendored in static/vendor/) and the HTML error pages.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"


def plotly_js_path() -> Path:
    """plotly.js's *basic* partial bundle (bar, pie, scatter: every trace the pages draw),
    vendored from the npm package plotly.js-basic-dist-min (MIT, licence beside it): no
    CDN, works offline, a quarter of the full bundle's size."""
    return STATIC / "vendor" / "plotly-basic.min.js"


@cache
def _plotly_js() -> tuple[bytes, bytes]:
    """The bundle as it is and gzipped once (not on every request)."""
    plain = plotly_js_path().read_bytes()
    return plain, gzip.compress(plain, compresslevel=9, mtime=0)


assets = APIRouter(include_in_schema=False)


@assets.get("/vendor/plotly.min.js")
def plotly_js(request: Request) -> Response:
    plain, packed = _plotly_js()
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="text/javascript", headers=headers)
    return Response(plain, media_type="text/javascript", headers=headers)


def mount(app: FastAPI) -> None:
    from rapport.web.pages import (
        assessment,
        clients,
        drafts,
        errors,
        home,
        imports,
        meetings,
        portfolio,
        settings,
        today,
        transcripts,
    )

    errors.install(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(assets)
    for module in (
        home,
        today,
        clients,
        meetings,
        transcripts,
        portfolio,
        assessment,
        imports,
        drafts,
        settings,
    ):
        app.include_router(module.router)
