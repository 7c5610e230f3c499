"""e-mail logging over IMAP

Revision ID: imap_1
Revises: sync_1
Create Date: 2026-12-04 16:40:00

mailboxes: the IMAP mailboxes `rapport sync` reads (the password encrypted with the server
key); mail_folder_states: each folder's UIDVALIDITY and highest UID read; mail_messages:
the messages seen (headers; the body only when opted in) and their threads; mail_promises:
promises found in sent mail, offered as commitments.
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "imap_1"
down_revision = "sync_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mailboxes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("security", sa.String(length=16), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=True),
        sa.Column("folders", sa.JSON(), nullable=False),
        sa.Column("sent_folder", sa.String(length=500), nullable=True),
        sa.Column("store_bodies", sa.Boolean(), nullable=False),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("last_sync_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_result", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mailboxes")),
    )
    op.create_table(
        "mail_folder_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailboxes.id"],
            name=op.f("fk_mail_folder_states_mailbox_id_mailboxes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_folder_states")),
        sa.UniqueConstraint("mailbox_id", "folder", name=op.f("uq_mail_folder_states_mailbox_id")),
    )
    with op.batch_alter_table("mail_folder_states", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_folder_states_mailbox_id"), ["mailbox_id"], unique=False
        )
    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=500), nullable=False),
        sa.Column("thread_key", sa.String(length=64), nullable=False),
        sa.Column("subject_key", sa.String(length=64), nullable=True),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("sent_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("outbound", sa.Boolean(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("people", sa.JSON(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_mail_messages_client_id_clients"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailboxes.id"],
            name=op.f("fk_mail_messages_mailbox_id_mailboxes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_messages")),
        sa.UniqueConstraint("mailbox_id", "message_id", name=op.f("uq_mail_messages_mailbox_id")),
    )
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_messages_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            "ix_mail_messages_subject", ["mailbox_id", "subject_key"], unique=False
        )
        batch_op.create_index("ix_mail_messages_thread", ["mailbox_id", "thread_key"], unique=False)
    op.create_table(
        "mail_promises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=500), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("made_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_mail_promises_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitments.id"],
            name=op.f("fk_mail_promises_commitment_id_commitments"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mailbox_id"],
            ["mailboxes.id"],
            name=op.f("fk_mail_promises_mailbox_id_mailboxes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_promises")),
        sa.UniqueConstraint(
            "mailbox_id", "message_id", "number", name=op.f("uq_mail_promises_mailbox_id")
        ),
    )
    with op.batch_alter_table("mail_promises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_promises_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mail_promises_mailbox_id"), ["mailbox_id"], unique=False
        )


def downgrade() -> None:
    op.drop_table("mail_promises")
    op.drop_table("mail_messages")
    op.drop_table("mail_folder_states")
    op.drop_table("mailboxes")
