"""The mail parts of the web UI: the SMTP section of the Integrations page (owners) and its
forms. Texts are in the ``mail`` translation domain (``mail_text`` in the templates)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from rapport.errors import N_, RapportError
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
)


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
