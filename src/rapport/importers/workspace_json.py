"""The whole workspace as one JSON document, and reading it back into a :class:`Plan`.

The document is ``{"format": "rapport-workspace", "version": 1, "exported_at": ...,
"clients": [...], "contacts": [...], ...}`` with every entity in the shape the API uses
(:mod:`rapport.jsonable`), ids included. Read back, rows keep their ids, so an export
imported into an empty database is the same workspace. Into a non-empty one, a row whose
id already holds the same data is skipped; one that holds different data is a conflict.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any

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
from rapport.errors import InvalidInputError
from rapport.importers.plan import Known, Plan, PlannedItem, Skipped, decode_text
from rapport.jsonable import dump, load

FORMAT = "rapport-workspace"
VERSION = 1

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

CHECKS: dict[type[Any], Callable[[Any], None]] = {
    Client: validation.validate_client,
    Contact: validation.validate_contact,
    Interaction: validation.validate_interaction,
    Commitment: validation.validate_commitment,
    RevenueEntry: validation.validate_revenue,
}


def dump_workspace(ws: Workspace, exported_at: datetime) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.isoformat(),
    }
    for key, _cls, _entity in ENTITIES:
        doc[key] = dump(list(getattr(ws, key)))
    return doc


def read_json(data: bytes, source: str, known: Known) -> Plan:
    plan = Plan(source=source, format="json", what="workspace", keep_ids=True)
    text = decode_text(data, source)
    if not text.strip():
        plan.problem(f"{source}:1", "the file is empty (expected a Rapport workspace export)")
        return plan
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        plan.problem(f"{source}:{exc.lineno}", f"not valid JSON: {exc.msg}")
        return plan
    except RecursionError:
        plan.problem(source, "not valid JSON: nested too deeply")
        return plan
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        plan.problem(source, f'not a Rapport workspace export (expected "format": "{FORMAT}")')
        return plan
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        plan.problem(source, f"unsupported version {version!r} (this Rapport reads {VERSION})")
        return plan
    ids = _ids(doc, known)
    for key, cls, entity in ENTITIES:
        items = doc.get(key, [])
        if not isinstance(items, list):
            plan.problem(f"{source}: {key}", "expected a list")
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
                plan.problem(where, f"{entity} id {obj.id} appears twice")
                continue
            seen.add(obj.id)
            if isinstance(obj, Client):
                if obj.name.lower() in names:
                    plan.problem(where, f"client name {obj.name} appears twice")
                    continue
                names.add(obj.name.lower())
            if not _references_ok(obj, ids, where, plan):
                continue
            label = obj.name if isinstance(obj, Client | Project) else f"{entity} {obj.id}"
            current = existing.get(obj.id)
            if current is not None:
                if dump(current) == dump(obj):
                    plan.skip.append(Skipped(entity, label, "already present", where))
                else:
                    plan.problem(
                        where, f"{entity} id {obj.id} already holds different data in the database"
                    )
                continue
            if _clashes(obj, entity, known, where, plan):
                continue
            plan.create.append(PlannedItem(entity, label, obj, where))
    return plan


def _load(cls: type[Any], raw: Any, where: str, plan: Plan) -> Any:
    try:
        obj = load(cls, raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = ".".join(str(p) for p in error["loc"]) or "record"
            plan.problem(where, f"{loc}: {error['msg']}")
        return None
    if obj.id is None:
        plan.problem(where, "id: missing")
        return None
    try:
        CHECKS.get(cls, _no_check)(obj)
    except InvalidInputError as exc:
        plan.problem(where, exc.message)
        return None
    return obj


def _no_check(_obj: Any) -> None:
    return None


def _ids(doc: dict[str, Any], known: Known) -> dict[str, set[int]]:
    """Ids of clients, contacts and projects in the file or the database."""
    out: dict[str, set[int]] = {}
    for key in ("clients", "contacts", "projects"):
        found = {o.id for o in getattr(known.workspace, key) if o.id is not None}
        items = doc.get(key)
        if isinstance(items, list):
            for item in items:
                value = item.get("id") if isinstance(item, dict) else None
                if isinstance(value, int) and not isinstance(value, bool):
                    found.add(value)
        out[key] = found
    return out


def _references_ok(obj: Any, ids: dict[str, set[int]], where: str, plan: Plan) -> bool:
    refs = [("client_id", "clients"), ("project_id", "projects")]
    refs += [("referred_by_client_id", "clients"), ("referred_by_contact_id", "contacts")]
    names = {f.name for f in fields(obj)}
    ok = True
    for attr, key in refs:
        value = getattr(obj, attr) if attr in names else None
        if value is not None and value not in ids[key]:
            plan.problem(where, f"{attr} {value}: no such {key[:-1]} in the file or database")
            ok = False
    return ok


def _clashes(obj: Any, entity: str, known: Known, where: str, plan: Plan) -> bool:
    if isinstance(obj, Client):
        other = known.client(obj.name)
        if other is not None:
            plan.problem(where, f"a client named {obj.name} already exists (id {other.id})")
            return True
    external = getattr(obj, "external_id", None)
    if external and known.has_external(entity, external):
        plan.problem(where, f"external_id {external!r} already belongs to another {entity}")
        return True
    return False
