"""The migration chain: empty -> head works on both engines, and head matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from rapport.storage import database
from rapport.storage.schema import Base
from tests.conftest import BACKENDS, _worker, fresh_postgres_database


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return fresh_postgres_database(f"rapport_test_migrations_{_worker()}")


def test_upgrade_from_empty_reaches_head_and_matches_models(empty_url: str) -> None:
    engine = database.create_engine(empty_url)
    database.upgrade(engine)
    assert database.current_revision(engine) == database.head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"


def test_migration_chain_is_linear() -> None:
    engine = database.create_engine("sqlite://")
    script = ScriptDirectory.from_config(database.alembic_config(engine))
    assert len(script.get_heads()) == 1, "more than one Alembic head: re-chain the migrations"
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
