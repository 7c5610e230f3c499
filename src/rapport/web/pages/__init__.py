"""The HTML pages of the web app: server-rendered Jinja2 in five languages.

``mount(app)`` adds the page routes, the static files (served by Rapport itself, plotly's
JavaScript straight from the installed package) and the HTML error pages.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent.parent / "static"


def plotly_js_path() -> Path:
    """plotly.min.js as shipped inside the plotly Python package (no CDN, works offline)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


assets = APIRouter(include_in_schema=False)


@assets.get("/vendor/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(
        plotly_js_path(),
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=86400"},
    )


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
