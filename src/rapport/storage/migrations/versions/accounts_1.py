"""atomic login throttling; accounts that can be disabled

Revision ID: accounts_1
Revises: convo_2
Create Date: 2026-12-04 10:30:00

Failed logins are counted in one row per user name and address (``login_throttle``),
raised with a single conditional UPDATE so that concurrent attempts cannot all pass the
check (the old ``login_attempts`` rows were counted, then inserted: a race). The old rows
only ever paused logins for 15 minutes and are dropped. ``users.disabled`` lets an owner
switch an account off without deleting it.
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "accounts_1"
down_revision = "convo_2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("username", "address", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_who")
    op.drop_table("login_attempts")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("disabled")
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_who", ["username", "address", "at"], unique=False)
    op.drop_table("login_throttle")
