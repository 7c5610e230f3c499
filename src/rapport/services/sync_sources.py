"""Every source ``rapport sync`` reads, as one: the calendars (CalDAV, ICS addresses), the
address books (CardDAV), then the mailboxes (IMAP). ``rapport sync``, ``sync status``, the
scheduled job, the API and the Integrations page all go through :class:`SyncSources`
(docs/integrations.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rapport.services.calendar_sync import CalendarSyncService, SourceInfo, SourceResult
    from rapport.services.contact_sync import BookInfo, BookResult, ContactSyncService
    from rapport.services.mail_sync import MailboxInfo, MailSyncService


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """One source's last sync (``rapport sync status``): its number, address and kind,
    when it was last synced, what that did (the stored result, as its JSON) and its error."""

    id: int
    url: str
    kind: str
    last_sync_at: datetime | None
    last_result: dict[str, Any] | None
    error: str | None


class SyncSources:
    """Every source ``rapport sync`` reads — the calendars, the address books, then the
    mailboxes — synced and reported as one list."""

    def __init__(
        self,
        calendar_sync: CalendarSyncService,
        contact_sync: ContactSyncService,
        mail_sync: MailSyncService,
    ) -> None:
        self.calendar_sync = calendar_sync
        self.contact_sync = contact_sync
        self.mail_sync = mail_sync

    def any(self) -> bool:
        return bool(
            self.calendar_sync.sources() or self.contact_sync.books() or self.mail_sync.mailboxes()
        )

    def sync_all(self) -> list[SourceResult | BookResult]:
        """Every source once, now; a failing source does not stop the others."""
        return [
            *self.calendar_sync.sync_all(),
            *self.contact_sync.sync_all(),
            *self.mail_sync.sync_all(),
        ]

    def last_results(self) -> list[SourceStatus]:
        """Each source's last sync: the calendars, the address books, then the mailboxes."""
        sources: list[SourceInfo | BookInfo | MailboxInfo] = [
            *self.calendar_sync.sources(),
            *self.contact_sync.books(),
            *self.mail_sync.mailboxes(),
        ]
        return [
            SourceStatus(i.id, i.url, i.kind, i.last_sync_at, i.last_result, i.last_error)
            for i in sources
        ]
