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
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

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
from rapport.storage.agendas_rows import SavedAgendaRow
from rapport.storage.notice_rows import NoticeRow
from rapport.storage.orm import ClientRow, CommitmentRow, InteractionRow
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.services.outbound_mail import MailService
    from rapport.services.reliability import ReliabilityService
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


def _iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


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
        counts = dict(today["counts"])
        at_risk = tuple(_promise(e, overdue=False) for e in today["at_risk"])
        overdue = tuple(_promise(e, overdue=True) for e in today["overdue"])
        touch = tuple(
            TouchLine(
                client_id=t["client_id"],
                client=t["client"],
                due_at=datetime.fromisoformat(t["due_at"]),
                cadence_days=int(t.get("cadence_days") or 0),
                last_contact=_iso(t.get("last_contact")),
                days_overdue=int(float(t.get("days_overdue") or 0)),
            )
            for t in today["touchpoints_due"]
        )
        slipping = tuple(
            TrustLine(
                client_id=s["client_id"],
                client=s["client"],
                trust=float(s["trust"]),
                reasons=tuple(str(r["text"]) for r in s["reasons"]),
            )
            for s in today["slipping"]
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
        ws = self.workspace
        i = InteractionRow
        kinds = [k for k in InteractionKind if k.is_meeting]
        query = ws.actor.filter_clients(
            sa.select(i.id, i.client_id, i.started_at, i.duration_min, i.summary, ClientRow.name)
            .join(ClientRow, ClientRow.id == i.client_id)
            .where(i.started_at >= begin, i.started_at < end, i.kind.in_(kinds))
            .order_by(i.started_at, i.id),
            i.client_id,
        )
        a = SavedAgendaRow
        agendas = ws.actor.filter_clients(
            sa.select(a, ClientRow.name)
            .join(ClientRow, ClientRow.id == a.client_id)
            .where(a.start >= begin, a.start < end)
            .order_by(a.start, a.id),
            a.client_id,
        )
        with self.db.reading() as s:
            found = [
                MeetingLine(
                    client_id=cid,
                    client=name,
                    start=start,
                    duration_min=minutes,
                    summary=summary or "",
                    interaction_id=iid,
                )
                for iid, cid, start, minutes, summary, name in s.execute(query)
            ]
            saved = [(row, name) for row, name in s.execute(agendas)]
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
            extra = {
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
            c = CommitmentRow
            ws = self.workspace
            query = ws.actor.filter_clients(
                sa.select(c.id, c.client_id, c.text, c.due_at, ClientRow.name)
                .join(ClientRow, ClientRow.id == c.client_id)
                .where(c.status.in_(ledger.PENDING), c.due_at > at, c.due_at <= at + lead)
                .order_by(c.due_at, c.id),
                c.client_id,
            )
            with self.db.reading() as s:
                for pid, cid, text, due, name in s.execute(query):
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
        where = (
            NoticeRow.account == account,
            NoticeRow.kind == reminder.kind,
            NoticeRow.key == reminder.key,
        )
        with self.db.transaction() as s:
            row = s.scalars(sa.select(NoticeRow).where(*where)).first()
            if row is not None:
                s.expunge(row)
                return row
        try:
            with self.db.transaction() as s:
                row = NoticeRow(
                    account=account,
                    kind=reminder.kind,
                    key=reminder.key,
                    created_at=clock(),
                    due_at=reminder.due_at,
                    payload=self.reminder_texts(reminder, lang, at),
                )
                s.add(row)
                s.flush()
                s.expunge(row)
                return row
        except IntegrityError:  # made at the same moment by another request
            with self.db.reading() as s:
                found = s.scalars(sa.select(NoticeRow).where(*where)).first()
                if found is not None:
                    s.expunge(found)
                return found

    def notifications(
        self, *, lang: str | None = None, at: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Reminders a browser of this account has not shown yet (each given once), as
        ``{"id", "kind", "title", "body", "url", "due_at"}``; none in quiet hours."""
        at = at or clock()
        lang = lang or self.settings.language
        if is_quiet(self.quiet(), at.astimezone(self.zone())):
            return []
        out: list[dict[str, Any]] = []
        for reminder in self.reminders(lang=lang, at=at):
            row = self._record(reminder, lang, at)
            if row is None or row.shown_at is not None:
                continue
            with self.db.transaction() as s:
                claimed = s.execute(
                    sa.update(NoticeRow)
                    .where(NoticeRow.id == row.id, NoticeRow.shown_at.is_(None))
                    .values(shown_at=at)
                ).rowcount  # type: ignore[attr-defined]
            if claimed:
                out.append(
                    {
                        "id": row.id,
                        "kind": row.kind,
                        "due_at": reminder.due_at.isoformat(),
                        **row.payload,
                    }
                )
        return out

    # --- the scheduled job ------------------------------------------------------------------
    def _sent_today(self, day: date) -> NoticeRow | None:
        with self.db.reading() as s:
            row = s.scalars(
                sa.select(NoticeRow).where(
                    NoticeRow.account == self.account,
                    NoticeRow.kind == "digest",
                    NoticeRow.key == day.isoformat(),
                )
            ).first()
            if row is not None:
                s.expunge(row)
            return row

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
            row = s.scalars(
                sa.select(NoticeRow).where(
                    NoticeRow.account == self.account,
                    NoticeRow.kind == reminder.kind,
                    NoticeRow.key == reminder.key,
                )
            ).first()
            return row is None or (row.mailed_at is None and _retry_ready(row, at))

    def tick(self, at: datetime | None = None) -> dict[str, Any]:
        """Send what is due by e-mail now: the day's digest (once) and each reminder
        (once). Returns ``{"digest": "sent"|"failed"|None, "reminders": N, "errors": [...]}``."""
        given = at  # None: now, and the digest reads the stored facts (the fast way)
        at = at or clock()
        result: dict[str, Any] = {"digest": None, "reminders": 0, "errors": []}
        to = self.recipient()
        if not to or not self.mail.configured():
            return result
        local = at.astimezone(self.zone())
        if is_quiet(self.quiet(), local):
            return result
        lang = self.settings.language
        if self._digest_due(at):
            key = local.date().isoformat()
            row = self._claim("digest", key, at, {"to": to})
            if row is not None:
                try:
                    self.mail.send(self.message(self.build(at=given), to))
                    result["digest"] = "sent"
                except RapportError as exc:
                    self._failed(row, exc, at)
                    result["digest"] = "failed"
                    result["errors"].append(exc.message)
        for reminder in self.reminders(lang=lang, at=at):
            notice = self._record(reminder, lang, at)
            if notice is None or notice.mailed_at is not None or not _retry_ready(notice, at):
                continue
            claimed = self._claim(reminder.kind, reminder.key, at, None)
            if claimed is None:
                continue
            try:
                self.mail.send(self._reminder_message(claimed.payload, to))
                result["reminders"] += 1
            except RapportError as exc:
                self._failed(claimed, exc, at)
                result["errors"].append(exc.message)
        return result

    def _claim(
        self, kind: str, key: str, at: datetime, payload: dict[str, Any] | None
    ) -> NoticeRow | None:
        """Mark the notice as mailed (making it, for the digest) unless it already is:
        the row when this call won it, None otherwise (sent already, or by another)."""
        where = (NoticeRow.account == self.account, NoticeRow.kind == kind, NoticeRow.key == key)
        if payload is not None:
            try:
                with self.db.transaction() as s:
                    if s.scalars(sa.select(NoticeRow.id).where(*where)).first() is None:
                        s.add(
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
            won = s.execute(
                sa.update(NoticeRow)
                .where(*where, NoticeRow.mailed_at.is_(None))
                .values(mailed_at=at)
            ).rowcount  # type: ignore[attr-defined]
            if not won:
                return None
            row = s.scalars(sa.select(NoticeRow).where(*where)).one()
            s.expunge(row)
            return row

    def _failed(self, row: NoticeRow, exc: RapportError, at: datetime) -> None:
        """Sending failed: not mailed after all; tried again after RETRY_MINUTES."""
        log.warning("sending %s %s failed: %s", row.kind, row.key, exc.message)
        with self.db.transaction() as s:
            stored = s.get(NoticeRow, row.id)
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


def _promise(entry: dict[str, Any], *, overdue: bool) -> PromiseLine:
    return PromiseLine(
        id=int(entry["id"]),
        client_id=int(entry["client_id"]),
        client=str(entry["client"] or ""),
        text=str(entry["text"]),
        due_at=datetime.fromisoformat(entry["due_at"]),
        days=int(entry["days_overdue" if overdue else "due_in_days"]),
        overdue=overdue,
        announced=bool(entry.get("announced")),
    )


def digest_json(digest: Digest) -> dict[str, Any]:
    """The digest as stable JSON (``rapport digest preview --json``)."""
    from rapport.jsonable import dump

    data = dump(digest)
    assert isinstance(data, dict)
    return data
