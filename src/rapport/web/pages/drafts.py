"""Downloading an edited draft as an .eml file (what mail programs open as a draft)."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rapport.domain.model import LANGUAGES
from rapport.drafts import Draft
from rapport.web.deps import ContainerDep
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language

router = APIRouter(include_in_schema=False)


@router.post("/drafts/eml")
async def download_eml(request: Request, container: ContainerDep) -> Response:
    form = FormReader(await request.form(), current_language(request))
    draft = Draft(
        kind=form.text("kind", max_length=40) or "draft",
        language=form.choice("language", LANGUAGES, default="en"),
        subject=form.text("subject", max_length=500),
        body=form.text("body", max_length=100_000),
        to=form.optional_text("to", max_length=320),
        to_name=form.optional_text("to_name", max_length=200),
    )
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", draft.kind).strip("-") or "draft"
    return Response(
        container.drafts.eml(draft),
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="rapport-{name}.eml"'},
    )
