"""The start page: a first-run welcome on an empty workspace, else the day's overview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.clock import now
from rapport.domain.model import Client
from rapport.web.deps import ContainerDep, WorkspaceDep
from rapport.web.pages.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, ws: WorkspaceDep) -> Response:
    if ws.count(Client) == 0:
        return render(request, "welcome.html")
    return RedirectResponse(_keep_lang(request, "/today"), status_code=303)


def _keep_lang(request: Request, path: str) -> str:
    lang = request.query_params.get("lang")
    return f"{path}?lang={lang}" if lang else path


@router.post("/demo")
def fill_demo(request: Request, container: ContainerDep) -> Response:
    """Fill an empty workspace with the demo (the same as ``rapport demo``); refused (409)
    when clients exist."""
    from rapport.services.demo import DemoService

    DemoService(container.db, container.workspace.actor).fill(seed=1, now=now(), replace_demo=False)
    return RedirectResponse(_keep_lang(request, "/today"), status_code=303)
