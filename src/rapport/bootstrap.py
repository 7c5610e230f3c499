"""The composition root: settings -> engine -> database -> services.

Everything is built on demand here and nowhere else; importing this module builds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from rapport.config import Settings, load_settings
from rapport.services.assessment import AssessmentService
from rapport.services.backup import BackupService
from rapport.services.imports import ImportService
from rapport.services.portfolio import PortfolioService
from rapport.services.reliability import ReliabilityService
from rapport.services.trust import TrustService
from rapport.services.workspace import WorkspaceService
from rapport.storage import database
from rapport.storage.unit_of_work import Database

if TYPE_CHECKING:
    from rapport.policy.access import Actor
    from rapport.services.accounts import AccountService
    from rapport.services.agendas import AgendaService
    from rapport.services.audit import AuditService
    from rapport.services.booking import BookingService
    from rapport.services.calendar_review import CalendarReviewService
    from rapport.services.calendar_sync import CalendarSyncService
    from rapport.services.client_facts import ClientFactsService
    from rapport.services.contact_sync import ContactSyncService
    from rapport.services.conversation import ConversationService
    from rapport.services.corrections import CorrectionService
    from rapport.services.digest import DigestService
    from rapport.services.drafting import DraftService
    from rapport.services.feed import FeedService
    from rapport.services.hours import HoursService
    from rapport.services.jobs import JobRunner
    from rapport.services.mail_sync import MailSyncService
    from rapport.services.meetings import MeetingService
    from rapport.services.outbound_mail import MailService
    from rapport.services.profile import ProfileService
    from rapport.services.reanalysis import ReanalysisService
    from rapport.services.sync_sources import SyncSources
    from rapport.services.triage import TriageService
    from rapport.services.webhooks import WebhookService


def engine_from_settings(settings: Settings | None = None) -> Engine:
    settings = settings or load_settings()
    return database.create_engine(settings.resolved_database_url())


@dataclass
class Container:
    """The wired application. Services are created on first use and then reused."""

    settings: Settings
    migrate: bool = True
    # Who is acting (docs/security.md); None: the local command line, as an owner.
    actor: Actor | None = None
    _migrated: bool = field(default=False, init=False)

    @cached_property
    def engine(self) -> Engine:
        return engine_from_settings(self.settings)

    @cached_property
    def db(self) -> Database:
        from rapport.crypto import mode
        from rapport.services import audit, events

        mode.check_startup(self.settings)
        audit.install()
        events.install()
        if self.migrate and not self._migrated:
            database.upgrade(self.engine)
            self._migrated = True
        db = Database(self.engine, info=self._audit_info())
        self._apply_profile(db)
        return db

    def _apply_profile(self, db: Database) -> None:
        """Stored settings fill what the environment left at its default (docs/settings.md)."""
        from sqlalchemy.exc import SQLAlchemyError

        from rapport.services.profile import ProfileService

        try:
            ProfileService(db, self.settings).refresh()
        except SQLAlchemyError:
            if self.migrate:
                raise
            # not migrated (``migrate=False``): no table yet, the defaults and env stand

    @cached_property
    def profile(self) -> ProfileService:
        from rapport.services.profile import ProfileService

        return ProfileService(self.db, self.settings, *self._acting())

    @cached_property
    def workspace(self) -> WorkspaceService:
        return WorkspaceService(self.db, *self._acting())

    @cached_property
    def backups(self) -> BackupService:
        _ = self.db  # migrated first
        return BackupService(self.engine, *self._acting())

    @cached_property
    def imports(self) -> ImportService:
        return ImportService(self.db, *self._acting())

    @cached_property
    def assessment(self) -> AssessmentService:
        return AssessmentService(
            self.db, *self._acting(), single_user=self.settings.mode == "single"
        )

    @cached_property
    def trust(self) -> TrustService:
        # Analysed transcripts feed self-orientation and intimacy through ConversationSignals.
        return TrustService(self.db, self.workspace, self.client_facts)

    @cached_property
    def client_facts(self) -> ClientFactsService:
        from rapport.services.client_facts import ClientFactsService

        return ClientFactsService(
            self.db,
            self.workspace.actor,
            self.assessment,
            signals_for=self.conversation.signals_for,
            analysed_clients=self.conversation.analysed_clients,
        )

    @cached_property
    def reliability(self) -> ReliabilityService:
        s = self.settings
        return ReliabilityService(
            self.workspace,
            self.trust,
            at_risk_days=s.at_risk_days,
            slipping_threshold=s.trust_slipping_threshold,
            hours=self.hours,
        )

    @cached_property
    def hours(self) -> HoursService:
        """Meeting hours against the weekly and monthly caps."""
        from rapport.services.hours import HoursService

        return HoursService(self.workspace, self.settings)

    @cached_property
    def portfolio(self) -> PortfolioService:
        threshold = self.settings.concentration_threshold
        return PortfolioService(self.workspace, concentration_threshold=threshold)

    @cached_property
    def drafts(self) -> DraftService:
        from rapport.services.drafting import DraftService

        return DraftService(self.workspace, self.settings, self.profile)

    @cached_property
    def agendas(self) -> AgendaService:
        from rapport.services.agendas import AgendaService
        from rapport.services.calendar_writeback import write_agenda

        return AgendaService(self.workspace, self.settings, write_back=write_agenda)

    @cached_property
    def triage(self) -> TriageService:
        from rapport.services.triage import TriageService

        return TriageService(self.workspace, self.drafts, self.settings)

    @cached_property
    def meetings(self) -> MeetingService:
        from rapport.services.meetings import MeetingService

        return MeetingService(self.workspace)

    @cached_property
    def conversation(self) -> ConversationService:
        from rapport.services.conversation import ConversationService

        return ConversationService(self.db, self.workspace, self.settings)

    @cached_property
    def corrections(self) -> CorrectionService:
        """The user's corrections of utterance labels in stored analysed meetings."""
        from rapport.services.corrections import CorrectionService

        return CorrectionService(self.db, self.workspace)

    @cached_property
    def reanalysis(self) -> ReanalysisService:
        """Stored meetings labelled again with the current labeller."""
        from rapport.services.reanalysis import ReanalysisService

        return ReanalysisService(self.db, self.workspace, self.conversation, self.corrections)

    @cached_property
    def jobs(self) -> JobRunner:
        """Background jobs: the PostgreSQL queue in team mode, a thread of this process
        otherwise (see rapport.services.jobs)."""
        from rapport.services.jobs import InProcessRunner, JobStore, load_job_modules

        s = self.settings
        load_job_modules(s.job_modules)
        store = JobStore(self.db, *self._acting())
        retry, attempts = s.job_retry_seconds, s.job_max_attempts
        if s.mode == "team":
            from rapport.services.job_queue import QueueRunner

            url = s.resolved_database_url()
            return QueueRunner(
                self, store, database_url=url, retry_seconds=retry, max_attempts=attempts
            )
        return InProcessRunner(self, store, retry_seconds=retry, max_attempts=attempts)

    def job_services(self, user_id: int | None) -> Callable[[str], object] | None:
        """What a background job names (rapport.services.jobs), for the account that
        submitted it (None: this container's own actor); None when that account is gone."""
        scoped = self
        if user_id is not None:
            actor = self.accounts.actor_by_id(user_id)
            if actor is None:
                return None
            if actor != self.actor:
                scoped = self.for_actor(actor)
        return scoped.service

    def service(self, name: str) -> object:
        """One of the services above, or the settings, by name (a job's keyword-only
        parameter); LookupError for anything else."""
        if name == "settings" or isinstance(getattr(type(self), name, None), cached_property):
            return getattr(self, name)
        raise LookupError(f"no service called {name!r}")

    @cached_property
    def calendar_sync(self) -> CalendarSyncService:
        """Calendars read into interactions (docs/integrations.md); owners only."""
        from rapport.services.calendar_sync import CalendarSyncService

        return CalendarSyncService(self.db, self.settings, *self._acting())

    @cached_property
    def mail_sync(self) -> MailSyncService:
        """Mailboxes read into e-mail interactions (docs/integrations.md); owners only."""
        from rapport.services.mail_sync import MailSyncService

        return MailSyncService(self.db, self.settings, *self._acting())

    @cached_property
    def contact_sync(self) -> ContactSyncService:
        """Address books synced with clients' contacts, both ways (CardDAV,
        docs/integrations.md); owners only."""
        from rapport.services.contact_sync import ContactSyncService

        return ContactSyncService(self.db, self.settings, *self._acting())

    @cached_property
    def sync_sources(self) -> SyncSources:
        """Every source ``rapport sync`` reads, as one (docs/integrations.md)."""
        from rapport.services.sync_sources import SyncSources

        return SyncSources(self.calendar_sync, self.contact_sync, self.mail_sync)

    @cached_property
    def calendar_review(self) -> CalendarReviewService:
        """Unmatched organisers of synced events, to make clients of (owners only)."""
        from rapport.services.calendar_review import CalendarReviewService

        return CalendarReviewService(self.db, self.calendar_sync, *self._acting())

    @cached_property
    def feed(self) -> FeedService:
        """The secret ICS feed of promises and touch-points."""
        from rapport.services.feed import FeedService

        return FeedService(self.db, self.settings, *self._acting())

    @cached_property
    def booking(self) -> BookingService:
        """Booking pages per client (docs/integrations.md "Booking page")."""
        from rapport.services.booking import BookingService

        return BookingService(
            self.db,
            self.settings,
            workspace=self.workspace,
            triage=self.triage,
            agendas=self.agendas,
            calendar_sync=self.calendar_sync,
            mail=self.mail,
        )

    @cached_property
    def mail(self) -> MailService:
        """The SMTP server and sending through it (docs/integrations.md)."""
        from rapport.services.outbound_mail import MailService

        return MailService(self.db, self.settings, *self._acting())

    @cached_property
    def digest(self) -> DigestService:
        """The daily digest and reminders (docs/integrations.md)."""
        from rapport.services.digest import DigestService

        return DigestService(
            self.db,
            self.settings,
            workspace=self.workspace,
            reliability=self.reliability,
            mail=self.mail,
        )

    @cached_property
    def webhooks(self) -> WebhookService:
        """Outgoing webhooks (docs/webhooks.md); owners only. Deliveries run as jobs."""
        from rapport.services.webhooks import WebhookService

        return WebhookService(self.db, self.settings, *self._acting(), jobs=self.jobs)

    def _dispatch_webhooks(self, delivery_ids: list[int]) -> None:
        """Hand new webhook deliveries to this (root) container's job queue."""
        from rapport.services.webhooks import WebhookService

        WebhookService(self.db, self.settings, jobs=self.jobs).dispatch(delivery_ids)

    @cached_property
    def accounts(self) -> AccountService:
        from rapport.services.accounts import AccountService

        return AccountService(self.db, self.settings, self.workspace, *self._acting())

    @cached_property
    def audit(self) -> AuditService:
        from rapport.services.audit import AuditService

        return AuditService(self.db, *self._acting())

    def _audit_info(self) -> dict[str, object]:
        """What the audit log reads from every session (rapport.services.audit)."""
        from rapport.services import events

        return {
            "audit_retention_days": self.settings.audit_retention_days,
            # after a commit, new webhook deliveries go to the root's job queue
            events.DISPATCH_KEY: self._dispatch_webhooks,
        }

    def _acting(self) -> list[Actor]:
        return [self.actor] if self.actor else []

    def for_actor(self, actor: Actor) -> Container:
        """A container for one request: the same engine, services limited to ``actor``."""
        from rapport.storage.unit_of_work import Database

        scoped = Container(settings=self.settings, migrate=False, actor=actor)
        scoped.__dict__["engine"] = self.engine
        info = {**self.db.info, "actor": actor.name}
        scoped.__dict__["db"] = Database(self.db.engine, info=info)
        return scoped

    def close(self) -> None:
        if "jobs" in self.__dict__:
            self.jobs.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


def build(settings: Settings | None = None, *, migrate: bool = True) -> Container:
    return Container(settings=settings or load_settings(), migrate=migrate)
