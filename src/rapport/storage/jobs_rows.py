"""Rows for background jobs: what was asked, how far it got, how it ended."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from rapport.storage.orm import Base
from rapport.storage.types import UTCDateTime


class JobRow(Base):
    """One background job (an import, a transcript analysis, a backup...).

    ``status`` goes queued -> running -> succeeded, or -> retrying -> running... and, after
    the last attempt, failed with ``error``. The row is written before the job is handed to
    a runner, so a job is never lost without a trace.
    """

    __tablename__ = "jobs"
    __table_args__ = (sa.Index("ix_jobs_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(16))
    progress: Mapped[float] = mapped_column(sa.Float, default=0.0)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(sa.Integer)
    error: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, nullable=True)
    queue_job_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True)
    user_id: Mapped[int | None] = mapped_column(sa.Integer, nullable=True, index=True)
    """The account that submitted the job (it runs with that account's access); None:
    the local command line."""
    """The job's id in the PostgreSQL queue (team mode); empty when run in-process."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    run_after: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    """Not before this time (a delayed job, e.g. a webhook's next retry); None: at once."""
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
