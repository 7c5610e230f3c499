"""Typed repositories, one per aggregate: the only place above the rows that builds SQL.

Services open a unit of work (``db.transaction()`` or ``db.reading()``) and ask the
:class:`Repositories` made on its session for what they need::

    with self.db.transaction() as s:
        repos = Repositories(s, self.actor)
        client = repos.clients.by_name_or_id(name)
        repos.commitments.open_for(client.id)

Each repository takes the session and the caller's :class:`~base.ClientScope` (an
``Actor``), so queries about clients are limited to the clients the caller may see in the
repository, not in every service. Repositories return rows or domain dataclasses, never
``Select`` objects, and take plain values, never SQL clauses; services, pages and commands
import no SQLAlchemy (an import-linter contract in ``pyproject.toml`` holds that).
"""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.orm import Session

from rapport.storage.repositories.accounts import AccountRepository
from rapport.storage.repositories.address_books import AddressBookRepository
from rapport.storage.repositories.audit import AuditRepository
from rapport.storage.repositories.base import EVERYTHING, ClientScope
from rapport.storage.repositories.bookings import BookingRepository
from rapport.storage.repositories.calendars import CalendarRepository
from rapport.storage.repositories.clients import ClientRepository
from rapport.storage.repositories.commitments import CommitmentRepository
from rapport.storage.repositories.contacts import ContactRepository
from rapport.storage.repositories.conversations import ConversationRepository
from rapport.storage.repositories.interactions import InteractionRepository
from rapport.storage.repositories.jobs import JobRepository
from rapport.storage.repositories.mailboxes import MailboxRepository
from rapport.storage.repositories.meetings import MeetingRepository
from rapport.storage.repositories.notices import NoticeRepository
from rapport.storage.repositories.profile import ProfileRepository
from rapport.storage.repositories.records import RecordRepository
from rapport.storage.repositories.scores import ScoreRepository
from rapport.storage.repositories.webhooks import WebhookRepository
from rapport.storage.repositories.workspace_tables import WorkspaceTables

__all__ = ["EVERYTHING", "ClientScope", "Repositories"]


class Repositories:
    """Every aggregate's repository on one session, for one caller (mealie's
    ``AllRepositories``): made per unit of work, each repository built on first use."""

    def __init__(self, session: Session, scope: ClientScope = EVERYTHING) -> None:
        self.session = session
        self.scope = scope

    def flush(self) -> None:
        self.session.flush()

    @cached_property
    def clients(self) -> ClientRepository:
        return ClientRepository(self.session, self.scope)

    @cached_property
    def contacts(self) -> ContactRepository:
        return ContactRepository(self.session, self.scope)

    @cached_property
    def interactions(self) -> InteractionRepository:
        return InteractionRepository(self.session, self.scope)

    @cached_property
    def commitments(self) -> CommitmentRepository:
        return CommitmentRepository(self.session, self.scope)

    @cached_property
    def records(self) -> RecordRepository:
        return RecordRepository(self.session, self.scope)

    @cached_property
    def scores(self) -> ScoreRepository:
        return ScoreRepository(self.session, self.scope)

    @cached_property
    def profile(self) -> ProfileRepository:
        return ProfileRepository(self.session, self.scope)

    @cached_property
    def meetings(self) -> MeetingRepository:
        return MeetingRepository(self.session, self.scope)

    @cached_property
    def conversations(self) -> ConversationRepository:
        return ConversationRepository(self.session, self.scope)

    @cached_property
    def calendars(self) -> CalendarRepository:
        return CalendarRepository(self.session, self.scope)

    @cached_property
    def address_books(self) -> AddressBookRepository:
        return AddressBookRepository(self.session, self.scope)

    @cached_property
    def bookings(self) -> BookingRepository:
        return BookingRepository(self.session, self.scope)

    @cached_property
    def mailboxes(self) -> MailboxRepository:
        return MailboxRepository(self.session, self.scope)

    @cached_property
    def notices(self) -> NoticeRepository:
        return NoticeRepository(self.session, self.scope)

    @cached_property
    def webhooks(self) -> WebhookRepository:
        return WebhookRepository(self.session, self.scope)

    @cached_property
    def jobs(self) -> JobRepository:
        return JobRepository(self.session, self.scope)

    @cached_property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.session, self.scope)

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session, self.scope)

    @cached_property
    def workspace_tables(self) -> WorkspaceTables:
        return WorkspaceTables(self.session, self.scope)
