"""Reminders and the daily digest (docs/integrations.md, "Reminders and the daily digest").

:meth:`DigestService.build` fills a :class:`rapport.domain.digest.Digest` with what the
container's account may see (access is the workspace's, as everywhere): promises at risk
and overdue and touch-points due (the Today list's rules, rapport.services.reliability),
meetings today with their saved agendas, and clients whose trust is slipping.
:meth:`render` makes the e-mail (plain text and HTML, Jinja2 templates in
``rapport/web/templates/mail``) in the digest's language.

:meth:`tick` is what the server's scheduled ``notices`` job does: the digest once a day at
``digest_time`` (never twice on the same local day: each send is recorded in ``notices``,
which survives a restart), and an e-mail for each promise coming due and each meeting
starting soon, once. Nothing is sent in quiet hours; the digest waits until they end.
:meth:`notifications` gives a browser the reminders it has not shown yet, once each.

Who gets mail: the workspace's own digest and reminders (the single user, or in team mode
the owners, who see every client) go to the ``email`` setting. Accounts have no e-mail
address of their own in Rapport, so other team accounts read their digest on the Digest
page and get their reminders in the browser.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from rapport.clock import now as clock
from rapport.domain import commitments as ledger
from rapport.domain.digest import (
    AgendaLine,
    Digest,
    MeetingLine,
    PromiseLine,
    QuietHours,
    Reminder,
    TouchLine,
    TrustLine,
    digest_due,
    due_for_reminder,
    is_quiet,
    meeting_key,
    parse_clock,
    promise_key,
)
from rapport.domain.model import InteractionKind
from rapport.errors import InvalidInputError, RapportError
from rapport.storage.failures import IntegrityError
from rapport.storage.notice_rows import NoticeRow
from rapport.storage.repositories import EVERYTHING, Repositories
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.services.outbound_mail import MailService
    from rapport.services.reliability import ReliabilityService
    from rapport.services.reliability_results import AtRiskPromise, OverduePromise
    from rapport.services.workspace import WorkspaceService
    from rapport.storage.unit_of_work import Database

log = logging.getLogger(__name__)
DOMAIN = "mail"
LOCAL_ACCOUNT = 0
"""The account of the single user and of the command line (the owners' view)."""
DIGEST_LIMIT = 20
"""Entries per section of the digest; the counts say how many there are in all."""
RETRY_MINUTES = 15
"""A digest or reminder whose sending failed is tried again after this long."""
JOB_KIND = "notices"

L_NO_RECIPIENT = N_(
    "no address to send the digest to: set one with `rapport settings set email ADDRESS`"
)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


@dataclass(frozen=True, slots=True)
class Notification:
    """A reminder for a browser to show (``due_at``: ISO 8601); the texts are the
    reminder's, in the language it was made in."""

    id: int
    kind: str
    title: str | None
    body: str | None
    url: str | None
    due_at: str


@dataclass(frozen=True, slots=True)
class NoticeRun:
    """What one run of the scheduled job sent: the day's digest (``sent``, ``failed`` or
    None: not due), how many reminders, and why sending failed."""

    digest: str | None
    reminders: int
    errors: tuple[str, ...]


class DigestService:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        workspace: WorkspaceService,
        reliability: ReliabilityService,
        mail: MailService,
    ) -> None:
        self.db = db
        self.settings = settings
        self.workspace = workspace
        self.reliability = reliability
        self.mail = mail

    # --- who and when ----------------------------------------------------------------------
    @property
    def account(self) -> int:
        actor = self.workspace.actor
        if self.settings.mode == "team" and actor.user_id is not None:
            return actor.user_id
        return LOCAL_ACCOUNT

    def zone(self) -> ZoneInfo:
        return _zone(self.settings.timezone)

    def quiet(self) -> QuietHours | None:
        try:
            return QuietHours.parse(self.settings.quiet_hours)
        except ValueError:
            return None

    def on(self, kind: str) -> bool:
        return str(getattr(self.settings, f"notify_{kind}", "on")) != "off"

    def recipient(self) -> str | None:
        """Where this account's digest and reminders go by e-mail (None: nowhere)."""
        if self.account != LOCAL_ACCOUNT:
            return None
        return self.settings.my_email or None

    # --- the digest ----------------------------------------------------------------------
    def build(
        self, *, lang: str | None = None, at: datetime | None = None, limit: int = DIGEST_LIMIT
    ) -> Digest:
        """This account's digest for the local day of ``at`` (default now)."""
        lang = lang or self.settings.language
        explicit = at
        at = at or clock()
        zone = self.zone()
        day = at.astimezone(zone).date()
        today = self.reliability.today(lang=lang, limit=limit, at=explicit)
        counts = {
            "at_risk": today.counts.at_risk,
            "overdue": today.counts.overdue,
            "touchpoints_due": today.counts.touchpoints_due,
            "slipping": today.counts.slipping,
        }
        at_risk = tuple(_promise(e, e.due_in_days, overdue=False) for e in today.at_risk)
        overdue = tuple(_promise(e, e.days_overdue, overdue=True) for e in today.overdue)
        touch = tuple(
            TouchLine(
                client_id=t.client_id,
                client=t.client,
                due_at=t.due,
                cadence_days=int(t.cadence_days or 0),
                last_contact=t.last,
                days_overdue=int(float(t.days_overdue or 0)),
            )
            for t in today.touchpoints_due
        )
        slipping = tuple(
            TrustLine(
                client_id=s.client_id,
                client=s.client,
                trust=float(s.trust),
                reasons=tuple(str(r.text) for r in s.reasons),
            )
            for s in today.slipping
        )
        begin = datetime.combine(day, time(), zone)
        meetings = self.meetings(begin, begin + timedelta(days=1))
        counts["meetings"] = len(meetings)
        if not self.on("promises"):
            at_risk, overdue = (), ()
            counts["at_risk"] = counts["overdue"] = 0
        if not self.on("touchpoints"):
            touch, counts["touchpoints_due"] = (), 0
        if not self.on("meetings"):
            meetings, counts["meetings"] = [], 0
        if not self.on("trust"):
            slipping, counts["slipping"] = (), 0
        return Digest(
            day=day,
            language=lang,
            time_zone=self.settings.timezone,
            at_risk=at_risk,
            overdue=overdue,
            touchpoints=touch,
            meetings=tuple(meetings[:limit]),
            slipping=slipping,
            counts=counts,
        )

    def meetings(self, begin: datetime, end: datetime) -> list[MeetingLine]:
        """Meetings starting in [begin, end) that this account may see: logged or synced
        meeting interactions, and planned meetings with a saved agenda (attached to the
        interaction they match by link, or by client and start), by start."""
        kinds = [k for k in InteractionKind if k.is_meeting]
        with self.db.reading() as s:
            repos = Repositories(s, self.workspace.actor)
            rows = repos.interactions.named_meetings_between(begin, end, kinds)
            found = [
                MeetingLine(
                    client_id=cid,
                    client=name,
                    start=start,
                    duration_min=minutes,
                    summary=summary or "",
                    interaction_id=iid,
                )
                for iid, cid, start, minutes, summary, name in rows
            ]
            saved = repos.meetings.agendas_between(begin, end)
            lines = []
            for row, name in saved:
                items = tuple(
                    AgendaLine(str(t.get("title", "")), int(t.get("minutes") or 0))
                    for t in row.items
                )
                lines.append(
                    (
                        row.id,
                        row.client_id,
                        row.start,
                        row.interaction_id,
                        name,
                        items,
                        row.total_min,
                        row.opening_line,
                        row.slot_min,
                    )
                )
        for aid, cid, start, linked, name, items, total, opening, slot in lines:
            match = next(
                (
                    n
                    for n, m in enumerate(found)
                    if m.agenda_id is None
                    and m.client_id == cid
                    and (m.interaction_id == linked or m.start == start)
                ),
                None,
            )
            extra: dict[str, Any] = {
                "agenda_id": aid,
                "agenda": items,
                "agenda_total_min": total,
                "opening_line": opening,
            }
            if match is not None:
                found[match] = MeetingLine(**{**asdict(found[match]), **extra})
            else:
                found.append(
                    MeetingLine(
                        client_id=cid,
                        client=name,
                        start=start,
                        duration_min=slot or total,
                        summary="",
                        **extra,
                    )
                )
        found.sort(key=lambda m: (m.start, m.client))
        return found

    def render(self, digest: Digest, *, base_url: str | None = None) -> tuple[str, str, str]:
        """(subject, plain text, HTML) of the digest e-mail in its language."""
        from rapport.services.mail_render import render_digest

        return render_digest(digest, self.settings.me, base_url or self._base())

    def _base(self) -> str:
        return f"http://{self.settings.host}:{self.settings.port}"

    def message(self, digest: Digest, to: str) -> EmailMessage:
        subject, text, html = self.render(digest)
        message = EmailMessage()
        message["To"] = to
        message["Subject"] = subject
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        return message

    def send(self, *, to: str | None = None, at: datetime | None = None) -> tuple[str, Digest]:
        """Send this account's digest now (``rapport digest send``), to ``to`` or the
        ``email`` setting; it does not count as the day's scheduled digest."""
        from rapport.services.outbound_mail import check_address

        address = check_address(to) if to else self.recipient()
        if not address:
            raise InvalidInputError(L_NO_RECIPIENT)
        digest = self.build(at=at)
        self.mail.send(self.message(digest, address))
        return address, digest

    # --- reminders -----------------------------------------------------------------------
    def reminders(self, *, lang: str | None = None, at: datetime | None = None) -> list[Reminder]:
        """Promises coming due within ``reminder_lead_hours`` and meetings starting within
        ``meeting_reminder_minutes`` that this account may see (each switch permitting)."""
        at = at or clock()
        found: list[Reminder] = []
        if self.on("promises") and self.settings.reminder_lead_hours > 0:
            lead = timedelta(hours=self.settings.reminder_lead_hours)
            with self.db.reading() as s:
                commitments = Repositories(s, self.workspace.actor).commitments
                for pid, cid, text, due, name in commitments.due_between_with_names(
                    ledger.PENDING, at, at + lead
                ):
                    found.append(Reminder("promise", promise_key(pid, due), due, cid, name, text))
        if self.on("meetings") and self.settings.meeting_reminder_minutes > 0:
            lead = timedelta(minutes=self.settings.meeting_reminder_minutes)
            for m in self.meetings(at, at + lead + timedelta(seconds=1)):
                if not due_for_reminder(m.start, at, lead):
                    continue
                ref = f"i{m.interaction_id}" if m.interaction_id else f"a{m.agenda_id}"
                found.append(
                    Reminder(
                        "meeting",
                        meeting_key(m.client_id, m.start, ref),
                        m.start,
                        m.client_id,
                        m.client,
                        m.summary,
                        m.agenda,
                    )
                )
        return sorted(found, key=lambda r: (r.due_at, r.key))

    def reminder_texts(
        self, reminder: Reminder, lang: str, at: datetime | None = None
    ) -> dict[str, str]:
        """The reminder's texts; its due time names its day as seen at ``at`` (now)."""
        from rapport.services.mail_render import reminder_payload

        zone = self.zone()
        return reminder_payload(reminder, lang, zone, (at or clock()).astimezone(zone).date())

    def _record(
        self, reminder: Reminder, lang: str, at: datetime | None = None
    ) -> NoticeRow | None:
        """The notice for ``reminder`` (made now if new); None if it vanished."""
        account = self.account
        with self.db.transaction() as s:
            notices = Repositories(s, EVERYTHING).notices
            row = notices.find(account, reminder.kind, reminder.key)
            if row is not None:
                return notices.detach(row)
        try:
            with self.db.transaction() as s:
                notices = Repositories(s, EVERYTHING).notices
                row = NoticeRow(
                    account=account,
                    kind=reminder.kind,
                    key=reminder.key,
                    created_at=clock(),
                    due_at=reminder.due_at,
                    payload=self.reminder_texts(reminder, lang, at),
                )
                notices.add(row)
                notices.flush()
                return notices.detach(row)
        except IntegrityError:  # made at the same moment by another request
            with self.db.reading() as s:
                notices = Repositories(s, EVERYTHING).notices
                found = notices.find(account, reminder.kind, reminder.key)
                return notices.detach(found) if found is not None else None

    def notifications(
        self, *, lang: str | None = None, at: datetime | None = None
    ) -> list[Notification]:
        """Reminders a browser of this account has not shown yet (each given once); none
        in quiet hours."""
        at = at or clock()
        lang = lang or self.settings.language
        if is_quiet(self.quiet(), at.astimezone(self.zone())):
            return []
        out: list[Notification] = []
        for reminder in self.reminders(lang=lang, at=at):
            row = self._record(reminder, lang, at)
            if row is None or row.shown_at is not None:
                continue
            with self.db.transaction() as s:
                claimed = Repositories(s, EVERYTHING).notices.mark_shown(row.id, at)
            if claimed:
                out.append(
                    Notification(
                        id=row.id,
                        kind=row.kind,
                        title=row.payload.get("title"),
                        body=row.payload.get("body"),
                        url=row.payload.get("url"),
                        due_at=reminder.due_at.isoformat(),
                    )
                )
        return out

    # --- the scheduled job ------------------------------------------------------------------
    def _sent_today(self, day: date) -> NoticeRow | None:
        with self.db.reading() as s:
            notices = Repositories(s, EVERYTHING).notices
            row = notices.find(self.account, "digest", day.isoformat())
            return notices.detach(row) if row is not None else None

    def work_due(self, at: datetime | None = None) -> bool:
        """Whether :meth:`tick` has something to send now (cheap; the scheduler asks
        before submitting a job)."""
        at = at or clock()
        if not self.recipient() or not self.mail.configured():
            return False
        local = at.astimezone(self.zone())
        if is_quiet(self.quiet(), local):
            return False
        if self._digest_due(at):
            return True
        return any(self._mail_pending(r, at) for r in self.reminders(at=at))

    def _digest_due(self, at: datetime) -> bool:
        if not self.on("digest"):
            return False
        local = at.astimezone(self.zone())
        try:
            when = parse_clock(self.settings.digest_time)
        except ValueError:
            when = time(7, 30)
        row = self._sent_today(local.date())
        sent = row is not None and (row.mailed_at is not None or not _retry_ready(row, at))
        return digest_due(local, when, self.quiet(), sent_today=sent)

    def _mail_pending(self, reminder: Reminder, at: datetime) -> bool:
        with self.db.reading() as s:
            row = Repositories(s, EVERYTHING).notices.find(
                self.account, reminder.kind, reminder.key
            )
            return row is None or (row.mailed_at is None and _retry_ready(row, at))

    def tick(self, at: datetime | None = None) -> NoticeRun:
        """Send what is due by e-mail now: the day's digest (once) and each reminder
        (once)."""
        given = at  # None: now, and the digest reads the stored facts (the fast way)
        at = at or clock()
        digest: str | None = None
        reminders = 0
        errors: list[str] = []
        to = self.recipient()
        if not to or not self.mail.configured():
            return NoticeRun(digest, reminders, ())
        local = at.astimezone(self.zone())
        if is_quiet(self.quiet(), local):
            return NoticeRun(digest, reminders, ())
        lang = self.settings.language
        if self._digest_due(at):
            key = local.date().isoformat()
            row = self._claim("digest", key, at, {"to": to})
            if row is not None:
                try:
                    self.mail.send(self.message(self.build(at=given), to))
                    digest = "sent"
                except RapportError as exc:
                    self._failed(row, exc, at)
                    digest = "failed"
                    errors.append(exc.message)
        for reminder in self.reminders(lang=lang, at=at):
            notice = self._record(reminder, lang, at)
            if notice is None or notice.mailed_at is not None or not _retry_ready(notice, at):
                continue
            claimed = self._claim(reminder.kind, reminder.key, at, None)
            if claimed is None:
                continue
            try:
                self.mail.send(self._reminder_message(claimed.payload, to))
                reminders += 1
            except RapportError as exc:
                self._failed(claimed, exc, at)
                errors.append(exc.message)
        return NoticeRun(digest, reminders, tuple(errors))

    def _claim(
        self, kind: str, key: str, at: datetime, payload: dict[str, Any] | None
    ) -> NoticeRow | None:
        """Mark the notice as mailed (making it, for the digest) unless it already is:
        the row when this call won it, None otherwise (sent already, or by another)."""
        account = self.account
        if payload is not None:
            try:
                with self.db.transaction() as s:
                    notices = Repositories(s, EVERYTHING).notices
                    if not notices.exists(account, kind, key):
                        notices.add(
                            NoticeRow(
                                account=self.account,
                                kind=kind,
                                key=key,
                                created_at=at,
                                due_at=None,
                                payload=payload,
                            )
                        )
            except IntegrityError:
                pass
        with self.db.transaction() as s:
            notices = Repositories(s, EVERYTHING).notices
            if not notices.mark_mailed(account, kind, key, at):
                return None
            return notices.detach(notices.the(account, kind, key))

    def _failed(self, row: NoticeRow, exc: RapportError, at: datetime) -> None:
        """Sending failed: not mailed after all; tried again after RETRY_MINUTES."""
        log.warning("sending %s %s failed: %s", row.kind, row.key, exc.message)
        with self.db.transaction() as s:
            stored = Repositories(s, EVERYTHING).notices.by_id(row.id)
            if stored is not None:
                stored.mailed_at = None
                stored.payload = {
                    **stored.payload,
                    "error": exc.message,
                    "failed_at": at.isoformat(),
                }

    def _reminder_message(self, payload: dict[str, Any], to: str) -> EmailMessage:
        message = EmailMessage()
        message["To"] = to
        message["Subject"] = str(payload["subject"])
        message.set_content(str(payload["text"]))
        return message


def _retry_ready(row: NoticeRow, at: datetime) -> bool:
    failed = (row.payload or {}).get("failed_at")
    if not failed:
        return True
    return at >= datetime.fromisoformat(failed) + timedelta(minutes=RETRY_MINUTES)


def _promise(entry: AtRiskPromise | OverduePromise, days: float, *, overdue: bool) -> PromiseLine:
    return PromiseLine(
        id=int(entry.id or 0),
        client_id=int(entry.client_id),
        client=str(entry.client or ""),
        text=str(entry.text),
        due_at=entry.due,
        days=int(days),
        overdue=overdue,
        announced=bool(entry.announced),
    )
