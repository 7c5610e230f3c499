"""Background jobs run in process (jobs)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from rapport.storage.jobs_rows import JobRow
from rapport.storage.repositories.base import Repository

UNFINISHED = ("queued", "running", "retrying")


class JobRepository(Repository):
    """Background jobs run in process."""

    def add(self, row: JobRow) -> None:
        self.session.add(row)

    def by_id(self, job_id: int) -> JobRow | None:
        return self.session.get(JobRow, job_id)

    def newest(
        self,
        *,
        status: str | None = None,
        user_id: int | None = None,
        everyone: bool = True,
        limit: int = 50,
    ) -> list[JobRow]:
        """The newest jobs first, with ``status`` when given; only those ``user_id``
        submitted unless ``everyone``."""
        query = sa.select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if status is not None:
            query = query.where(JobRow.status == status)
        if not everyone:
            query = query.where(JobRow.user_id == user_id)
        return list(self.session.scalars(query))

    def submitter(self, job_id: int) -> int | None:
        """The account that submitted the job (None: the local command line, or no job)."""
        return self.session.scalar(sa.select(JobRow.user_id).where(JobRow.id == job_id))

    def unfinished(self) -> list[JobRow]:
        """Jobs queued, running or waiting to retry, oldest first."""
        return list(
            self.session.scalars(
                sa.select(JobRow).where(JobRow.status.in_(UNFINISHED)).order_by(JobRow.id)
            )
        )

    def unfinished_payloads(self, kind: str) -> list[dict[str, Any]]:
        """The payloads of the unfinished jobs of ``kind``."""
        return list(
            self.session.scalars(
                sa.select(JobRow.payload).where(JobRow.kind == kind, JobRow.status.in_(UNFINISHED))
            )
        )

    def update(self, job_id: int, **values: Any) -> None:
        """Set columns of one job (``status``, ``progress``, ``result``, ...)."""
        self.session.execute(sa.update(JobRow).where(JobRow.id == job_id).values(**values))
