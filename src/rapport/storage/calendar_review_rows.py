"""Rows for the review list of unmatched organisers (docs/integrations.md): the e-mail
addresses the user chose to ignore. Who was on unmatched events is kept per calendar
resource in ``calendar_items.people``."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class CalendarIgnoredRow(Base):
    """An e-mail address left off the unmatched-organisers review list."""

    __tablename__ = "calendar_ignored"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
