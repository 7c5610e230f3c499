"""your profile and settings; how drafts address each contact

Revision ID: profile_1
Revises: names_1
Create Date: 2026-12-04 14:00:00

``profile_settings`` holds what ``rapport settings set`` stores (one row per key).
``contacts.address_form`` / ``contacts.address_name``: the form of address drafts use for
the contact (NULL: derived from the name, language and kind of client).
"""

import sqlalchemy as sa
from alembic import op

revision = "profile_1"
down_revision = "names_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_profile_settings_key")),
    )
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("address_form", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("address_name", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("address_name")
        batch.drop_column("address_form")
    op.drop_table("profile_settings")
