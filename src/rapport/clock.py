"""The clock: the one place Rapport reads the current time (always aware, in UTC).

At the bottom of the layers (docs/architecture.md), so the domain, storage, importers and
services all ask it and none of them reaches up to a service for the time.
"""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
