"""/api/mail: the SMTP server Rapport sends through, and a test message
(docs/integrations.md). Owners only."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from rapport.domain.digest import Digest
from rapport.jsonable import plain
from rapport.services.digest import Notification
from rapport.services.outbound_mail import MailServer
from rapport.web.api.results import model_of
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


class Removed(BaseModel):
    """DELETE /api/mail/smtp: whether a server was set (and is now forgotten)."""

    model_config = ConfigDict(extra="forbid")

    removed: bool


class TestSent(BaseModel):
    """POST /api/mail/test: the address the test message went to."""

    model_config = ConfigDict(extra="forbid")

    sent_to: str


class DigestSent(BaseModel):
    """POST /api/digest/send: where the digest went, and the day it is for."""

    model_config = ConfigDict(extra="forbid")

    sent_to: str
    day: date


@dataclass(frozen=True, slots=True)
class Notifications:
    """Reminders this browser has not shown yet, and the word for its Close button."""

    notifications: tuple[Notification, ...]
    close: str


@router.get("/mail/smtp", response_model=model_of(MailServer) | None)
def show_smtp(container: ContainerDep) -> Any:
    """The SMTP server (``has_password``, never the password), or null."""
    server = container.mail.server()
    return plain(server) if server else None


@router.put("/mail/smtp", response_model=model_of(MailServer))
def set_smtp(body: SmtpIn, container: ContainerDep) -> Any:
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
    return plain(server)


@router.delete("/mail/smtp", response_model=Removed)
def remove_smtp(container: ContainerDep) -> Any:
    """Forget the SMTP server and its password."""
    return {"removed": container.mail.remove()}


@router.post("/mail/test", response_model=TestSent)
def send_test(body: TestIn, container: ContainerDep) -> Any:
    """Send a test message to ``to``; a failure is a 422 whose ``detail`` says why (a
    refused login, a server that cannot be reached, a refused recipient)."""
    message = container.mail.test(body.to)
    return {"sent_to": str(message["To"])}


@router.get("/digest", response_model=model_of(Digest))
def digest_preview(container: ContainerDep, lang: str | None = None) -> Any:
    """Today's digest of what this account may see (``lang``: its language)."""
    from rapport.domain.validation import check_language

    language = check_language(lang) if lang else None
    return plain(container.digest.build(lang=language))


@router.post("/digest/send", response_model=DigestSent)
def digest_send(body: DigestSendIn, container: ContainerDep) -> Any:
    """Send the digest now to ``to`` or the ``email`` setting (owners)."""
    container.workspace.actor.check_owner()
    address, digest = container.digest.send(to=body.to)
    return {"sent_to": address, "day": digest.day.isoformat()}


@router.get("/notifications", response_model=model_of(Notifications))
def notifications(container: ContainerDep, lang: str | None = None) -> Any:
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
    return plain(Notifications(tuple(found), gettext("mail", language, "Close")))
