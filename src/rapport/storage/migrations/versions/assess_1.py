"""self-assessment takes belong to the account that took them

Revision ID: assess_1
Revises: accounts_1
Create Date: 2026-12-04 11:00:00

``assessments.user_id`` names the account whose take it is (NULL: the command line, and
every take stored before this revision, which in single-user mode is the one user's).
Removing an account removes its takes. SQLite copies the table to add the reference, which
drops its triggers: the scores_1 triggers on it are made again.
"""

import sqlalchemy as sa
from alembic import op

revision = "assess_1"
down_revision = "accounts_1"
branch_labels = None
depends_on = None

BUMP = "UPDATE client_scores SET version = version + 1, valid_until = NULL"


def _sqlite_triggers() -> None:
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS scores_stale_assessments_{name}")
        op.execute(
            f"CREATE TRIGGER scores_stale_assessments_{name} AFTER {name.upper()} "
            f"ON assessments BEGIN {BUMP}; END"
        )


def upgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_assessments_user_id_users", "users", ["user_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_assessments_user_id", ["user_id"])
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_index("ix_assessments_user_id")
        batch.drop_constraint("fk_assessments_user_id_users", type_="foreignkey")
        batch.drop_column("user_id")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
