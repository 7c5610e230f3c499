"""Backup and restore of the whole workspace.

Two formats (docs/workspace.md):

- **SQLite file**: on SQLite, ``backup`` copies the live database with SQLite's online
  backup API, a consistent copy even while Rapport is in use. It is itself a Rapport
  database you can open with ``--db sqlite:///FILE``.
- **Portable archive** (``.json.gz``): the default on PostgreSQL, and ``--portable`` on
  SQLite. Gzip-compressed JSON with every table in the schema, the schema (Alembic)
  revision, the row count of each table and a SHA-256 checksum of the rows. It restores
  into either engine.

``restore`` first verifies the file completely (readable, right format, schema revision
known, counts and checksum, SQLite's integrity check) and only then replaces every row in
one transaction, so a bad file is refused with one clear error and changes nothing.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from rapport.clock import now
from rapport.errors import InvalidInputError
from rapport.policy.access import LOCAL, Actor
from rapport.services import audit
from rapport.storage import backup_io, database
from rapport.storage.backup_io import Engine
from rapport.storage.schema import Base
from rapport.texts import N_

FORMAT = "rapport-backup"
FORMAT_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"

L_DAMAGED_SQLITE = N_("{path}: damaged SQLite file ({reason})")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup file holds, once verified."""

    path: str
    format: str
    """``sqlite`` or ``portable``."""
    revision: str
    counts: dict[str, int]


Progress = Callable[[int, int], None]
"""Told ``(done, total)`` as a backup or restore goes (SQLite pages, or archive tables)."""


def _quiet(done: int, total: int) -> None:
    """No progress display."""


class BackupService:
    """Backups hold every account and every client: only owners (and the local command
    line) make or restore them."""

    def __init__(self, engine: Engine, actor: Actor = LOCAL) -> None:
        self.engine = engine
        self.actor = actor

    # --- backup --------------------------------------------------------------------------
    def backup(
        self, path: Path, *, portable: bool = False, progress: Progress = _quiet
    ) -> BackupInfo:
        """Write a backup to ``path`` (replaced atomically if it exists); ``progress`` is
        told how far it got."""
        self.actor.check_owner()
        path = path.expanduser()
        live = self._sqlite_path()
        if live is not None and path.exists() and path.resolve() == live.resolve():
            raise InvalidInputError(N_("the backup file cannot be the live database itself"))
        part = path.with_name(f".{path.name}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if live is not None and not portable:
                self._sqlite_backup(part, progress)
            else:
                self._portable_backup(part, progress)
            Path(part).replace(path)
        except (OSError, sqlite3.OperationalError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            raise InvalidInputError(
                N_("cannot write {path}: {reason}"), path=path, reason=reason
            ) from None
        finally:
            part.unlink(missing_ok=True)
        return self.verify(path)

    def _sqlite_backup(self, target: Path, progress: Progress = _quiet) -> None:
        backup_io.sqlite_copy(self.engine, target, progress)

    def _portable_backup(self, target: Path, progress: Progress = _quiet) -> None:
        tables, revision = backup_io.read_tables(self.engine, _encode, progress)
        archive = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "revision": revision,
            "created_at": now().isoformat(),
            "source": backup_io.dialect_name(self.engine),
            "counts": {name: len(t["rows"]) for name, t in tables.items()},
            "checksum": _checksum(tables),
            "tables": tables,
        }
        with gzip.open(target, "wt", encoding="utf-8") as out:
            json.dump(archive, out, ensure_ascii=False, separators=(",", ":"))

    # --- verify --------------------------------------------------------------------------
    def verify(self, path: Path) -> BackupInfo:
        """Check the file completely; raise InvalidInputError naming the first problem."""
        kind = _sniff(path)
        if kind == "sqlite":
            with _open_sqlite(path) as conn:
                return self._verify_sqlite(path, conn)
        archive = _read_archive(path)
        return self._verify_archive(path, archive)

    def _verify_sqlite(self, path: Path, conn: sqlite3.Connection) -> BackupInfo:
        try:
            problems = backup_io.sqlite_integrity(conn)
            if problems != ["ok"]:
                raise InvalidInputError(L_DAMAGED_SQLITE, path=path, reason=problems[0])
            names = backup_io.sqlite_tables(conn)
            if "alembic_version" not in names:
                raise InvalidInputError(
                    N_("{path}: not a Rapport database (no schema revision)"), path=path
                )
            revision = backup_io.sqlite_revision(conn)
            missing = [t.name for t in Base.metadata.sorted_tables if t.name not in names]
            if revision is None or missing:
                raise InvalidInputError(N_("{path}: not a complete Rapport database"), path=path)
            counts = backup_io.sqlite_counts(conn, [t.name for t in Base.metadata.sorted_tables])
        except sqlite3.DatabaseError as exc:
            raise InvalidInputError(L_DAMAGED_SQLITE, path=path, reason=exc) from None
        self._check_revision(path, revision, exact=False)
        return BackupInfo(str(path), "sqlite", revision, counts)

    def _verify_archive(self, path: Path, archive: Any) -> BackupInfo:
        if not isinstance(archive, dict) or archive.get("format") != FORMAT:
            raise InvalidInputError(N_("{path}: not a Rapport backup archive"), path=path)
        if archive.get("format_version") != FORMAT_VERSION:
            raise InvalidInputError(
                N_(
                    "{path}: archive format version {version} is not supported (this Rapport "
                    "reads version {supported})"
                ),
                path=path,
                version=archive.get("format_version"),
                supported=FORMAT_VERSION,
            )
        revision = str(archive.get("revision"))
        self._check_revision(path, revision, exact=True)
        tables = archive.get("tables")
        counts = archive.get("counts")
        if not isinstance(tables, dict) or not isinstance(counts, dict):
            raise InvalidInputError(N_("{path}: archive has no tables"), path=path)
        for table in Base.metadata.sorted_tables:
            stored = tables.get(table.name)
            if not isinstance(stored, dict) or not isinstance(stored.get("rows"), list):
                raise InvalidInputError(
                    N_("{path}: table {table} is missing"), path=path, table=table.name
                )
            if stored.get("columns") != [c.name for c in table.columns]:
                raise InvalidInputError(
                    N_("{path}: table {table} has other columns"), path=path, table=table.name
                )
            if counts.get(table.name) != len(stored["rows"]):
                raise InvalidInputError(
                    N_("{path}: table {table} has {rows} rows, the archive says {expected}"),
                    path=path,
                    table=table.name,
                    rows=len(stored["rows"]),
                    expected=counts.get(table.name),
                )
        if archive.get("checksum") != _checksum(tables):
            raise InvalidInputError(
                N_("{path}: checksum does not match: the archive is damaged"), path=path
            )
        return BackupInfo(str(path), "portable", revision, {k: int(v) for k, v in counts.items()})

    def _check_revision(self, path: Path, revision: str, *, exact: bool) -> None:
        """The file's schema must be one this Rapport knows; an archive must match the
        database exactly (a SQLite file is migrated forward after restoring)."""
        if not database.knows_revision(self.engine, revision):
            raise InvalidInputError(
                N_(
                    "{path}: made with schema revision {revision}, which this version of "
                    "Rapport does not know (restore it with a newer Rapport)"
                ),
                path=path,
                revision=revision,
            )
        current = database.current_revision(self.engine)
        if exact and revision != current:
            raise InvalidInputError(
                N_(
                    "{path}: made with schema revision {revision} but this database is at "
                    "{current}; restore it with the Rapport version that made it"
                ),
                path=path,
                revision=revision,
                current=current,
            )

    # --- restore -------------------------------------------------------------------------
    def restore(self, path: Path, *, progress: Progress = _quiet) -> BackupInfo:
        """Verify ``path``, then replace every row of the workspace with its contents;
        ``progress`` is told how far it got."""
        self.actor.check_owner()
        info = self.verify(path)
        live = self._sqlite_path()
        if live is not None and live.exists() and path.resolve() == live.resolve():
            raise InvalidInputError(
                N_("{path} is the live database itself: nothing to restore"), path=path
            )
        if info.format == "sqlite":
            if live is None:
                raise InvalidInputError(
                    N_(
                        "{path}: a SQLite backup restores into a SQLite database only "
                        "(make a portable one with `rapport backup --portable`)"
                    ),
                    path=path,
                )
            self._sqlite_restore(path, live, progress)
            database.upgrade(self.engine)
        else:
            self._load_archive(_read_archive(path)["tables"], progress)
        with backup_io.session_as(self.engine, self.actor.name) as s:
            audit.bulk(s, "restore", dict(info.counts))
        return info

    def _sqlite_restore(self, path: Path, live: Path, progress: Progress = _quiet) -> None:
        self.engine.dispose()
        with _open_sqlite(path) as source, closing(sqlite3.connect(live, timeout=30)) as dest:
            try:
                # one write transaction on the live database
                source.backup(dest, pages=PAGES_PER_STEP, progress=_pages(progress))
            except sqlite3.Error as exc:
                raise InvalidInputError(
                    N_("{path}: could not restore ({reason}); nothing changed"),
                    path=path,
                    reason=exc,
                ) from None

    def _load_archive(self, tables: dict[str, Any], progress: Progress = _quiet) -> None:
        backup_io.replace_tables(self.engine, tables, progress)

    def _sqlite_path(self) -> Path | None:
        return backup_io.sqlite_path(self.engine)


PAGES_PER_STEP = 256
"""SQLite pages copied per step of a restore (progress is told after each; the copy stays
one write transaction on the live database)."""


def _pages(progress: Progress) -> Callable[[int, int, int], None]:
    """sqlite3's backup callback ``(status, remaining, total)`` as ``progress(done, total)``."""

    def told(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    return told


def _sniff(path: Path) -> str:
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInputError(
            N_("cannot read {path}: {reason}"), path=path, reason=exc.strerror
        ) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(GZIP_MAGIC):
        return "portable"
    raise InvalidInputError(
        N_("{path}: not a Rapport backup (neither SQLite nor a .json.gz archive)"), path=path
    )


@contextmanager
def _open_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InvalidInputError(N_("cannot open {path}: {reason}"), path=path, reason=exc) from None
    try:
        yield conn
    finally:
        conn.close()


def _read_archive(path: Path) -> Any:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            N_("{path}: damaged archive ({reason})"), path=path, reason=exc
        ) from None
    except json.JSONDecodeError as exc:
        raise InvalidInputError(
            N_("{path}: damaged archive (bad JSON: {reason})"), path=path, reason=exc.msg
        ) from None


def _checksum(tables: Any) -> str:
    canonical = json.dumps(tables, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _encode(value: Any) -> Any:
    """A column value as JSON: times and dates ISO 8601, money as a string, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value
