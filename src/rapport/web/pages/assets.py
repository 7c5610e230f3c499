"""The pages' static files: the stylesheets and scripts under web/static, and plotly.js's
basic bundle served gzipped once (``/vendor/plotly.min.js``).

Its own module, below the page modules (``plotly_styles`` reads the bundle), so that the
package's ``mount`` is the only thing that imports every page.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response

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
