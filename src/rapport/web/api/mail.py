"""/api/mail: the SMTP server Rapport sends through, and a test message
(docs/integrations.md). Owners only."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from rapport.web.deps import ContainerDep

router = APIRouter(tags=["mail"])


class SmtpIn(BaseModel):
    host: Annotated[str, Field(min_length=1, max_length=255)]
    port: Annotated[int | None, Field(ge=1, le=65535)] = None
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: Annotated[str | None, Field(max_length=200)] = None
    password: Annotated[str | None, Field(max_length=1000)] = None
    sender: Annotated[str | None, Field(max_length=320)] = None
    keep_password: bool = False
    """Keep the stored password when none is given and the user name is unchanged."""


class DigestSendIn(BaseModel):
    to: Annotated[str | None, Field(max_length=320)] = None


class TestIn(BaseModel):
    to: Annotated[str, Field(min_length=3, max_length=320)]


@router.get("/mail/smtp")
def show_smtp(container: ContainerDep) -> dict[str, Any] | None:
    """The SMTP server (``has_password``, never the password), or null."""
    server = container.mail.server()
    return server.as_json() if server else None


@router.put("/mail/smtp")
def set_smtp(body: SmtpIn, container: ContainerDep) -> dict[str, Any]:
    """Set the SMTP server (the password is stored encrypted with the server key)."""
    server = container.mail.configure(
        body.host,
        port=body.port,
        security=body.security,
        username=body.username,
        password=body.password,
        sender=body.sender,
        keep_password=body.keep_password,
    )
    return server.as_json()


@router.delete("/mail/smtp")
def remove_smtp(container: ContainerDep) -> dict[str, bool]:
    """Forget the SMTP server and its password."""
    return {"removed": container.mail.remove()}


@router.post("/mail/test")
def send_test(body: TestIn, container: ContainerDep) -> dict[str, str]:
    """Send a test message to ``to``; a failure is a 422 whose ``detail`` says why (a
    refused login, a server that cannot be reached, a refused recipient)."""
    message = container.mail.test(body.to)
    return {"sent_to": str(message["To"])}


@router.get("/digest")
def digest_preview(container: ContainerDep, lang: str | None = None) -> dict[str, Any]:
    """Today's digest of what this account may see (``lang``: its language)."""
    from rapport.domain.validation import check_language
    from rapport.services.digest import digest_json

    language = check_language(lang) if lang else None
    return digest_json(container.digest.build(lang=language))


@router.post("/digest/send")
def digest_send(body: DigestSendIn, container: ContainerDep) -> dict[str, str]:
    """Send the digest now to ``to`` or the ``email`` setting (owners)."""
    container.workspace.actor.check_owner()
    address, digest = container.digest.send(to=body.to)
    return {"sent_to": address, "day": digest.day.isoformat()}


@router.get("/notifications")
def notifications(container: ContainerDep, lang: str | None = None) -> dict[str, Any]:
    """Reminders this browser has not shown yet, each given once: ``{"notifications":
    [{"id", "kind", "title", "body", "url", "due_at"}], "close"}``; none in quiet hours."""
    from rapport.domain.validation import check_language
    from rapport.errors import RapportError
    from rapport.i18n import gettext

    language = container.settings.language
    if lang:
        with contextlib.suppress(RapportError):  # an unknown language: the setting's
            language = check_language(lang)
    found = container.digest.notifications(lang=language)
    keep = ("id", "kind", "title", "body", "url", "due_at")
    return {
        "notifications": [{k: n.get(k) for k in keep} for n in found],
        "close": gettext("mail", language, "Close"),
    }
