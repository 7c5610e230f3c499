"""Rows for relationship intelligence: self-assessment takes and monthly trust snapshots."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class AssessmentRow(Base):
    """One take of the trust self-assessment, the account's own (docs/trust.md)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True, default=None
    )
    """The account that took it; NULL for the command line (and takes from before
    accounts had their own)."""
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    language: Mapped[str] = mapped_column(sa.String(16))
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    credibility: Mapped[float] = mapped_column(sa.Float)
    reliability: Mapped[float] = mapped_column(sa.Float)
    intimacy: Mapped[float] = mapped_column(sa.Float)
    self_orientation: Mapped[float] = mapped_column(sa.Float)
    trust: Mapped[float] = mapped_column(sa.Float)


class TrustSnapshotRow(Base):
    """A client's trust estimate for one month (the latest run in that month wins)."""

    __tablename__ = "trust_snapshots"
    __table_args__ = (sa.UniqueConstraint("client_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[str] = mapped_column(sa.String(7))
    """YYYY-MM (UTC)."""
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    trust: Mapped[float] = mapped_column(sa.Float)
    credibility: Mapped[float] = mapped_column(sa.Float)
    reliability: Mapped[float] = mapped_column(sa.Float)
    intimacy: Mapped[float] = mapped_column(sa.Float)
    self_orientation: Mapped[float] = mapped_column(sa.Float)
