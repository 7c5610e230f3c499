"""The mail parts of the web UI: the SMTP section of the Integrations page (owners) and its
forms. Texts are in the ``mail`` translation domain (``mail_text`` in the templates)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rapport.errors import RapportError
from rapport.texts import N_
from rapport.web.deps import ContainerDep
from rapport.web.pages.rendering import current_language

router = APIRouter(include_in_schema=False)
DOMAIN = "mail"

TEXTS = (
    N_("Outgoing mail (SMTP)"),
    N_(
        "Rapport sends reminders, the daily digest and invitations through this server. "
        "The password is stored encrypted and never shown."
    ),
    N_("No SMTP server yet."),
    N_("Host"),
    N_("Port (empty: the usual one)"),
    N_("Security"),
    N_("User name (optional)"),
    N_("Password (empty: keep the stored one)"),
    N_("Sender address (From)"),
    N_("Save"),
    N_("Send a test message to"),
    N_("Send test"),
    N_("Remove the SMTP server"),
    N_("SMTP server saved."),
    N_("SMTP server removed."),
    N_("Test message sent to {address}."),
    # the Digest page
    N_("Daily digest"),
    N_(
        "This is what the daily digest says today. It is sent by e-mail at {time} "
        "(your time zone) to {address}, outside quiet hours ({quiet})."
    ),
    N_(
        "It is not sent by e-mail: set your email address and an SMTP server "
        "(Integrations) to get it every morning."
    ),
    N_("The daily digest by e-mail is off (notify.digest)."),
    N_("As plain text"),
    N_("Send it now"),
    N_("Digest sent to {address}."),
    N_("Turn on browser notifications"),
    N_(
        "While Rapport is open, reminders of promises coming due and meetings starting "
        "soon appear here or as notifications."
    ),
    N_("Close"),
)

SETTING_LABELS = {
    "digest_time": N_("Time of the daily digest"),
    "quiet_hours": N_("Quiet hours"),
    "reminder_lead_hours": N_("Hours before a promise is due to remind you"),
    "meeting_reminder_minutes": N_("Minutes before a meeting to remind you"),
    "notify.digest": N_("Daily digest by email"),
    "notify.promises": N_("Promises (digest and reminders)"),
    "notify.touchpoints": N_("Touch-points due (digest)"),
    "notify.meetings": N_("Meetings (digest and reminders)"),
    "notify.trust": N_("Trust slipping (digest)"),
}
"""Labels of the reminder and digest settings on the Settings page (``mail`` domain)."""
SETTING_HINTS = {
    "digest_time": N_("HH:MM in your time zone, such as 07:30."),
    "quiet_hours": N_(
        "Such as 22:00-07:00, or off. Nothing is sent or notified in them; the digest "
        "waits until they end."
    ),
    "notify.digest": N_("on or off"),
    "notify.promises": N_("on or off"),
    "notify.touchpoints": N_("on or off"),
    "notify.meetings": N_("on or off"),
    "notify.trust": N_("on or off"),
}


def message(request: Request, exc: RapportError) -> str:
    from rapport.services.outbound_mail import error_line

    return error_line(exc, current_language(request))


def _back(**query: str) -> Response:
    from urllib.parse import urlencode

    return RedirectResponse(f"/integrations?{urlencode(query)}#mail-title", status_code=303)


@router.post("/integrations/mail")
def save_smtp(
    request: Request,
    container: ContainerDep,
    host: Annotated[str, Form(max_length=255)],
    port: Annotated[str, Form(max_length=10)] = "",
    security: Annotated[str, Form(max_length=16)] = "starttls",
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    sender: Annotated[str, Form(max_length=320)] = "",
) -> Response:
    from rapport.errors import InvalidInputError
    from rapport.services.outbound_mail import L_BAD_PORT

    try:
        if port.strip() and not port.strip().isdigit():
            raise InvalidInputError(L_BAD_PORT, port=port.strip()[:10])
        container.mail.configure(
            host,
            port=int(port) if port.strip() else None,
            security=security,
            username=username or None,
            password=password or None,
            sender=sender or None,
            keep_password=True,
        )
    except RapportError as exc:
        if exc.status_code != 422:
            raise
        return _back(mail_error=message(request, exc))
    return _back(mail="saved")


@router.post("/integrations/mail/test")
def test_smtp(
    request: Request,
    container: ContainerDep,
    to: Annotated[str, Form(max_length=320)],
) -> Response:
    try:
        sent = container.mail.test(to, language=current_language(request))
    except RapportError as exc:
        if exc.status_code != 422:
            raise
        return _back(mail_error=message(request, exc))
    return _back(mail="sent", to=str(sent["To"]))


@router.post("/integrations/mail/remove")
def remove_smtp(container: ContainerDep) -> Response:
    container.mail.remove()
    return _back(mail="removed")


def _digest_page(
    request: Request, container: ContainerDep, *, sent: str | None = None, error: str | None = None
) -> Response:
    from rapport.services.mail_render import render_digest, render_digest_body
    from rapport.web.pages.rendering import render

    lang = current_language(request)
    digest = container.digest.build(lang=lang)
    base = str(request.base_url).rstrip("/")
    subject, text, _html = render_digest(digest, container.settings.me, base)
    actor = container.workspace.actor
    return render(
        request,
        "digest.html",
        {
            "section": "today",
            "subject": subject,
            "body": render_digest_body(digest, base),
            "text": text,
            "recipient": container.digest.recipient(),
            "mail_ready": container.mail.configured(),
            "digest_on": container.digest.on("digest"),
            "may_send": actor.sees_everything,
            "settings": container.settings,
            "sent": sent,
            "error": error,
        },
        status_code=422 if error else 200,
    )


@router.get("/digest")
def digest_page(request: Request, container: ContainerDep) -> Response:
    """This account's digest as it would be sent today (what it may see)."""
    return _digest_page(request, container)


@router.post("/digest/send")
def digest_send(request: Request, container: ContainerDep) -> Response:
    """Send the digest now (owners: it goes to the email setting)."""
    container.workspace.actor.check_owner()
    try:
        address, _digest = container.digest.send()
    except RapportError as exc:
        if exc.status_code != 422:
            raise
        return _digest_page(request, container, error=message(request, exc))
    return _digest_page(request, container, sent=address)
