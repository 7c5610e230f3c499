"""Alembic environment: runs on the engine handed over by rapport.storage.database."""

from __future__ import annotations

from alembic import context

from rapport.storage.schema import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # the alembic command (alembic.ini): RAPPORT_DATABASE_URL or the default
        from rapport.config import load_settings
        from rapport.storage.database import create_engine

        engine = create_engine(load_settings().resolved_database_url())
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        context.run_migrations()


run_migrations_online()
