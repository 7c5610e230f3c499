"""client names unique regardless of case and Unicode form

Revision ID: names_1
Revises: audit_2
Create Date: 2026-12-04 14:00:00

``clients.name_key`` holds the name as clients are compared: Unicode NFKC, case folded,
spaces collapsed (``rapport.domain.names.name_key``), under a unique index, so "Acme",
"ACME" and "ＡＣＭＥ" (full-width) can no longer be three clients.

Existing duplicates are **renamed, never merged or refused**: the client with the lowest
id keeps its name, each later one gets " (2)", " (3)"... appended (the first number that
makes a name no other client has, again regardless of case). Every rename is written to
the audit log (action ``rename``, actor ``names_1``) and logged as a warning, so an
upgrade never stops on old data and nothing is lost. Merge them by hand afterwards if
they are the same client (docs/workspace.md, "Client names").
Downgrading drops the column and index; renamed clients keep their new names.
"""

import logging
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "names_1"
down_revision = "audit_2"
branch_labels = None
depends_on = None

log = logging.getLogger("rapport.migrations")


def _key(name: str) -> str:
    """The comparison form as of this revision (kept here so history never changes)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column(
        "clients",
        sa.Column("name_key", sa.String(length=400), nullable=False, server_default=""),
    )
    clients = sa.table(
        "clients",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_key", sa.String),
    )
    audit = sa.table(
        "audit_log",
        sa.column("at", sa.DateTime),
        sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("client_id", sa.Integer),
        sa.column("changes", sa.JSON),
    )
    rows = bind.execute(sa.select(clients.c.id, clients.c.name).order_by(clients.c.id)).all()
    names = {name for _, name in rows}
    reserved = {_key(name) for name in names}
    # every key some client has now: a new name must not take one of them either
    taken: dict[str, str] = {}
    for client_id, name in rows:
        key = _key(name)
        new_name = name
        if key in taken:
            n = 2
            while True:
                suffix = f" ({n})"
                new_name = name[: 200 - len(suffix)] + suffix
                if _key(new_name) not in reserved and _key(new_name) not in taken:
                    break
                n += 1
            names.add(new_name)
            key = _key(new_name)
            log.warning(
                "names_1: client %s renamed from %r to %r: its name is the same as %r's "
                "regardless of case and Unicode form",
                client_id,
                name,
                new_name,
                taken[_key(name)],
            )
            bind.execute(
                sa.insert(audit).values(
                    at=datetime.now(UTC).replace(tzinfo=None),
                    actor="names_1",
                    action="rename",
                    entity="client",
                    entity_id=str(client_id),
                    client_id=client_id,
                    changes={"name": [name, new_name]},
                )
            )
        taken[key] = new_name
        bind.execute(
            sa.update(clients).where(clients.c.id == client_id).values(name=new_name, name_key=key)
        )
    op.create_index("ix_clients_name_key", "clients", ["name_key"], unique=True)
    if bind.dialect.name != "sqlite":
        # SQLite cannot drop a column default without copying the table; it is never used
        # (the application always writes the key).
        op.alter_column("clients", "name_key", server_default=None)


def downgrade() -> None:
    op.drop_index("ix_clients_name_key", table_name="clients")
    if op.get_bind().dialect.name == "sqlite":
        # in place (SQLite 3.35+): a batch copy of the table would drop its triggers
        op.execute("ALTER TABLE clients DROP COLUMN name_key")
    else:
        op.drop_column("clients", "name_key")
