"""E-mail logging over IMAP: the mailboxes Rapport reads (docs/integrations.md "E-mail
logging (IMAP)"), once per ``rapport sync`` or every ``sync_interval_minutes`` in the
server, beside the calendars.

Per folder, incremental by UIDVALIDITY and the highest UID read: only newer messages are
fetched, headers only (ENVELOPE and BODY.PEEK[HEADER.FIELDS ...]) unless the mailbox
stores bodies or the folder is the sent folder (whose promises are offered as
commitments); the folder is opened read-only (EXAMINE) and every body part is fetched with
PEEK, so nothing is marked as read. Messages are written in batches of ``BATCH``, each in
one transaction that also moves the folder's state forward: a killed run redoes at most
one batch, and messages are known by Message-ID, so nothing is logged twice.

Each thread (Message-ID / In-Reply-To / References; failing those, a reply's normalised
subject and participants) is one e-mail interaction (source ``email``), made again from
its messages whenever one is added or deleted. Senders and recipients are matched to
clients exactly as calendar attendees are (rapport.importers.ical.match_client).
"""

from __future__ import annotations

import hashlib
import imaplib
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from rapport.clock import now as clock
from rapport.domain.model import Commitment, InteractionKind
from rapport.errors import InvalidInputError, NotFoundError, RapportError
from rapport.policy.access import LOCAL, Actor
from rapport.services import audit
from rapport.services.calendar_fetch import L_UNREACHABLE, SyncFailure
from rapport.services.calendar_sync import MATCH, SourceResult, _fingerprint, _known
from rapport.storage.mail_rows import (
    MailboxRow,
    MailFolderStateRow,
    MailMessageRow,
    MailPromiseRow,
)
from rapport.storage.mapping import copy_onto
from rapport.storage.orm import CommitmentRow, InteractionRow
from rapport.storage.repositories import Repositories
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.config import Settings
    from rapport.importers.plan import Known

SOURCE = "email"
KIND = "imap"
BATCH = 200
"""Messages fetched and written per transaction."""
TIMEOUT = 30
SECURITY = ("tls", "starttls", "none")
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "none": 143}
PEOPLE = 50
"""Addresses kept of a message that matched nobody, to match it again later."""
BODY_LIMIT = 200_000
"""Characters of a body kept (when opted in) and read for promises."""
L_NO_MAILBOX = N_("no mailbox {ref}")
L_DUPLICATE = N_("this mailbox is already added (number {id})")
L_BAD_HOST = N_("not a server name: {host}")
L_NEEDS_PASSWORD = N_("a mailbox needs a password (on standard input)")
L_LOGIN = N_("the server refused the user name or password")
L_TLS = N_("TLS failed: {reason}")
L_NO_FOLDER = N_("no folder {folder} on the server")
L_IMAP = N_("the IMAP server answered: {reason}")
L_MALFORMED = N_("message {where}: {reason}")
L_DROPPED = N_(
    "the server closed the connection during the sync; what was read is kept, run it again"
)
L_NO_OFFER = N_("no offered promise {id}")
L_NO_DUE = N_("this promise has no due date: give one with --due")
HEADERS = "BODY.PEEK[HEADER.FIELDS (REFERENCES IN-REPLY-TO)]"
_REPLY = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|sv|vs|wg|tr|antw|回复|答复|转发|返信|転送)\s*(?:\[\d+\])?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(
    r"^(?:On .{0,200} wrote:|-----\s*Original Message\s*-----|From: .*|Fra: .*|"
    r"Den .{0,200} skrev .*:|.{0,100}(?:のメッセージ|さんは書きました).*:?|"
    r"Vào .{0,200} đã viết:|在.{0,200}写道[:：]?)\s*$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
_lock = threading.Lock()
EXTERNAL = (OSError, imaplib.IMAP4.error)
"""What the network or the IMAP server can raise (TLS and timeouts are OSErrors; every
imapclient error is an imaplib error): one line in the result. Anything else is a bug and
is raised."""


@dataclass(frozen=True)
class MailboxInfo:
    id: int
    url: str
    host: str
    port: int
    security: str
    username: str
    folders: list[str]
    sent_folder: str | None
    store_bodies: bool
    has_password: bool
    created_at: datetime
    last_sync_at: datetime | None
    last_error: str | None
    last_result: dict[str, Any] | None
    kind: str = KIND


@dataclass(frozen=True)
class FolderInfo:
    name: str
    flags: list[str]
    chosen: bool
    sent: bool


@dataclass(frozen=True)
class OfferInfo:
    id: int
    mailbox_id: int
    client_id: int
    client: str
    text: str
    language: str
    due: date | None
    made_at: datetime
    subject: str
    status: str
    commitment_id: int | None


@dataclass
class _Message:
    uid: int
    message_id: str
    refs: list[str]
    subject: str
    sender: list[str]
    others: list[str]
    sent_at: datetime
    body: str | None


def _url(row: MailboxRow) -> str:
    return f"imap://{quote(row.username, safe='')}@{row.host}:{row.port}"


def _info(row: MailboxRow) -> MailboxInfo:
    return MailboxInfo(
        id=row.id,
        url=_url(row),
        host=row.host,
        port=row.port,
        security=row.security,
        username=row.username,
        folders=list(row.folders),
        sent_folder=row.sent_folder,
        store_bodies=row.store_bodies,
        has_password=row.password_encrypted is not None,
        created_at=row.created_at,
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
        last_result={k: v for k, v in row.last_result.items() if k != MATCH}
        if row.last_result
        else None,
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def normalised_subject(subject: str) -> str:
    """A subject without Re:/Fwd:/AW:/SV:/回复: prefixes, spaces collapsed, case folded."""
    return " ".join(_REPLY.sub("", subject).split()).casefold()


def _decode(value: bytes | str | None) -> str:
    if value is None:
        return ""
    raw = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    if "=?" in raw:
        from email.header import decode_header, make_header

        try:
            return str(make_header(decode_header(raw)))
        except (ValueError, LookupError):
            return raw
    return raw


def _addresses(items: Iterable[Any] | None) -> list[str]:
    out: list[str] = []
    for a in items or ():
        mailbox, host = _decode(a.mailbox), _decode(a.host)
        if mailbox and host:
            out.append(f"{mailbox}@{host}".strip().lower())
    return out


def _ids(text: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", text)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class MailSyncService:
    """Mailboxes, their sync and the promises found in sent mail; owners only."""

    def __init__(self, db: Database, settings: Settings, actor: Actor = LOCAL) -> None:
        self.db = db
        self.settings = settings
        self.actor = actor
        self.batch = BATCH
        self._created_now: set[str] = set()
        self.batch_done: Callable[[str, int], None] | None = None
        """Called after each batch commits (folder, last UID): the tests stop the server
        here to kill a run between batches."""

    # --- mailboxes -------------------------------------------------------------------------
    def add(
        self,
        host: str,
        *,
        username: str,
        password: str | None,
        port: int | None = None,
        security: str = "tls",
        folders: list[str] | None = None,
        sent_folder: str | None = None,
        store_bodies: bool = False,
    ) -> MailboxInfo:
        self.actor.check_owner()
        host = host.strip()
        if not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]{1,255}", host):
            raise InvalidInputError(L_BAD_HOST, host=host[:200])
        if security not in SECURITY:
            raise InvalidInputError(f"unknown security {security!r}: use tls, starttls or none")
        port = port or DEFAULT_PORTS[security]
        if not 0 < port < 65536:
            raise InvalidInputError(f"not a port: {port}")
        username = username.strip()
        if not username or len(username) > 200:
            raise InvalidInputError("a mailbox needs a user name (--user)")
        if not password:
            raise InvalidInputError(L_NEEDS_PASSWORD)
        chosen = [f.strip() for f in folders or [] if f.strip()] or ["INBOX"]
        sent = sent_folder.strip() if sent_folder and sent_folder.strip() else None
        if sent and sent not in chosen:
            chosen.append(sent)
        if any(len(f) > 500 for f in chosen):
            raise InvalidInputError("a folder name is longer than 500 characters")
        from rapport.crypto import secret_box

        sealed = secret_box.seal(self.settings, password)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            same = repos.mailboxes.id_of(host, port, username)
            if same is not None:
                raise InvalidInputError(L_DUPLICATE, id=same)
            row = MailboxRow(
                host=host,
                port=port,
                security=security,
                username=username,
                password_encrypted=sealed,
                folders=list(dict.fromkeys(chosen)),
                sent_folder=sent,
                store_bodies=store_bodies,
                created_at=clock(),
            )
            repos.mailboxes.add(row)
            repos.flush()
            return _info(row)

    def mailboxes(self) -> list[MailboxInfo]:
        self.actor.check_owner()
        with self.db.reading() as s:
            return [_info(r) for r in Repositories(s, self.actor).mailboxes.all()]

    def find(self, ref: str | int) -> MailboxInfo:
        for info in self.mailboxes():
            if str(info.id) == str(ref).strip() or info.url == str(ref).strip():
                return info
        raise NotFoundError(L_NO_MAILBOX, ref=ref)

    def remove(self, ref: str | int, *, keep_interactions: bool = True) -> MailboxInfo:
        """Stop reading a mailbox. The interactions it logged stay unless
        ``keep_interactions`` is False; its messages, state and open offers go."""
        info = self.find(ref)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            if not keep_interactions:
                repos.interactions.delete_synced(SOURCE, _external(info.id, ""))
            repos.mailboxes.remove(info.id)
        return info

    def folders(self, ref: str | int) -> list[FolderInfo]:
        """The server's folders, marking the ones this mailbox reads."""
        info = self.find(ref)
        with self.db.reading() as s:
            mailboxes = Repositories(s, self.actor).mailboxes
            found = mailboxes.by_id(info.id)
            assert found is not None
            row = mailboxes.detach(found)
        conn = self._connect(row)
        try:
            listed = conn.list_folders()
        except EXTERNAL as exc:  # one clear line for what the server or network did
            raise _failure(exc) from None
        finally:
            _logout(conn)
        out = []
        for flags, _sep, name in listed:
            names = [_decode(f) for f in flags]
            out.append(
                FolderInfo(
                    name=str(name),
                    flags=names,
                    chosen=str(name) in info.folders,
                    sent=str(name) == info.sent_folder or "\\Sent" in names,
                )
            )
        return sorted(out, key=lambda f: (f.name != "INBOX", f.name.lower()))

    # --- sync ------------------------------------------------------------------------------
    def sync_all(self) -> list[SourceResult]:
        self.actor.check_owner()
        with _lock:
            return [self._sync_one(info.id) for info in self.mailboxes()]

    def sync(self, ref: str | int) -> SourceResult:
        info = self.find(ref)
        with _lock:
            return self._sync_one(info.id)

    def _connect(self, row: MailboxRow) -> Any:
        import ssl

        from imapclient import IMAPClient

        from rapport.crypto import secret_box

        password = secret_box.unseal(self.settings, row.password_encrypted or "")
        conn: Any = None
        try:
            context = ssl.create_default_context()
            conn = IMAPClient(
                row.host,
                port=row.port,
                ssl=row.security == "tls",
                ssl_context=context if row.security == "tls" else None,
                timeout=TIMEOUT,
            )
            conn.normalise_times = False
            if row.security == "starttls":
                if b"STARTTLS" not in conn.capabilities():
                    raise SyncFailure(L_TLS, reason="the server does not offer STARTTLS")
                conn.starttls(context)
            conn.login(row.username, password)
            return conn
        except EXTERNAL as exc:
            _logout(conn)
            raise _failure(exc) from None

    def _sync_one(self, mailbox_id: int) -> SourceResult:
        with self.db.reading() as s:
            mailboxes = Repositories(s, self.actor).mailboxes
            found = mailboxes.by_id(mailbox_id)
            if found is None:
                raise NotFoundError(L_NO_MAILBOX, ref=mailbox_id)
            row = mailboxes.detach(found)
        result = SourceResult(id=row.id, url=_url(row), kind=KIND)
        self._created_now = set()  # threads made this run: growing is not an update
        malformed: list[SyncFailure] = []
        conn: Any = None
        with self.db.reading() as s:
            known = _known(s)
        match = _fingerprint(known)
        try:
            if (row.last_result or {}).get(MATCH) != match:
                self._rematch(row.id, known, result)  # contacts or clients changed
            conn = self._connect(row)
            for folder in row.folders:
                self._folder(conn, row, folder, known, result, malformed)
            if malformed:
                raise malformed[0]
        except RapportError as exc:
            result.error = exc.message
            result.error_text = exc.text
        except EXTERNAL as exc:  # the connection broke mid-run: one line, batches kept
            failure = _failure(exc, connected=conn is not None)
            result.error = failure.message
            result.error_text = failure.text
        finally:
            _logout(conn)
        self._record(row.id, result, match)
        return result

    def _rematch(self, mailbox_id: int, known: Known, result: SourceResult) -> None:
        """Match again the messages that matched nobody (a contact or client was added or
        changed since): threads that now match are logged."""
        from rapport.importers.ical import match_client

        with self.db.transaction() as s:
            audit.quiet(s)
            repos = Repositories(s, self.actor)
            touched: set[str] = set()
            for row in repos.mailboxes.unmatched(mailbox_id):
                client = match_client(list(row.people or []), known)
                if client is not None:
                    row.client_id, row.people = client.id, None
                    touched.add(row.thread_key)
            if touched:
                repos.flush()
                before = result.created
                self._threads(repos, mailbox_id, touched, result)
                audit.bulk(s, f"mail sync {mailbox_id}", {"created": result.created - before})

    def _record(self, mailbox_id: int, result: SourceResult, match: str) -> None:
        with self.db.transaction() as s:
            audit.quiet(s)
            mailboxes = Repositories(s, self.actor).mailboxes
            result.events = mailboxes.message_count(mailbox_id)
            result.unmatched = mailboxes.unmatched_thread_count(mailbox_id)
            row = mailboxes.by_id(mailbox_id)
            if row is not None:
                row.last_sync_at = clock()
                row.last_error = result.error
                row.last_result = {**result.as_json(), MATCH: match}

    def _folder(
        self,
        conn: Any,
        box: MailboxRow,
        folder: str,
        known: Known,
        result: SourceResult,
        malformed: list[SyncFailure],
    ) -> None:
        from imapclient.exceptions import IMAPClientError

        try:
            if not conn.folder_exists(folder):
                raise SyncFailure(L_NO_FOLDER, folder=folder)
            opened = conn.select_folder(folder, readonly=True)  # EXAMINE: nothing marked read
        except IMAPClientError as exc:
            raise SyncFailure(L_NO_FOLDER, folder=folder) from exc
        uidvalidity = int(opened[b"UIDVALIDITY"])
        with self.db.reading() as s:
            state = Repositories(s, self.actor).mailboxes.folder_state(box.id, folder)
            start = state.last_uid if state is not None and state.uidvalidity == uidvalidity else 0
        present = set(conn.search(["ALL"]))
        new = sorted(u for u in present if u > start)
        wants_body = box.store_bodies or folder == box.sent_folder
        items = ["ENVELOPE", "INTERNALDATE", "BODY.PEEK[]" if wants_body else HEADERS]
        for i in range(0, len(new), max(1, self.batch)):
            chunk = new[i : i + self.batch]
            fetched = conn.fetch(chunk, items)
            messages = []
            for uid in chunk:
                if uid not in fetched:
                    continue  # expunged since the search
                try:
                    messages.append(_parse(uid, fetched[uid], box.id))
                except (ValueError, LookupError, TypeError, AttributeError) as exc:
                    # what a broken message makes the parsers raise: it is skipped, named
                    where = f"{folder} UID {uid}"
                    malformed.append(SyncFailure(L_MALFORMED, where=where, reason=str(exc)))
            self._write(box, folder, uidvalidity, chunk[-1], messages, known, result)
            if self.batch_done is not None:
                self.batch_done(folder, chunk[-1])
        self._deleted(box.id, folder, uidvalidity, present, result)

    def _me(self, box: MailboxRow) -> set[str]:
        mine = {box.username.lower()} if "@" in box.username else set()
        if self.settings.my_email:
            mine.add(self.settings.my_email.strip().lower())
        return mine

    def _write(
        self,
        box: MailboxRow,
        folder: str,
        uidvalidity: int,
        last_uid: int,
        messages: list[_Message],
        known: Known,
        result: SourceResult,
    ) -> None:
        from rapport.importers.ical import match_client

        me = self._me(box)
        with self.db.transaction() as s:
            audit.quiet(s)  # one entry per batch that changed something, with its counts
            repos = Repositories(s, self.actor)
            if not repos.mailboxes.lock(box.id):
                raise NotFoundError(L_NO_MAILBOX, ref=box.id)  # removed while being read
            ids = {x.message_id for x in messages}
            refs = {r for x in messages for r in x.refs}
            stored = {r.message_id: r for r in repos.mailboxes.by_message_ids(box.id, ids | refs)}
            threads = {mid: r.thread_key for mid, r in stored.items()}
            touched: set[str] = set()
            before = (result.created, result.updated, result.removed)
            for x in messages:
                row = stored.get(x.message_id)
                if row is not None:
                    if row.folder == folder:  # read again (a new UIDVALIDITY): its new UID
                        row.uidvalidity, row.uid = uidvalidity, x.uid
                    continue
                outbound = bool(set(x.sender) & me)
                people = [a for a in dict.fromkeys(x.sender + x.others) if a not in me]
                client = match_client(people, known)
                subject_key = (
                    _digest(normalised_subject(x.subject) + "|" + ",".join(sorted(people)))
                    if normalised_subject(x.subject)
                    else None
                )
                thread = self._thread(repos, box.id, x, threads, subject_key)
                row = MailMessageRow(
                    mailbox_id=box.id,
                    message_id=x.message_id,
                    thread_key=thread,
                    subject_key=subject_key,
                    folder=folder,
                    uidvalidity=uidvalidity,
                    uid=x.uid,
                    sent_at=x.sent_at,
                    subject=x.subject[:500],
                    outbound=outbound,
                    client_id=client.id if client is not None else None,
                    people=people[:PEOPLE] if client is None else None,
                    body=x.body[:BODY_LIMIT] if box.store_bodies and x.body else None,
                )
                repos.mailboxes.add(row)
                stored[x.message_id] = row
                threads[x.message_id] = thread
                touched.add(thread)
                if outbound and folder == box.sent_folder and client is not None and x.body:
                    self._offer(repos, box.id, x, int(client.id or 0))
            repos.flush()
            self._threads(repos, box.id, touched, result)
            state = repos.mailboxes.folder_state(box.id, folder)
            if state is None:
                state = MailFolderStateRow(mailbox_id=box.id, folder=folder)
                repos.mailboxes.add(state)
            state.uidvalidity, state.last_uid = uidvalidity, last_uid
            counts = {
                "created": result.created - before[0],
                "updated": result.updated - before[1],
                "removed": result.removed - before[2],
            }
            if any(counts.values()):
                audit.bulk(s, f"mail sync {box.id}", counts)

    def _thread(
        self,
        repos: Repositories,
        mailbox_id: int,
        x: _Message,
        threads: dict[str, str],
        subject_key: str | None,
    ) -> str:
        """The thread a message belongs to: that of a message it refers to, else the root
        of its References; a message without any, whose subject says it is a reply (or
        that has no Message-ID), joins an earlier message with the same normalised
        subject and participants; else it starts a thread."""
        for ref in x.refs:
            if ref in threads:
                return threads[ref]
        if x.refs:
            return _digest(x.refs[0])
        if subject_key is not None and (
            _REPLY.match(x.subject) or "@rapport.invalid" in x.message_id
        ):
            found = repos.mailboxes.first_thread_with_subject(mailbox_id, subject_key)
            if found is not None:
                return found
        return _digest(x.message_id)

    def _threads(
        self, repos: Repositories, mailbox_id: int, keys: set[str], result: SourceResult
    ) -> None:
        """Make each thread's interaction again from its messages: the client of its first
        matched message, the time of its latest, its subject, direction and size."""
        if not keys:
            return
        by_thread: dict[str, list[MailMessageRow]] = {k: [] for k in keys}
        for row in repos.mailboxes.in_threads(mailbox_id, keys):
            by_thread[row.thread_key].append(row)
        exts = {_external(mailbox_id, k): k for k in keys}
        have = {
            str(r.external_id): r for r in repos.interactions.by_external_ids(SOURCE, set(exts))
        }
        for ext, key in sorted(exts.items()):
            rows = by_thread[key]
            client = next((r.client_id for r in rows if r.client_id is not None), None)
            existing = have.get(ext)
            if client is None or not rows:
                if existing is not None:
                    repos.interactions.delete(existing)
                    result.removed += 1
                continue
            last = rows[-1]
            subject = next((r.subject for r in rows if r.subject), "")
            subject = _REPLY.sub("", subject).strip() or subject
            arrow = "→" if last.outbound else "←"
            values = {
                "client_id": client,
                "kind": InteractionKind.EMAIL,
                "started_at": last.sent_at,
                "duration_min": 0,
                "summary": f"{arrow} {subject} ({len(rows)})",
            }
            if existing is None:
                repos.interactions.add(InteractionRow(**values, source=SOURCE, external_id=ext))
                result.created += 1
                self._created_now.add(ext)
                continue
            stored = {
                "client_id": existing.client_id,
                "kind": InteractionKind(existing.kind),
                "started_at": _utc(existing.started_at),
                "duration_min": existing.duration_min,
                "summary": existing.summary,
            }
            if stored != {**values, "started_at": _utc(last.sent_at)}:
                for k, v in values.items():
                    setattr(existing, k, v)
                if ext not in self._created_now:
                    result.updated += 1

    def _deleted(
        self,
        mailbox_id: int,
        folder: str,
        uidvalidity: int,
        present: set[int],
        result: SourceResult,
    ) -> None:
        """Messages of this folder no longer on the server: gone, and their threads made
        again (a thread with no message left removes its interaction)."""
        with self.db.transaction() as s:
            audit.quiet(s)
            repos = Repositories(s, self.actor)
            rows = repos.mailboxes.in_folder(mailbox_id, folder)
            gone = [r for r in rows if r.uidvalidity != uidvalidity or r.uid not in present]
            if not gone:
                return
            repos.mailboxes.delete_messages([r.id for r in gone])
            before = (result.updated, result.removed)
            self._threads(repos, mailbox_id, {r.thread_key for r in gone}, result)
            counts = {"updated": result.updated - before[0], "removed": result.removed - before[1]}
            if any(counts.values()):
                audit.bulk(s, f"mail sync {mailbox_id}", counts)

    # --- promises in sent mail -------------------------------------------------------------
    def _offer(self, repos: Repositories, mailbox_id: int, x: _Message, client_id: int) -> None:
        zone = ZoneInfo(self.settings.timezone)
        on = x.sent_at.astimezone(zone).date()
        for number, (text, language, due) in enumerate(
            promises_in(x.body or "", self.settings.language, on), start=1
        ):
            repos.mailboxes.add(
                MailPromiseRow(
                    mailbox_id=mailbox_id,
                    message_id=x.message_id,
                    number=number,
                    client_id=client_id,
                    text=text[:1000],
                    language=language,
                    due=due,
                    made_at=x.sent_at,
                    subject=x.subject[:500],
                    status="offered",
                )
            )

    def offers(self, *, status: str | None = "offered") -> list[OfferInfo]:
        """Promises found in sent mail (by default the ones still offered), newest first."""
        self.actor.check_owner()
        with self.db.reading() as s:
            return [
                OfferInfo(
                    id=r.id,
                    mailbox_id=r.mailbox_id,
                    client_id=r.client_id,
                    client=name,
                    text=r.text,
                    language=r.language,
                    due=r.due,
                    made_at=r.made_at,
                    subject=r.subject,
                    status=r.status,
                    commitment_id=r.commitment_id,
                )
                for r, name in Repositories(s, self.actor).mailboxes.promises(status)
            ]

    def accept(self, offer_id: int, *, due: date | None = None) -> OfferInfo:
        """Add an offered promise to the ledger, due at 17:00 on its day in your zone (as a
        promise accepted from a transcript)."""
        from rapport.services.conversation import DUE_HOUR

        self.actor.check_owner()
        zone = ZoneInfo(self.settings.timezone)
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            row = repos.mailboxes.promise(offer_id)
            if row is None or row.status != "offered":
                raise NotFoundError(L_NO_OFFER, id=offer_id)
            day = due or row.due
            if day is None:
                raise InvalidInputError(L_NO_DUE)
            crow = CommitmentRow()
            copy_onto(
                Commitment(
                    client_id=row.client_id,
                    text=row.text,
                    due_at=datetime.combine(day, time(DUE_HOUR), zone).astimezone(UTC),
                    made_at=_utc(row.made_at),
                    source=SOURCE,
                ),
                crow,
            )
            repos.commitments.add(crow)
            repos.flush()
            row.status, row.commitment_id, row.due = "accepted", crow.id, day
        return next(o for o in self.offers(status=None) if o.id == offer_id)

    def dismiss(self, offer_id: int) -> OfferInfo:
        self.actor.check_owner()
        with self.db.transaction() as s:
            row = Repositories(s, self.actor).mailboxes.promise(offer_id)
            if row is None or row.status != "offered":
                raise NotFoundError(L_NO_OFFER, id=offer_id)
            row.status = "dismissed"
        return next(o for o in self.offers(status=None) if o.id == offer_id)


def promises_in(body: str, fallback: str, on: date) -> list[tuple[str, str, date | None]]:
    """Spoken-style promises in the text of a mail I sent, without the quoted mail it
    answers: (sentence, language, due date read relative to ``on``)."""
    from rapport.language.detect import detect
    from rapport.language.promises import find_promise

    mine: list[str] = []
    for line in body[:BODY_LIMIT].splitlines():
        if _QUOTE_START.match(line.strip()) or line.strip() == "-- ":
            break
        if not line.lstrip().startswith(">"):
            mine.append(line)
    found: list[tuple[str, str, date | None]] = []
    for sentence in _SENTENCE.split("\n".join(mine)):
        sentence = sentence.strip()
        if len(sentence) < 4:
            continue
        language = detect(sentence, fallback)
        if language == "und":
            language = fallback
        promise = find_promise(sentence, language, on)
        if promise is not None:
            found.append((sentence, language, promise.due))
    return found


def _parse(uid: int, data: dict[bytes, Any], mailbox_id: int) -> _Message:
    """One fetched message; ValueError for one that cannot be logged."""
    envelope = data.get(b"ENVELOPE")
    if envelope is None:
        raise ValueError("no envelope")
    sender = _addresses(envelope.from_)
    if not sender:
        raise ValueError("no sender (From)")
    raw = next((v for k, v in data.items() if k.startswith(b"BODY[")), b"") or b""
    body: str | None = None
    headers = raw
    if b"BODY[]" in data:
        import email
        from email import policy

        parsed = email.message_from_bytes(raw, policy=policy.default)
        headers = b"\n".join(
            f"{k}: {v}".encode("utf-8", "replace")
            for k, v in parsed.items()
            if k.lower() in ("references", "in-reply-to")
        )
        part = parsed.get_body(preferencelist=("plain",))
        if part is not None:
            try:
                body = str(part.get_content())
            except (LookupError, ValueError):
                body = None
    text = headers.decode("utf-8", "replace")
    refs: list[str] = []
    references = re.search(r"^references:(.*(?:\n[ \t].*)*)", text, re.IGNORECASE | re.MULTILINE)
    if references:
        refs += _ids(references.group(1))
    reply = _ids(_decode(envelope.in_reply_to))
    refs += [r for r in reply if r not in refs]
    when = envelope.date or data.get(b"INTERNALDATE")
    if not isinstance(when, datetime):
        raise ValueError("no date")
    subject = " ".join(_decode(envelope.subject).split())
    others = _addresses(envelope.to) + _addresses(envelope.cc)
    message_id = (_ids(_decode(envelope.message_id)) or [""])[0]
    if not message_id:
        message_id = f"<{_digest(f'{_utc(when).isoformat()}|{sender}|{subject}')}@rapport.invalid>"
    return _Message(
        uid=uid,
        message_id=message_id[:500],
        refs=[r[:500] for r in refs],
        subject=subject,
        sender=sender,
        others=others,
        sent_at=_utc(when),
        body=body,
    )


def _failure(exc: BaseException, *, connected: bool = False) -> SyncFailure:
    """One clear line for whatever connecting, logging in or reading raised (``connected``:
    after the login, when a reset or an end of the stream means the server went away)."""
    import socket
    import ssl

    from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

    from rapport.services.calendar_fetch import _first_line, _short_reason

    if isinstance(exc, SyncFailure):
        return exc
    if isinstance(exc, LoginError):
        return SyncFailure(L_LOGIN)
    if isinstance(exc, IMAPClientAbortError) or (
        connected and isinstance(exc, ConnectionError | socket.timeout | EOFError)
    ):
        return SyncFailure(L_DROPPED)
    if isinstance(exc, ssl.SSLError):
        return SyncFailure(L_TLS, reason=getattr(exc, "reason", None) or _first_line(exc))
    if isinstance(exc, socket.timeout | ConnectionError | OSError):
        return SyncFailure(L_UNREACHABLE, reason=_short_reason(exc))
    if isinstance(exc, IMAPClientError) or type(exc).__name__ in ("error", "abort"):
        return SyncFailure(L_IMAP, reason=_first_line(exc))
    return SyncFailure(L_IMAP, reason=_first_line(exc))


def _logout(conn: Any) -> None:
    if conn is None:
        return
    try:
        conn.logout()
    except Exception:  # already gone; nothing to tidy
        try:
            conn.shutdown()
        except Exception:  # the socket is closed too
            return


def _external(mailbox_id: int, thread_key: str) -> str:
    return f"mail{mailbox_id}:{thread_key}"
