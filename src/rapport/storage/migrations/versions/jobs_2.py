"""who submitted each background job

Revision ID: jobs_2
Revises: scores_1
Create Date: 2026-11-23 21:00:00

A job runs with the access of the account that submitted it, and only that account (and
owners) can see it. Jobs from before this revision belong to nobody: owners see them.
"""

import sqlalchemy as sa
from alembic import op

revision = "jobs_2"
down_revision = "scores_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_jobs_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_user_id"))
        batch_op.drop_column("user_id")
