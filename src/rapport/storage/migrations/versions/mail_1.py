"""outgoing mail, reminders and the daily digest

Revision ID: mail_1
Revises: imap_1
Create Date: 2026-12-04 16:40:00

mail_server: the SMTP server Rapport sends through (the password encrypted with the server
key); notices: every reminder and digest made for an account, so each goes out once.
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "mail_1"
down_revision = "imap_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_server",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("security", sa.String(length=16), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=True),
        sa.Column("password_encrypted", sa.Text(), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=True),
        sa.Column("updated_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_server")),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("due_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("mailed_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("shown_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("account", "kind", "key", name=op.f("uq_notices_account")),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notices_account"), ["account"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_account"))
    op.drop_table("notices")
    op.drop_table("mail_server")
