"""Engine creation and schema migrations.

SQLite gets WAL mode and enforced foreign keys on every connection; PostgreSQL is reached
through psycopg 3 (``postgresql://`` URLs are rewritten to ``postgresql+psycopg://``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` and ``postgres://`` URLs and use psycopg 3 for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def database_exists(url: str) -> bool:
    """Whether a database is there to read from, without creating one: a SQLite file that
    exists, or any other database URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    return (
        bool(parsed.database)
        and parsed.database != ":memory:"
        and Path(str(parsed.database)).is_file()
    )


def libpq_conninfo(url: str) -> str | None:
    """The libpq connection string of a PostgreSQL URL (what procrastinate wants); None
    for another database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def has_table(engine: Engine, name: str) -> bool:
    """Whether the database has a table ``name``."""
    return bool(sa.inspect(engine).has_table(name))


def create_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
        engine = sa.create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_driver_name() == "psycopg":
        from rapport.errors import require_team_extra

        require_team_extra("psycopg")
    kwargs.setdefault("pool_pre_ping", True)
    # Enough kept-open connections for a worker's request threads and the background
    # refresher: opening a PostgreSQL connection per request costs a process start there.
    kwargs.setdefault("pool_size", 12)
    kwargs.setdefault("max_overflow", 8)
    return sa.create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Readers share the operating system's copy of the file instead of each connection
    # decoding pages into its own small cache (a large win with many concurrent requests).
    cursor.execute("PRAGMA mmap_size=1073741824")
    cursor.close()


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (applied automatically on start)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def knows_revision(engine: Engine, revision: str) -> bool:
    """Whether ``revision`` is one of this Rapport's schema revisions (a backup's)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config(engine))
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def optimize(engine: Engine) -> None:
    """Give SQLite's query planner statistics: a sampled ``ANALYZE`` the first time, then
    ``PRAGMA optimize`` (which redoes only what is stale; cheap when nothing is).
    PostgreSQL's autovacuum keeps its own statistics."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        analysed = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first()
        conn.exec_driver_sql("PRAGMA optimize" if analysed else "ANALYZE")
        conn.commit()
