"""The audit log: who changed what and when.

One flush hook (``rapport.storage.flush_hooks``) sees every row written through a session
and inserts an entry on the same connection for each created, changed or deleted row: it is
committed or rolled back together with the change itself. Every mapped table is audited
unless it is named in :data:`EXCLUDED` with the reason, so a new table is audited without
any code here (tests/integration/test_audit_coverage.py writes to every table and checks).
Who acted is read from ``Session.info`` (``actor``), which the composition root sets per
request from the service layer's Actor; the command line is ``local``. Logins are recorded
explicitly by the account service; rows written in bulk (imports, the demo, a restore) are
one entry with row counts (:func:`bulk`). Secrets (password hashes, token digests, any
column whose name says password/secret/token/api key) are never stored: an update says only
"(changed)", a create or delete leaves them out. Entries older than the retention setting
are pruned on write, at most once an hour per process (docs/security.md).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from rapport.clock import now
from rapport.errors import InvalidInputError, NotFoundError
from rapport.policy.access import LOCAL, Actor
from rapport.storage import flush_hooks
from rapport.storage.orm import ClientRow
from rapport.storage.repositories import Repositories
from rapport.storage.team_rows import AuditRow
from rapport.storage.unit_of_work import Database, Session
from rapport.texts import N_

EXCLUDED: dict[str, str] = {
    "audit_log": "the audit log itself",
    "web_sessions": "sign-in sessions; each login and logout is an entry of its own",
    "login_throttle": "failed-login counters; each refused login is an entry of its own",
    "jobs": "background job bookkeeping; the records a job writes are audited",
    "client_scores": "figures derived from the audited records, recomputed on use",
    "trust_snapshots": "monthly trust estimates Rapport computes from the audited records",
    "notices": "which reminders and digests were sent, made from the audited records",
    "webhook_events": "the webhook outbox: events derived from the audited changes they report",
    "webhook_deliveries": (
        "webhook delivery bookkeeping (status, next attempt); adding and removing webhooks "
        "is audited"
    ),
    "webhook_attempts": "the webhook delivery log: one row per POST, itself a log",
}
"""Tables whose writes are deliberately not audited, with the reason (docs/security.md)."""

ENTITY_NAMES: dict[str, str] = {
    "clients": "client",
    "commitments": "commitment",
    "revenue_entries": "revenue",
    "client_shares": "share",
    "client_owners": "ownership",
    "users": "user",
    "api_tokens": "token",
    "interactions": "interaction",
    "contacts": "contact",
    "notes": "note",
    "projects": "project",
    "conversation_analyses": "transcript",
    "utterance_corrections": "label-correction",
    "saved_agendas": "agenda",
    "triage_decisions": "triage-decision",
    "boundary_resets": "boundary-reset",
    "assessments": "assessment",
}
"""The kind of record an entry names, by table. A table not listed here is named after
itself (``profile_settings`` -> ``profile-setting``)."""

OTHER_ENTITIES = ("login", "workspace")
"""Kinds of entries that are not row changes: logins, and bulk writes."""

SECRET_COLUMNS = {("api_tokens", "digest"), ("web_sessions", "digest")}
SECRET_NAME = re.compile(r"password|secret|token|api_?key|credential", re.IGNORECASE)
IGNORED_COLUMNS = {("api_tokens", "last_used_at")}
"""Bookkeeping columns: a change to only these is not an entry."""
MAX_VALUE_CHARS = 2000
"""Longer values (a transcript's whole analysis) are kept shortened, with their length."""
PRUNE_EVERY_S = 3600.0
_next_prune = 0.0


def entity_name(table: str) -> str:
    if table in ENTITY_NAMES:
        return ENTITY_NAMES[table]
    name = table[:-1] if table.endswith("s") and not table.endswith("ss") else table
    return name.replace("_", "-")


def is_audited(table: str) -> bool:
    return table not in EXCLUDED


def is_secret(table: str, column: str) -> bool:
    return (table, column) in SECRET_COLUMNS or bool(SECRET_NAME.search(column))


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    client_id: int | None
    changes: Changes


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to read: all given conditions hold (None: any)."""

    client_id: int | None = None
    actor: str | None = None
    entity: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive upper bound."""


def install() -> None:
    """Listen on every session (idempotent)."""
    flush_hooks.on_flush(_after_flush)


def _repos(unit: Repositories | Session) -> Repositories:
    return unit if isinstance(unit, Repositories) else Repositories(unit)


def record(
    unit: Repositories | Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """An entry for something that is not a row change (a login, a refused login), in
    the unit of work ``unit`` (its repositories or its session)."""
    _repos(unit).audit.add(
        AuditRow(
            at=now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            client_id=None,
            changes=changes or {},
        )
    )


def bulk(unit: Repositories | Session, action: str, counts: dict[str, int]) -> None:
    """One entry for rows written in bulk (an import, the demo, a restore), with how many
    rows of each kind; the rows themselves are not itemised."""
    repos = _repos(unit)
    actor = str(repos.session.info.get("actor", LOCAL.name))
    record(repos, actor, action, "workspace", changes={"rows": counts})


def quiet(unit: Repositories | Session) -> None:
    """Write no entry per row in this session: it writes in bulk and :func:`bulk` records
    the operation once, with its row counts (an import)."""
    _repos(unit).session.info["audit_quiet"] = True


def prune(repos: Repositories, retention_days: int) -> int:
    """Delete entries older than ``retention_days`` (0: keep everything); return how many."""
    if retention_days <= 0:
        return 0
    return repos.audit.delete_before(now() - timedelta(days=retention_days))


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        value = value.value
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    elif isinstance(value, bytes):
        value = f"({len(value)} bytes)"
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + f"… ({len(value)} characters)"
    if isinstance(value, dict | list) and len(repr(value)) > MAX_VALUE_CHARS:
        return f"({type(value).__name__} of {len(value)} items, {len(repr(value))} characters)"
    return value


Changes = dict[str, object]
"""An entry's ``changes`` as stored (a JSON column keyed by the row's attribute names): a
created or deleted row's values, or ``[old, new]`` per changed attribute ("(changed)" for
a secret)."""


@dataclass(frozen=True, slots=True)
class _NewEntry:
    """An entry the flush hook writes, before it is a row."""

    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str | None
    client_id: int | None
    changes: Changes


def _values(obj: object) -> Changes:
    table = flush_hooks.table_of(obj)
    return {
        key: _plain(getattr(obj, key))
        for key, name in flush_hooks.columns_of(obj)
        if not is_secret(table, name)
    }


def _changed(obj: object) -> Changes:
    table = flush_hooks.table_of(obj)
    columns = flush_hooks.columns_of(obj)
    found = flush_hooks.changes_of(obj, [key for key, _ in columns])
    changes: Changes = {}
    for key, name in columns:
        change = found.get(key)
        if change is None:
            continue
        if change.old == change.new and change.had_old:
            continue
        if (table, name) in IGNORED_COLUMNS:
            continue
        changes[key] = (
            "(changed)" if is_secret(table, name) else [_plain(change.old), _plain(change.new)]
        )
    return changes


def _entry(obj: object, action: str, actor: str, changes: Changes) -> _NewEntry:
    identity = flush_hooks.identity_of(obj)
    client_id = obj.id if isinstance(obj, ClientRow) else getattr(obj, "client_id", None)
    return _NewEntry(
        at=now(),
        actor=actor,
        action=action,
        entity=entity_name(flush_hooks.table_of(obj)),
        entity_id=(
            "/".join(str(k) for k in identity)[:64]
            if any(k is not None for k in identity)
            else None
        ),
        client_id=client_id if isinstance(client_id, int) else None,
        changes=changes,
    )


def _audited(obj: object) -> bool:
    return not isinstance(obj, AuditRow) and is_audited(flush_hooks.table_of(obj))


def _after_flush(flush: flush_hooks.Flush) -> None:
    global _next_prune
    if flush.info.get("audit_quiet"):
        return
    actor = str(flush.info.get("actor", LOCAL.name))
    entries = [_entry(obj, "create", actor, _values(obj)) for obj in flush.new if _audited(obj)]
    for obj in flush.dirty:
        if _audited(obj):
            changes = _changed(obj)
            if changes:
                entries.append(_entry(obj, "update", actor, changes))
    entries.extend(
        _entry(obj, "delete", actor, _values(obj)) for obj in flush.deleted if _audited(obj)
    )
    if not entries:
        return
    repos = flush.repositories
    repos.audit.insert_many(
        [{f: getattr(e, f) for f in _NewEntry.__dataclass_fields__} for e in entries]
    )
    retention = int(flush.info.get("audit_retention_days", 0) or 0)
    if retention > 0 and time.monotonic() >= _next_prune:
        _next_prune = time.monotonic() + PRUNE_EVERY_S
        prune(repos, retention)


def known_entities() -> list[str]:
    """Every kind of record an entry can name (for checking a filter)."""
    from rapport.storage.schema import Base

    kinds = {entity_name(t) for t in Base.metadata.tables if is_audited(t)}
    return sorted(kinds | set(OTHER_ENTITIES))


def _day(text: str, name: str, zone: str) -> datetime:
    from zoneinfo import ZoneInfo

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            N_("--{name}: not a date: {value} (use YYYY-MM-DD)"), name=name, value=repr(text)
        ) from None
    if not 1900 <= day.year <= 2200:
        raise InvalidInputError(
            N_("--{name}: {value} is not between 1900 and 2200"), name=name, value=repr(text)
        )
    return datetime.combine(day, datetime.min.time(), ZoneInfo(zone))


def csv_rows(entries: list[AuditEntry], zone: str) -> list[list[str]]:
    """The entries as CSV rows (a header first), formula-like cells made inert."""
    import json
    from zoneinfo import ZoneInfo

    from rapport.importers.csv_cells import neutralise

    header = ["at", "actor", "action", "entity", "entity_id", "client_id", "changes"]
    rows = [header]
    for e in entries:
        cells = [
            e.at.astimezone(ZoneInfo(zone)).isoformat(),
            e.actor,
            e.action,
            e.entity,
            e.entity_id or "",
            "" if e.client_id is None else str(e.client_id),
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True, default=str),
        ]
        rows.append([neutralise(c) for c in cells])
    return rows


class AuditService:
    """Reading the log (owners only)."""

    def __init__(self, db: Database, actor: Actor = LOCAL) -> None:
        self.db = db
        self.actor = actor

    def client_id(self, ref: str) -> int:
        """A client's id from its id or name; a deleted client is found by its id only."""
        ref = ref.strip()
        if ref.isascii() and ref.isdigit() and int(ref) < 2**31:
            return int(ref)
        with self.db.reading() as s:
            found = Repositories(s).clients.id_by_name(ref)
        if found is None:
            raise NotFoundError(
                N_("no client named {name} (a deleted client is found by its id)"),
                name=repr(ref),
            )
        return int(found)

    @staticmethod
    def check_entity(kind: str) -> str:
        kinds = known_entities()
        if kind not in kinds:
            raise InvalidInputError(
                N_("unknown record kind {kind}: use one of {kinds}"),
                kind=repr(kind),
                kinds=", ".join(kinds),
            )
        return kind

    def filter(
        self,
        *,
        client: str | None = None,
        actor: str | None = None,
        entity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        zone: str = "UTC",
    ) -> AuditFilter:
        """A filter from what a user typed: a client name or id, a user name, a kind, and
        days (YYYY-MM-DD, in ``zone``), both ends included."""
        self.actor.check_owner()
        start = _day(since, "since", zone) if since else None
        end = _day(until, "until", zone) + timedelta(days=1) if until else None
        if start is not None and end is not None and end <= start:
            raise InvalidInputError(
                N_("--until {until} is before --since {since}"), until=until, since=since
            )
        return AuditFilter(
            client_id=self.client_id(client) if client else None,
            actor=actor.strip() if actor and actor.strip() else None,
            entity=self.check_entity(entity.strip()) if entity and entity.strip() else None,
            since=start,
            until=end,
        )

    def _checked(self, f: AuditFilter) -> AuditFilter:
        """The filter as the repository takes it: the user name stripped, the kind checked."""
        return AuditFilter(
            client_id=f.client_id,
            actor=f.actor.strip() if f.actor else None,
            entity=self.check_entity(f.entity) if f.entity else None,
            since=f.since,
            until=f.until,
        )

    def entries(
        self, *, limit: int = 50, offset: int = 0, where: AuditFilter | None = None
    ) -> list[AuditEntry]:
        self.actor.check_owner()
        f = self._checked(where or AuditFilter())
        with self.db.reading() as s:
            rows = Repositories(s).audit.entries(
                client_id=f.client_id,
                actor=f.actor,
                entity=f.entity,
                since=f.since,
                until=f.until,
                limit=limit,
                offset=offset,
            )
            return [
                AuditEntry(
                    r.id, r.at, r.actor, r.action, r.entity, r.entity_id, r.client_id, r.changes
                )
                for r in rows
            ]

    def count(self, where: AuditFilter | None = None) -> int:
        self.actor.check_owner()
        f = self._checked(where or AuditFilter())
        with self.db.reading() as s:
            return Repositories(s).audit.count(
                client_id=f.client_id, actor=f.actor, entity=f.entity, since=f.since, until=f.until
            )

    def client_names(self, entries: list[AuditEntry]) -> dict[int, str]:
        """The names of the clients the entries name that still exist."""
        ids = {e.client_id for e in entries if e.client_id is not None}
        if not ids:
            return {}
        with self.db.reading() as s:
            return Repositories(s).clients.names_of(ids)

    def prune(self, retention_days: int) -> int:
        """Delete entries older than ``retention_days`` now; return how many."""
        self.actor.check_owner()
        with self.db.transaction() as s:
            return prune(Repositories(s), retention_days)
