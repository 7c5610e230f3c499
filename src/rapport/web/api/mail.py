"""/api/mail: the SMTP server Rapport sends through, and a test message
(docs/integrations.md). Owners only."""

from __future__ import annotations

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
