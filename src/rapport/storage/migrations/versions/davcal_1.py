"""calendars chosen from an account, the unmatched-organisers review, agendas written back

Revision ID: davcal_1
Revises: carddav_1
Create Date: 2026-12-04 16:40:00

calendar_sources.write_agendas: saved agendas are written into this calendar's events;
calendar_items.people: who was on the resource's unmatched events (the review list);
calendar_ignored: e-mail addresses the user chose to leave off the review list.
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "davcal_1"
down_revision = "carddav_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("write_agendas", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("calendar_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("people", sa.JSON(), nullable=True))
    op.create_table(
        "calendar_ignored",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_ignored")),
        sa.UniqueConstraint("email", name=op.f("uq_calendar_ignored_email")),
    )


def downgrade() -> None:
    op.drop_table("calendar_ignored")
    with op.batch_alter_table("calendar_items", schema=None) as batch_op:
        batch_op.drop_column("people")
    with op.batch_alter_table("calendar_sources", schema=None) as batch_op:
        batch_op.drop_column("write_agendas")
