"""the booking page

Revision ID: booking_1
Revises: davcal_1
Create Date: 2026-12-04 16:50:00

booking_links: each client's secret booking page token (digest + encrypted); bookings: the
meetings clients booked and what followed; booking_claims: the 15-minute units each booking
holds (unique: no double booking); booking_settings: the booking calendar and the counter
that writes bookings one at a time (one row, id 1).
"""

import sqlalchemy as sa
from alembic import op

import rapport.storage.types

revision = "booking_1"
down_revision = "davcal_1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("token_encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_booking_links_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_links")),
        sa.UniqueConstraint("client_id", name=op.f("uq_booking_links_client_id")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_booking_links_token_digest")),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("start", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("cancelled_at", rapport.storage.types.UTCDateTime(), nullable=True),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("triage_decision_id", sa.Integer(), nullable=True),
        sa.Column("agenda_id", sa.Integer(), nullable=True),
        sa.Column("calendar_href", sa.String(length=2000), nullable=True),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_bookings_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_bookings_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["triage_decision_id"],
            ["triage_decisions.id"],
            name=op.f("fk_bookings_triage_decision_id_triage_decisions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["agenda_id"],
            ["saved_agendas.id"],
            name=op.f("fk_bookings_agenda_id_saved_agendas"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bookings_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bookings_start"), ["start"], unique=False)
    op.create_table(
        "booking_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_start", rapport.storage.types.UTCDateTime(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_booking_claims_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_claims")),
        sa.UniqueConstraint("unit_start", name=op.f("uq_booking_claims_unit_start")),
    )
    with op.batch_alter_table("booking_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_claims_booking_id"), ["booking_id"], unique=False
        )
    settings = op.create_table(
        "booking_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_source_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_source_id"],
            ["calendar_sources.id"],
            name=op.f("fk_booking_settings_calendar_source_id_calendar_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_settings")),
    )
    op.bulk_insert(settings, [{"id": 1, "calendar_source_id": None, "version": 0}])


def downgrade() -> None:
    op.drop_table("booking_settings")
    with op.batch_alter_table("booking_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_claims_booking_id"))
    op.drop_table("booking_claims")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bookings_start"))
        batch_op.drop_index(batch_op.f("ix_bookings_client_id"))
    op.drop_table("bookings")
    op.drop_table("booking_links")
