"""The HTML pages of the web app: server-rendered Jinja2 in five languages.

``mount(app)`` adds the page routes, the static files (served by Rapport itself, with
plotly.js's basic bundle vendored in static/vendor/, see ``assets``) and the HTML error
pages.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def mount(app: FastAPI) -> None:
    from rapport.web.pages import (
        assessment,
        assets,
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
    app.mount("/static", StaticFiles(directory=assets.STATIC), name="static")
    app.include_router(assets.assets)
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
