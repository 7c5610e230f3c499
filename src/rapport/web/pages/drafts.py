"""Downloading an edited draft as an .eml file (what mail programs open as a draft)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from rapport.domain import draft_kinds as registry
from rapport.domain.model import LANGUAGES, Client
from rapport.drafts import Draft
from rapport.errors import InvalidInputError
from rapport.i18n import LANGUAGE_NAMES
from rapport.i18n import render as render_text
from rapport.services.drafting import DraftOptions
from rapport.web.deps import ContainerDep
from rapport.web.pages.forms import FormReader
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)


def _kinds() -> dict[str, str]:
    """The web form's menu: the registry's kinds that have a label, in menu order."""
    return {k.name: k.label for k in registry.on_form() if k.label is not None}


@router.get("/clients/{client_id}/draft")
def write(
    request: Request,
    container: ContainerDep,
    client_id: int,
    kind: str = "check_in",
    language: str = "",
) -> Response:
    """One of the client's drafts, editable, in the client's language (or another); the
    kind's form fields (registry entry ``form``) come from the query string."""
    _ = ui_text(current_language(request))
    client = container.workspace.get(Client, client_id)
    kinds = _kinds()
    if kind not in kinds:
        kind = "check_in"
    entry = registry.get(kind)
    form = entry.form if entry else ()
    typed = {name: request.query_params.get(name, "") for name in form}
    options: dict[str, Any] = {name: value.strip() or None for name, value in typed.items()}
    lang = language if language in LANGUAGES else client.language
    errors: dict[str, str] = {}
    try:
        draft = container.drafts.draft_for(
            kind, client, replace(DraftOptions(language=lang), **options)
        )
    except InvalidInputError as exc:
        errors["new_date"] = (
            render_text(exc.text, current_language(request), "cli")
            if "past" in exc.text.template
            else _("Enter a date such as 2026-11-30, or a date and time.")
        )
        draft = container.drafts.draft_for(kind, client, DraftOptions(language=lang))
    return render(
        request,
        "write.html",
        {
            "section": "clients",
            "client": client,
            "draft": draft,
            "kinds": kinds,
            "fields": [registry.FIELDS[name] for name in form],
            "values": {"kind": kind, "language": lang, **typed},
            "errors": errors,
            "language_options": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        },
        status_code=422 if errors else 200,
    )


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
