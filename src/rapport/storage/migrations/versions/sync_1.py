"""calendar sync and the ICS feed

Revision ID: sync_1
Revises: profile_1
Create Date: 2026-12-04 14:08:45

calendar_sources: the CalDAV calendars and ICS addresses `rapport sync` reads (the password
encrypted with the server key); calendar_items: what was last read from each (ETag or hash,
the interactions it made); feed_tokens: the digest of each account's secret ICS feed token.
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "sync_1"
down_revision = "profile_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=True),
        sa.Column("password_encrypted", sa.Text(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("sync_state", sa.String(length=2000), nullable=True),
        sa.Column("window_start", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("last_sync_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_result", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_calendar_sources_client_id_clients"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_sources")),
    )
    with op.batch_alter_table("calendar_sources", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_sources_client_id"), ["client_id"], unique=False
        )

    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("token_encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_feed_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_feed_tokens_token_digest")),
        sa.UniqueConstraint("user_id", name=op.f("uq_feed_tokens_user_id")),
    )
    op.create_table(
        "calendar_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("href", sa.String(length=2000), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("keys", sa.JSON(), nullable=False),
        sa.Column("unmatched", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["calendar_sources.id"],
            name=op.f("fk_calendar_items_source_id_calendar_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_items")),
        sa.UniqueConstraint("source_id", "href", name=op.f("uq_calendar_items_source_id")),
    )
    with op.batch_alter_table("calendar_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_items_source_id"), ["source_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("calendar_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_items_source_id"))

    op.drop_table("calendar_items")
    op.drop_table("feed_tokens")
    with op.batch_alter_table("calendar_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_sources_client_id"))

    op.drop_table("calendar_sources")
