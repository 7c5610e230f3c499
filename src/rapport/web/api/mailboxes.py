"""/api/mailboxes and /api/mail-promises: the mailboxes Rapport reads over IMAP and the
promises found in sent mail, offered as commitments (docs/integrations.md "E-mail logging
(IMAP)"). Owners only (they read and write every client). ``POST /api/sync`` syncs them
with the calendars."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from rapport.services.mail_sync import FolderInfo, MailboxInfo, OfferInfo
from rapport.web.api.bounds import Day, PathId
from rapport.web.api.results import model_of
from rapport.web.deps import ContainerDep

router = APIRouter(tags=["mailboxes"])


class MailboxIn(BaseModel):
    host: Annotated[str, Field(min_length=1, max_length=255)]
    username: Annotated[str, Field(min_length=1, max_length=200)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]
    port: Annotated[int | None, Field(ge=1, le=65535)] = None
    security: Literal["tls", "starttls", "none"] = "tls"
    folders: Annotated[list[Annotated[str, Field(max_length=500)]], Field(max_length=50)] = []
    sent_folder: Annotated[str | None, Field(max_length=500)] = None
    store_bodies: bool = False


class AcceptIn(BaseModel):
    due: Day | None = None


@router.get("/mailboxes", response_model=list[model_of(MailboxInfo)])  # type: ignore[misc]
def list_mailboxes(container: ContainerDep) -> Any:
    """The mailboxes, each with its folders and last sync (never the password)."""
    return [asdict(i) for i in container.mail_sync.mailboxes()]


@router.post("/mailboxes", status_code=201, response_model=model_of(MailboxInfo))
def add_mailbox(body: MailboxIn, container: ContainerDep) -> Any:
    """Add an IMAP mailbox (the password is stored encrypted with the server key)."""
    info = container.mail_sync.add(
        body.host,
        username=body.username,
        password=body.password,
        port=body.port,
        security=body.security,
        folders=body.folders,
        sent_folder=body.sent_folder,
        store_bodies=body.store_bodies,
    )
    return asdict(info)


@router.delete("/mailboxes/{mailbox_id}", response_model=model_of(MailboxInfo))
def remove_mailbox(
    mailbox_id: PathId, container: ContainerDep, delete_interactions: bool = False
) -> Any:
    """Stop reading a mailbox; the interactions it logged stay unless
    ``delete_interactions``."""
    return asdict(container.mail_sync.remove(mailbox_id, keep_interactions=not delete_interactions))


@router.get(
    "/mailboxes/{mailbox_id}/folders",
    response_model=list[model_of(FolderInfo)],  # type: ignore[misc]
)
def mailbox_folders(mailbox_id: PathId, container: ContainerDep) -> Any:
    """The server's folders, marking those this mailbox reads (asks the server)."""
    return [asdict(f) for f in container.mail_sync.folders(mailbox_id)]


@router.get("/mail-promises", response_model=list[model_of(OfferInfo)])  # type: ignore[misc]
def offered_promises(container: ContainerDep) -> Any:
    """Promises found in sent mail, still offered."""
    return [asdict(o) for o in container.mail_sync.offers()]


@router.post("/mail-promises/{promise_id}/accept", response_model=model_of(OfferInfo))
def accept_promise(
    promise_id: PathId, container: ContainerDep, body: AcceptIn | None = None
) -> Any:
    """Add it to the ledger (due at 17:00 on its day in your zone; ``due`` overrides)."""
    return asdict(container.mail_sync.accept(promise_id, due=body.due if body else None))


@router.post("/mail-promises/{promise_id}/dismiss", response_model=model_of(OfferInfo))
def dismiss_promise(promise_id: PathId, container: ContainerDep) -> Any:
    """Dismiss it; it is not offered again."""
    return asdict(container.mail_sync.dismiss(promise_id))
