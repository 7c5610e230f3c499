"""Importing files into the workspace and exporting it, each in one transaction.

An import reads the stored workspace, asks the importer for a plan, and either reports
it (dry run) or writes all of it in the same transaction. A plan with any problem writes
nothing: the problems are raised together as one :class:`ImportProblem`.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from rapport.clock import now
from rapport.domain import validation
from rapport.domain.model import Client, Workspace
from rapport.domain.names import name_key
from rapport.errors import ImportProblem, InvalidInputError
from rapport.importers import registry as importers
from rapport.importers.csv_export import csv_tables
from rapport.importers.plan import Known, Plan
from rapport.importers.records import Record
from rapport.importers.registry import Importer
from rapport.importers.workspace_json import ENTITIES, dump_workspace, record_tables
from rapport.policy.access import LOCAL, Actor
from rapport.services import audit
from rapport.services.workspace import ROWS
from rapport.storage.failures import IntegrityError
from rapport.storage.mapping import copy_onto
from rapport.storage.orm import ClientRow
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.workspace_tables import (
    Table,
    WorkspaceTables,
    self_references,
    table_of,
)
from rapport.storage.unit_of_work import Database
from rapport.texts import N_

Progress = Callable[[int, int], None]
"""Called with (done, total) while a plan is written."""


@dataclass(frozen=True, slots=True)
class ImportOptions:
    what: str | None = None
    """CSV: clients, contacts, interactions or revenue (default: read from the header)."""
    client: str | None = None
    """vCard/iCalendar: the client for cards without ORG / events nobody matches."""
    window: tuple[datetime, datetime] | None = None
    """iCalendar: occurrences between these (default: a year back to 90 days ahead)."""


def load_workspace(tables: WorkspaceTables) -> Workspace:
    """Every entity, read as plain rows (no ORM objects: several times faster in bulk)."""
    ws = Workspace()
    for key, cls, _entity in ENTITIES:
        names = [f.name for f in fields(cls)]
        setattr(ws, key, [cls(*row) for row in tables.column_rows(ROWS[cls], names)])
    return ws


def load_records(tables: WorkspaceTables) -> dict[str, list[dict[str, Any]]]:
    """The rows of every other exported table (column -> value), by table name."""
    return {spec.name: tables.records(spec.table) for spec in record_tables()}


@dataclass(frozen=True, slots=True)
class WorkspaceDocument:
    """The whole workspace as `rapport export json` writes it and `rapport import json`
    reads it (docs/workspace.md)."""

    content: dict[str, Any]
    """The document's JSON: its header and every exported table by name."""

    def counts(self) -> dict[str, int]:
        """How many rows each table of the document holds."""
        return {k: len(v) for k, v in self.content.items() if isinstance(v, list)}


class ImportService:
    def __init__(self, db: Database, actor: Actor = LOCAL) -> None:
        self.db = db
        # Imports and exports read or write the whole workspace: owners only.
        self.actor = actor

    # --- import --------------------------------------------------------------------------
    def run(
        self,
        fmt: str,
        data: bytes,
        source: str,
        *,
        dry_run: bool = False,
        options: ImportOptions | None = None,
        progress: Progress | None = None,
    ) -> Plan:
        """Plan the import of ``data`` and, unless ``dry_run``, write it: all or nothing."""
        self.actor.check_owner()
        options = options or ImportOptions()
        importer = importers.get(fmt)
        if importer is None:
            raise InvalidInputError(
                N_("unknown import format {format}: use {formats}"),
                format=repr(fmt),
                formats=", ".join(importers.names()),
            )
        if options.window is not None:
            start, end = options.window
            if not (start.year >= 1900 and end.year <= 2200 and start < end):
                raise InvalidInputError(N_("the window must run forwards, between 1900 and 2200"))
        with self.db.transaction() as s:
            repos = Repositories(s, self.actor)
            tables = repos.workspace_tables
            records = load_records(tables) if importer.records else {}
            known = Known(load_workspace(tables), records)
            plan = self._plan(importer, data, source, known, options)
            _check_bounds(plan)
            plan.raise_problems()
            if not dry_run:
                audit.quiet(s)  # one entry for the whole import, below
                self._apply(repos, plan, known, progress)
                audit.bulk(s, "import", plan.counts())
        return plan

    def _plan(
        self, importer: Importer, data: bytes, source: str, known: Known, options: ImportOptions
    ) -> Plan:
        """The importer's plan, given the options its registry entry names."""
        values: dict[str, Any] = {}
        for name in importer.options:
            values[name] = getattr(options, name)
        if "window" in values and values["window"] is None:
            from rapport.importers.ical import default_window

            values["window"] = default_window(now().date())
        return importer.read(data, source, known, **values)

    def _apply(
        self, repos: Repositories, plan: Plan, known: Known, progress: Progress | None
    ) -> None:
        total = len(plan.create)
        try:
            if plan.keep_ids:
                self._apply_with_ids(repos.workspace_tables, plan, progress)
            else:
                self._apply_new(repos.workspace_tables, plan, known, progress)
            repos.flush()
        except IntegrityError as exc:
            first = str(exc.orig).splitlines()[0] if exc.orig else "constraint failed"
            raise ImportProblem(
                [f"{plan.source}: clashes with data already stored ({first}); nothing written"]
            ) from exc
        if progress:
            progress(total, total)

    def _apply_new(
        self, tables: WorkspaceTables, plan: Plan, known: Known, progress: Progress | None
    ) -> None:
        ids = {name_key(c.name): c.id for c in known.workspace.clients}
        referrals: list[tuple[ClientRow, str]] = []
        others = []
        for item in plan.create:
            obj = item.obj
            if isinstance(obj, Client):
                if obj.created_at is None:
                    obj.created_at = now()
                row = copy_onto(obj, ClientRow())
                tables.add(row)
                tables.flush()
                ids[name_key(obj.name)] = row.id
                if item.referred_by:
                    referrals.append((row, item.referred_by))
            else:
                if item.client_name is not None:
                    obj.client_id = ids[name_key(item.client_name)]
                others.append(obj)
        for row, referrer in referrals:
            row.referred_by_client_id = ids[name_key(referrer)]
        tables.flush()
        _insert_many(
            tables,
            others,
            keep_ids=False,
            done=len(plan.create) - len(others),
            total=len(plan.create),
            progress=progress,
        )

    def _apply_with_ids(
        self, tables: WorkspaceTables, plan: Plan, progress: Progress | None
    ) -> None:
        referrals: list[tuple[int | None, int]] = []
        links: list[tuple[Table, int, dict[str, Any]]] = []
        objs = []
        for item in plan.create:
            obj = item.obj
            if isinstance(obj, Client) and obj.referred_by_client_id is not None:
                referrals.append((obj.id, obj.referred_by_client_id))
                obj = replace(obj, referred_by_client_id=None)
            elif isinstance(obj, Record):
                # a row pointing into its own table is linked once every row is in
                own = {c: obj.values[c] for c in self_references(obj.table) if obj.values[c]}
                if own:
                    links.append((obj.table, obj.values["id"], own))
                    obj = Record(obj.table, {**obj.values, **dict.fromkeys(own)})
            objs.append(obj)
        # items come grouped in storage order, so parents are inserted before children
        _insert_many(tables, objs, keep_ids=True, done=0, total=len(objs), progress=progress)
        for client_id, referrer_id in referrals:
            tables.set_referrer(client_id, referrer_id)
        for table, row_id, values in links:
            tables.update(table, row_id, values)
        entity_tables = [table_of(ROWS[cls]) for _key, cls, _entity in ENTITIES]
        tables.reset_sequences([*entity_tables, *(t.table for t in record_tables())])

    # --- export --------------------------------------------------------------------------
    def snapshot(self) -> Workspace:
        self.actor.check_owner()
        with self.db.reading() as s:
            return load_workspace(Repositories(s, self.actor).workspace_tables)

    def workspace_document(self) -> WorkspaceDocument:
        """Every exported table, read in one transaction."""
        self.actor.check_owner()
        with self.db.reading() as s:
            tables = Repositories(s, self.actor).workspace_tables
            return WorkspaceDocument(
                dump_workspace(load_workspace(tables), now(), load_records(tables))
            )

    def export_json(self, path: Path) -> dict[str, int]:
        doc = self.workspace_document()
        text = json.dumps(doc.content, ensure_ascii=False, indent=2) + "\n"
        _write_atomically(path, text.encode())
        return doc.counts()

    def csv_files(self) -> dict[str, str]:
        return csv_tables(self.snapshot())

    def csv_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in self.csv_files().items():
                archive.writestr(name, text)
        return buffer.getvalue()

    def export_csv(self, path: Path) -> list[Path]:
        """Write clients.csv, contacts.csv, interactions.csv and revenue.csv into ``path``, or
        into a zip archive when ``path`` ends in .zip."""
        if path.suffix.lower() == ".zip":
            _write_atomically(path, self.csv_zip())
            return [path]
        if path.exists() and not path.is_dir():
            raise InvalidInputError(
                N_("{path} is a file; give a folder or a name ending in .zip"), path=path
            )
        path.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in self.csv_files().items():
            target = path / name
            _write_atomically(target, text.encode())
            written.append(target)
        return written


CHUNK = 1000


def _insert_many(
    tables: WorkspaceTables,
    objs: list[Any],
    *,
    keep_ids: bool,
    done: int,
    total: int,
    progress: Progress | None,
) -> None:
    """Insert dataclasses (and records) in bulk, a chunk of one table at a time, in the
    order given."""
    start = 0
    while start < len(objs):
        table = _table_of(objs[start])
        stop = start
        while stop < len(objs) and stop - start < CHUNK and _table_of(objs[stop]) is table:
            stop += 1
        skip = set() if keep_ids else {"id"}
        rows = [
            o.values
            if isinstance(o, Record)
            else {f.name: getattr(o, f.name) for f in fields(o) if f.name not in skip}
            for o in objs[start:stop]
        ]
        tables.insert(table, rows)
        if progress:
            progress(done + stop, total)
        start = stop


def _check_bounds(plan: Plan) -> None:
    """Every planned record by the same rules as one entered by hand (whatever format it
    came in), so an import can store no value that a computation cannot handle."""
    for item in plan.create:
        if type(item.obj) not in validation.VALIDATORS:
            continue  # a stored record of another table (its own checks ran when read)
        try:
            validation.validate(item.obj)
        except InvalidInputError as exc:
            plan.problem(item.where, exc.text)


def _table_of(obj: Any) -> Table:
    if isinstance(obj, Record):
        return obj.table
    return table_of(ROWS[type(obj)])


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and move it in place (no half files)."""
    parent = path.parent if str(path.parent) else Path()
    if not parent.is_dir():
        raise InvalidInputError(N_("no such folder: {path}"), path=parent)
    fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
