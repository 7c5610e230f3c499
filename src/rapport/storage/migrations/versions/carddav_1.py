"""contact sync (CardDAV)

Revision ID: carddav_1
Revises: mail_1
Create Date: 2026-12-04 16:40:00

address_books: the CardDAV address books `rapport sync` reads and writes (the password
encrypted with the server key); contact_cards: each card's contact and the version both
sides last agreed on (the base of the three-way merge).
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "carddav_1"
down_revision = "mail_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "address_books",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=True),
        sa.Column("password_encrypted", sa.Text(), nullable=True),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("sync_state", sa.String(length=2000), nullable=True),
        sa.Column("last_sync_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_result", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_address_books_client_id_clients"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_books")),
        sa.UniqueConstraint("url", name=op.f("uq_address_books_url")),
    )
    with op.batch_alter_table("address_books", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_books_client_id"), ["client_id"], unique=False)

    op.create_table(
        "contact_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("href", sa.String(length=2000), nullable=False),
        sa.Column("uid", sa.String(length=500), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("base", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["address_books.id"],
            name=op.f("fk_contact_cards_book_id_address_books"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_cards_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_cards")),
        sa.UniqueConstraint("book_id", "href", name=op.f("uq_contact_cards_book_id")),
        sa.UniqueConstraint("contact_id", name=op.f("uq_contact_cards_contact_id")),
    )
    with op.batch_alter_table("contact_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_cards_book_id"), ["book_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contact_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_cards_book_id"))
    op.drop_table("contact_cards")
    with op.batch_alter_table("address_books", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_books_client_id"))
    op.drop_table("address_books")
