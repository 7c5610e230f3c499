"""Every table Rapport has: importing this module registers all ORM rows on Base.metadata.

Alembic and the tests read the full schema from here. Each area's row module is imported
below.
"""

from __future__ import annotations

from rapport.storage import (
    agendas_rows,
    booking_rows,
    calendar_review_rows,
    contact_sync_rows,
    convo_rows,
    intel_rows,
    jobs_rows,
    mail_rows,
    meetings_rows,
    notice_rows,
    orm,
    profile_rows,
    score_rows,
    sync_rows,
    team_rows,
    webhook_rows,
)
from rapport.storage.orm import Base

__all__ = [
    "Base",
    "agendas_rows",
    "booking_rows",
    "calendar_review_rows",
    "contact_sync_rows",
    "convo_rows",
    "intel_rows",
    "jobs_rows",
    "mail_rows",
    "meetings_rows",
    "notice_rows",
    "orm",
    "profile_rows",
    "score_rows",
    "sync_rows",
    "team_rows",
    "webhook_rows",
]
