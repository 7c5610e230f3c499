"""audit log filtered by who acted and by kind of record

Revision ID: audit_2
Revises: assess_1
Create Date: 2026-12-04 14:00:00

Every table's writes are audited now (rapport.services.audit), so the log grows with every
change; `rapport audit --actor/--entity`, `GET /api/audit` and the audit page filter on
``actor`` and ``entity``, which get an index each. No column changes.
"""

from alembic import op

revision = "audit_2"
down_revision = "assess_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity"), ["entity"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity"))
        batch_op.drop_index(batch_op.f("ix_audit_log_actor"))
