"""The whole workspace as one JSON document, and reading it back into a :class:`Plan`.

The document is ``{"format": "rapport-workspace", "version": 2, "exported_at": ...,
"clients": [...], "contacts": [...], ..., "assessments": [...], ...}``: the seven core
entities in the shape the API uses (:mod:`rapport.jsonable`), then every other workspace
table in :data:`RECORD_TABLES` as plain records (:mod:`rapport.importers.records`), ids
included. Read back, rows keep their ids, so an export imported into an empty database is
the same workspace. Into a non-empty one, a row whose id already holds the same data is
skipped; one that holds different data is a conflict. Version 1 files (the seven entities
only) still import.

Every table on ``Base.metadata`` is either exported or listed in :data:`EXCLUDED` with the
reason; a test fails for a table that is neither.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from pydantic import ValidationError

from rapport.domain import validation
from rapport.domain.model import (
    Client,
    Commitment,
    Contact,
    Interaction,
    Note,
    Project,
    RevenueEntry,
    Workspace,
)
from rapport.domain.names import name_key
from rapport.errors import InvalidInputError
from rapport.importers.plan import Known, Plan, PlannedItem, Skipped, decode_text
from rapport.importers.records import Record, RecordTable, record_table, row_classes
from rapport.jsonable import dump, load
from rapport.storage import orm
from rapport.texts import N_

FORMAT = "rapport-workspace"
VERSION = 2
"""1: the seven core entities; 2: every workspace table (version 1 files still import)."""

ENTITIES: tuple[tuple[str, type[Any], str], ...] = (
    ("clients", Client, "client"),
    ("contacts", Contact, "contact"),
    ("projects", Project, "project"),
    ("interactions", Interaction, "interaction"),
    ("commitments", Commitment, "commitment"),
    ("revenue", RevenueEntry, "revenue"),
    ("notes", Note, "note"),
)
"""Key in the document, dataclass, entity name; in the order they are stored."""

ENTITY_TABLES: dict[str, type[orm.Base]] = {
    "clients": orm.ClientRow,
    "contacts": orm.ContactRow,
    "projects": orm.ProjectRow,
    "interactions": orm.InteractionRow,
    "commitments": orm.CommitmentRow,
    "revenue": orm.RevenueRow,
    "notes": orm.NoteRow,
}
"""The row each core entity key is stored in."""

RECORD_TABLES: tuple[str, ...] = (
    "assessments",
    "trust_snapshots",
    "triage_decisions",
    "boundary_resets",
    "conversation_analyses",
    "utterance_corrections",
    "saved_agendas",
    "profile_settings",
)
"""The other workspace tables, exported as records under their table name. A new table
goes here (its columns are read from its row class) or into EXCLUDED."""

EXCLUDED: dict[str, str] = {
    "alembic_version": "the schema revision, not workspace data",
    "users": "accounts and password hashes are never exported",
    "api_tokens": "access tokens are never exported",
    "web_sessions": "sign-in sessions are never exported",
    "login_throttle": "sign-in security records are never exported",
    "client_owners": "refers to user accounts, which are not exported",
    "client_shares": "refers to user accounts, which are not exported",
    "audit_log": "the audit trail stays with the database it records",
    "jobs": "background job state of this installation, not workspace data",
    "client_scores": "derived from the exported records; computed again on first use",
    "calendar_sources": "calendar connections and their encrypted passwords stay with this "
    "installation (the interactions they made are exported)",
    "calendar_items": "sync state of the calendar connections, read again from the calendars",
    "feed_tokens": "secret feed addresses are never exported",
    "booking_links": "secret booking page addresses are never exported",
    "bookings": "the booking page's records stay with this installation (the meetings "
    "they made are exported as interactions)",
    "booking_claims": "time held by bookings, kept with the bookings",
    "booking_settings": "this installation's booking calendar",
    "mailboxes": "mailbox connections and their encrypted passwords stay with this "
    "installation (the interactions they made are exported)",
    "mail_folder_states": "sync state of the mailboxes, read again from the server",
    "mail_messages": "headers seen in the mailboxes (and bodies, when opted in) stay with this "
    "installation; the threads' interactions are exported",
    "mail_promises": "promise offers from sent mail; accepted ones are commitments (exported)",
    "mail_server": "the SMTP server and its encrypted password stay with this installation",
    "notices": "reminders and digests already sent by this installation",
    "address_books": "address-book connections and their encrypted passwords stay with this "
    "installation (the contacts they made are exported)",
    "contact_cards": "sync state of the address books, read again from the servers",
    "calendar_ignored": "review-list choices of this installation's calendar connections",
    "webhooks": "webhook addresses and their encrypted signing secrets stay with this installation",
    "webhook_events": "the webhook outbox of this installation, not workspace data",
    "webhook_deliveries": "webhook delivery state of this installation",
    "webhook_attempts": "the webhook delivery log of this installation",
}
"""Tables deliberately left out of the export, with the reason (docs/import-export.md)."""


def uncovered(metadata: sa.MetaData) -> list[str]:
    """Tables of ``metadata`` that are neither exported nor deliberately excluded."""
    covered = {row.__tablename__ for row in ENTITY_TABLES.values()}
    covered |= set(RECORD_TABLES) | set(EXCLUDED)
    return sorted(name for name in metadata.tables if name not in covered)


@cache
def record_tables() -> tuple[RecordTable, ...]:
    """The record tables present in this schema, parents before children."""
    from rapport.storage.schema import Base

    classes = row_classes()
    order = [t.name for t in Base.metadata.sorted_tables]
    names = sorted((n for n in RECORD_TABLES if n in classes), key=order.index)
    return tuple(record_table(classes[n]) for n in names)


def dump_workspace(
    ws: Workspace,
    exported_at: datetime,
    records: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The export document; ``records`` holds the stored rows of the record tables."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
    }
    for key, _cls, _entity in ENTITIES:
        doc[key] = dump(list(getattr(ws, key)))
    for spec in record_tables():
        doc[spec.name] = [spec.encode(r) for r in (records or {}).get(spec.name, [])]
    return doc


def read_json(data: bytes, source: str, known: Known) -> Plan:
    plan = Plan(source=source, format="json", what="workspace", keep_ids=True)
    text = decode_text(data, source)
    if not text.strip():
        plan.problem(f"{source}:1", N_("the file is empty (expected a Rapport workspace export)"))
        return plan
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        plan.problem(f"{source}:{exc.lineno}", N_("not valid JSON: {reason}"), reason=exc.msg)
        return plan
    except RecursionError:
        plan.problem(source, N_("not valid JSON: nested too deeply"))
        return plan
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        plan.problem(
            source,
            N_('not a Rapport workspace export (expected "format": "{format}")'),
            format=FORMAT,
        )
        return plan
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
        plan.problem(
            source,
            N_("unsupported version {version} (this Rapport reads 1 to {supported})"),
            version=repr(version),
            supported=VERSION,
        )
        return plan
    _unknown_keys(doc, source, plan)
    ids = _ids(doc, known)
    for key, cls, entity in ENTITIES:
        items = doc.get(key, [])
        if not isinstance(items, list):
            plan.problem(f"{source}: {key}", N_("expected a list"))
            continue
        existing = {o.id: o for o in getattr(known.workspace, key)}
        seen: set[int] = set()
        names: set[str] = set()
        for n, raw in enumerate(items):
            where = f"{source}: {key}[{n}]"
            obj = _load(cls, raw, where, plan)
            if obj is None:
                continue
            if obj.id in seen:
                plan.problem(where, N_("{entity} id {id} appears twice"), entity=entity, id=obj.id)
                continue
            seen.add(obj.id)
            if isinstance(obj, Client):
                if name_key(obj.name) in names:
                    plan.problem(where, N_("client name {name} appears twice"), name=obj.name)
                    continue
                names.add(name_key(obj.name))
            if not _references_ok(obj, ids, where, plan):
                continue
            label = obj.name if isinstance(obj, Client | Project) else f"{entity} {obj.id}"
            current = existing.get(obj.id)
            if current is not None:
                if dump(current) == dump(obj):
                    plan.skip.append(Skipped(entity, label, "already present", where))
                else:
                    plan.problem(
                        where,
                        N_("{entity} id {id} already holds different data in the database"),
                        entity=entity,
                        id=obj.id,
                    )
                continue
            if _clashes(obj, entity, known, where, plan):
                continue
            plan.create.append(PlannedItem(entity, label, obj, where))
    for spec in record_tables():
        _read_records(spec, doc, known, ids, plan)
    return plan


def _unknown_keys(doc: dict[str, Any], source: str, plan: Plan) -> None:
    known = {"format", "version", "exported_at", *ENTITY_TABLES, *RECORD_TABLES}
    for key in doc:
        if key in EXCLUDED:
            plan.problem(f"{source}: {key}", f"not imported: {EXCLUDED[key]}")
        elif key not in known:
            plan.problem(f"{source}: {key}", "not a table this Rapport knows (a newer export?)")


def _read_records(
    spec: RecordTable, doc: dict[str, Any], known: Known, ids: dict[str, set[int]], plan: Plan
) -> None:
    """Plan one record table: check each record, its references and unique keys."""
    source, entity = plan.source, spec.entity
    items = doc.get(spec.name, [])
    if not isinstance(items, list):
        plan.problem(f"{source}: {spec.name}", "expected a list")
        return
    stored = {r["id"]: r for r in known.records.get(spec.name, [])}
    taken: dict[tuple[str, ...], dict[tuple[Any, ...], str]] = {
        key: {
            tuple(spec.encode(r)[c] for c in key): f"{entity} id {r['id']} in the database"
            for r in stored.values()
        }
        for key in spec.unique_keys
    }
    seen: set[int] = set()
    for n, raw in enumerate(items):
        where = f"{source}: {spec.name}[{n}]"
        try:
            values = spec.decode(raw)
        except ValidationError as exc:
            for error in exc.errors():
                loc = ".".join(str(p) for p in error["loc"]) or "record"
                plan.problem(where, f"{loc}: {error['msg']}")
            continue
        rid = values["id"]
        if rid in seen:
            plan.problem(where, f"{entity} id {rid} appears twice")
            continue
        seen.add(rid)
        bad = [
            f"{column} {values[column]}: not among the {target} in the file or database"
            for column, target in spec.references.items()
            if values[column] is not None and values[column] not in ids.get(target, set())
        ]
        for message in bad:
            plan.problem(where, message)
        if bad:
            continue
        label = f"{entity} {rid}"
        encoded = spec.encode(values)
        current = stored.get(rid)
        if current is not None:
            if spec.encode(current) == encoded:
                plan.skip.append(Skipped(entity, label, "already present", where))
            else:
                plan.problem(where, f"{entity} id {rid} already holds different data")
            continue
        clash = False
        for key, used in taken.items():
            value = tuple(encoded[c] for c in key)
            if None in value:
                continue
            if value in used:
                plan.problem(
                    where, f"{', '.join(key)} {_show(value)} already used by {used[value]}"
                )
                clash = True
            else:
                used[value] = f"{spec.name}[{n}]"
        if not clash:
            plan.create.append(PlannedItem(entity, label, Record(spec.table, values), where))


def _show(value: tuple[Any, ...]) -> str:
    return repr(value[0]) if len(value) == 1 else repr(value)


def _load(cls: type[Any], raw: Any, where: str, plan: Plan) -> Any:
    try:
        obj = load(cls, raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = ".".join(str(p) for p in error["loc"]) or "record"
            plan.problem(where, f"{loc}: {error['msg']}")
        return None
    if obj.id is None:
        plan.problem(where, N_("id: missing"))
        return None
    try:
        validation.VALIDATORS.get(cls, _no_check)(obj)
    except InvalidInputError as exc:
        plan.problem(where, exc.text)
        return None
    return obj


def _no_check(_obj: Any) -> None:
    return None


def _ids(doc: dict[str, Any], known: Known) -> dict[str, set[int]]:
    """Ids of every table in the file or the database, by document key and table name."""
    out: dict[str, set[int]] = {}
    stored: dict[str, set[int]] = {
        key: {o.id for o in getattr(known.workspace, key) if o.id is not None}
        for key in ENTITY_TABLES
    }
    for name in RECORD_TABLES:
        stored[name] = {r["id"] for r in known.records.get(name, [])}
    for key, found in stored.items():
        items = doc.get(key)
        if isinstance(items, list):
            for item in items:
                value = item.get("id") if isinstance(item, dict) else None
                if isinstance(value, int) and not isinstance(value, bool):
                    found.add(value)
        out[key] = found
    for key, row in ENTITY_TABLES.items():
        out[row.__tablename__] = out[key]
    return out


def _references_ok(obj: Any, ids: dict[str, set[int]], where: str, plan: Plan) -> bool:
    refs = [("client_id", "clients"), ("project_id", "projects")]
    refs += [("referred_by_client_id", "clients"), ("referred_by_contact_id", "contacts")]
    names = {f.name for f in fields(obj)}
    ok = True
    for attr, key in refs:
        value = getattr(obj, attr) if attr in names else None
        if value is not None and value not in ids[key]:
            plan.problem(
                where,
                N_("{field} {value}: no such {entity} in the file or database"),
                field=attr,
                value=value,
                entity=key[:-1],
            )
            ok = False
    return ok


def _clashes(obj: Any, entity: str, known: Known, where: str, plan: Plan) -> bool:
    if isinstance(obj, Client):
        other = known.client(obj.name)
        if other is not None:
            plan.problem(
                where,
                N_("a client named {name} already exists (id {id})"),
                name=obj.name,
                id=other.id,
            )
            return True
    external = getattr(obj, "external_id", None)
    if external and known.has_external(entity, external):
        plan.problem(
            where,
            N_("external_id {external_id} already belongs to another {entity}"),
            external_id=repr(external),
            entity=entity,
        )
        return True
    return False
