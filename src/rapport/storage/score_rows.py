"""Stored per-client facts: trust with its evidence and the figures the client pages show.

Derived data, never exported: each row is computed from one client's own records by
:mod:`rapport.services.client_facts`. Database triggers (migration ``scores_1``) bump
``version`` whenever anything the facts depend on changes (the client, its interactions,
promises, revenue or analysed meetings; any self-assessment bumps every row), so a row is
current only while ``computed_version == version`` and ``computed_at <= now < valid_until``.
Every client has a row (a trigger adds one for a new client), so finding the stale ones is
an index range scan on ``valid_until``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.domain.trust import TRUST_FLOOR
from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class ClientScoreRow(Base):
    __tablename__ = "client_scores"
    # Covering indexes: sums over revenue and the slipping scan never read the wide rows.
    __table_args__ = (
        sa.Index("ix_client_scores_revenue", "revenue"),
        sa.Index("ix_client_scores_trust_setbacks", "trust", "setbacks"),
        sa.Index("ix_client_scores_name_key", "name_key", "client_id"),
    )

    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    """Bumped by the triggers on every change to the client's evidence."""
    computed_version: Mapped[int | None] = mapped_column(sa.Integer)
    """The ``version`` the stored figures were computed from (None: never computed)."""
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    """Emptied by the triggers along with the version bump: empty or past means stale."""
    name_key: Mapped[str | None] = mapped_column(sa.String(200))
    """The client's name case-folded (Unicode-aware): the client list's alphabetical order."""
    trust: Mapped[float | None] = mapped_column(sa.Float)
    confidence: Mapped[float | None] = mapped_column(sa.Float)
    last_contact: Mapped[datetime | None] = mapped_column(UTCDateTime)
    touch_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    """Next touch-point: (last contact, or when the client was added) + cadence."""
    setbacks: Mapped[int | None] = mapped_column(sa.Integer)
    """How many recent setbacks (the reasons trust may be slipping)."""
    revenue: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    """Revenue of the 12 months before ``computed_at`` (amounts summed as entered)."""
    currency: Mapped[str | None] = mapped_column(sa.String(3))
    open_promises: Mapped[int | None] = mapped_column(sa.Integer)
    overdue_promises: Mapped[int | None] = mapped_column(sa.Integer)
    personal_share: Mapped[float | None] = mapped_column(sa.Float)
    personal_share_before: Mapped[float | None] = mapped_column(sa.Float)
    detail: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    """Components with their evidence, practice contexts and recent setbacks."""


def positive_revenue() -> sa.ColumnElement[Any]:
    """A client's stored revenue counted from zero up (net refunds count as nothing)."""
    return sa.case((ClientScoreRow.revenue > 0, ClientScoreRow.revenue), else_=0)


def risk_order() -> tuple[Any, ...]:
    """SQL ORDER BY for the trust service's risk order (rapport.domain.trust.risk): revenue
    over trust, highest first, then lowest trust. The total revenue divides every client's
    share alike, so the order needs no total."""
    row = ClientScoreRow
    floor = sa.case((row.trust > TRUST_FLOOR, row.trust), else_=TRUST_FLOOR)
    return (positive_revenue() / floor).desc(), row.trust
