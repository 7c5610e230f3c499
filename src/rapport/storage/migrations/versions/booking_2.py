"""merge: the booking page (booking_1) and outgoing mail (mail_1), both after sync_1

Revision ID: booking_2
Revises: booking_1, mail_1
Create Date: 2026-12-04 16:40:00

No schema change: it joins the two branches into one head.
"""

revision = "booking_2"
down_revision = ("booking_1", "mail_1")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
