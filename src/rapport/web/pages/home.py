"""The start page: a first-run welcome on an empty workspace, else the day's overview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.domain.model import Client
from rapport.web.deps import WorkspaceDep
from rapport.web.pages.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, ws: WorkspaceDep) -> Response:
    if ws.count(Client) == 0:
        return render(request, "welcome.html")
    return RedirectResponse(_keep_lang(request, "/clients"), status_code=303)


def _keep_lang(request: Request, path: str) -> str:
    lang = request.query_params.get("lang")
    return f"{path}?lang={lang}" if lang else path
