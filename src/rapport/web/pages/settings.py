"""Your profile and settings page (owners only in team mode): the same keys as
``rapport settings``, stored in the workspace through the profile service."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from rapport.domain.profile import KEYS
from rapport.errors import InvalidInputError
from rapport.i18n import render as render_text
from rapport.texts import N_
from rapport.web.deps import ContainerDep
from rapport.web.pages.mail import SETTING_HINTS, SETTING_LABELS
from rapport.web.pages.rendering import current_language, render, ui_text

router = APIRouter(include_in_schema=False)

LABELS = {
    "name": N_("Your name"),
    "title": N_("Job title"),
    "company": N_("Company"),
    "signature.en": N_("Signature in English drafts"),
    "signature.ja": N_("Signature in Japanese drafts"),
    "signature.vi": N_("Signature in Vietnamese drafts"),
    "signature.zh-Hans": N_("Signature in Chinese drafts"),
    "signature.nb": N_("Signature in Norwegian drafts"),
    "time_zone": N_("Time zone"),
    "language": N_("Your language"),
    "working_hours": N_("Working hours"),
    "weekly_meeting_hours": N_("Meeting hours per week, at most"),
    "email": N_("Email address"),
    "at_risk_days": N_("Days before a due date that count as at risk"),
    "concentration_threshold": N_("Revenue share of one client that earns a warning"),
}
HINTS = {
    "name": N_("Every draft is signed with it."),
    "company": N_("Japanese mails name it in the sender line."),
    "time_zone": N_(
        "An IANA name such as Europe/Oslo or Asia/Tokyo. "
        "Drafts name the time zone only when the client's differs."
    ),
    "working_hours": N_("Such as 09:00-17:00."),
    "weekly_meeting_hours": N_("The meeting-hours meters measure against it."),
    "concentration_threshold": N_("A number from 0 to 1, such as 0.25."),
}
SOURCES = {
    "default": N_("default"),
    "stored": N_("saved here"),
    "environment": N_("set by the server's environment (it wins)"),
}


def _page(
    request: Request,
    container: ContainerDep,
    values: dict[str, str],
    errors: dict[str, str],
    saved: bool,
    status: int = 200,
) -> Response:
    items = container.profile.view()
    return render(
        request,
        "settings.html",
        {
            "section": "settings",
            "items": items,
            "values": values or {s.key: s.value for s in items},
            "errors": errors,
            "saved": saved,
            "labels": LABELS,
            "hints": HINTS,
            "sources": SOURCES,
            "multiline": {k for k in KEYS if k.startswith("signature.")},
            "mail_labels": SETTING_LABELS,
            "mail_hints": SETTING_HINTS,
        },
        status_code=status,
    )


@router.get("/settings")
def settings_page(request: Request, container: ContainerDep, saved: bool = False) -> Response:
    """Your name, title, company, signatures, time zone, language and defaults."""
    return _page(request, container, {}, {}, saved)


@router.post("/settings")
async def save_settings(request: Request, container: ContainerDep) -> Response:
    """Store each changed field (an emptied one goes back to its default); on a bad value,
    the page again with the message by the field and nothing stored."""
    _ = ui_text(current_language(request))
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in KEYS}
    current = {s.key: s for s in container.profile.view()}
    changes: dict[str, str | None] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        if len(value) > 2000:
            errors[key] = _("At most 500 characters.")
            continue
        was = current[key]
        if value.strip() == was.value.strip():
            continue
        if not value.strip():
            if was.source == "stored":
                changes[key] = None
            continue
        try:
            container.profile.check(key, value)
        except InvalidInputError as exc:
            errors[key] = render_text(exc.text, current_language(request), "cli")
            continue
        changes[key] = value
    if errors:
        return _page(request, container, values, errors, False, status=422)
    container.profile.update(changes)
    return RedirectResponse("/settings?saved=1", status_code=303)
