"""The API's interactive documentation, served by Rapport itself: Swagger UI at /docs and
ReDoc at /redoc, with their scripts and styles from the fastapi-offline package (no CDN, so
they work offline) and starter scripts in static/js (no inline script).

The pages show no workspace data (they read /openapi.json); calling the API from /docs
needs a token (the Authorize button) or a logged-in session.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles


def assets_dir() -> Path:
    """swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js and favicon.png, as
    the fastapi-offline package ships them (Swagger UI: Apache-2.0; ReDoc and
    fastapi-offline: MIT)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


SWAGGER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – API (Swagger UI)</title>
<link rel="icon" href="/docs/assets/favicon.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/static/js/api-docs.js"></script>
</body>
</html>
"""

REDOC = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – API (ReDoc)</title>
<link rel="icon" href="/docs/assets/favicon.png">
</head>
<body>
<div id="redoc" data-openapi="/openapi.json"></div>
<script src="/docs/assets/redoc.standalone.js"></script>
<script src="/static/js/api-docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """Add /docs, /redoc and /docs/assets (create the app with ``docs_url=None`` and
    ``redoc_url=None``)."""
    title = escape(app.title)
    app.mount("/docs/assets", StaticFiles(directory=assets_dir()), name="api-docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(SWAGGER.format(title=title))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(REDOC.format(title=title))
