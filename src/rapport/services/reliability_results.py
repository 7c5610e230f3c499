"""What :meth:`rapport.services.reliability.ReliabilityService.today` and the
announce-it-early flow return: the day's list, entry by entry, and the recorded change with
what its draft needs. The JSON surfaces show them through :func:`rapport.jsonable.plain`
(the day's list) or :func:`rapport.jsonable.dump` (the promises, as every API dumps them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rapport.domain.commitments import EarlyNotice
from rapport.domain.model import Commitment
from rapport.services.hours import HoursToday
from rapport.texts import Param


@dataclass(frozen=True, slots=True)
class PendingPromise:
    """A pending promise as Today lists it (``due_at``: ISO 8601)."""

    id: int | None
    client_id: int
    client: str | None
    text: str
    due_at: str
    original_due_at: str | None
    size: str
    announced: bool

    @property
    def due(self) -> datetime:
        return datetime.fromisoformat(self.due_at)


@dataclass(frozen=True, slots=True)
class AtRiskPromise(PendingPromise):
    """A pending promise due within the horizon."""

    due_in_days: float


@dataclass(frozen=True, slots=True)
class OverduePromise(PendingPromise):
    """A pending promise past its due time."""

    days_overdue: float


@dataclass(frozen=True, slots=True)
class TouchpointDue:
    """A client whose touch-point is due (``last_contact``, ``due_at``: ISO 8601)."""

    client_id: int
    client: str
    cadence_days: int
    days_overdue: float
    status: str
    last_contact: str | None
    due_at: str

    @property
    def last(self) -> datetime | None:
        return datetime.fromisoformat(self.last_contact) if self.last_contact else None

    @property
    def due(self) -> datetime:
        return datetime.fromisoformat(self.due_at)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why trust is slipping: ``text`` in the asked language, the English ``key`` and its
    ``params``."""

    text: str
    key: str
    params: dict[str, Param]


@dataclass(frozen=True, slots=True)
class SlippingClient:
    client_id: int
    client: str
    trust: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class TodayCounts:
    """How many there are of each list in all (the lists may be cut at a limit)."""

    at_risk: int
    overdue: int
    touchpoints_due: int
    slipping: int


@dataclass(frozen=True, slots=True)
class Today:
    """The day's list, the most urgent first; ``hours``: this week's meeting hours and the
    clients over their monthly cap (None when the service counts no hours)."""

    at_risk: tuple[AtRiskPromise, ...]
    overdue: tuple[OverduePromise, ...]
    touchpoints_due: tuple[TouchpointDue, ...]
    slipping: tuple[SlippingClient, ...]
    counts: TodayCounts
    hours: HoursToday | None


@dataclass(frozen=True, slots=True)
class Announced:
    """A promise announced early (and maybe re-committed), and what the draft needs."""

    commitment: Commitment
    notice: EarlyNotice


@dataclass(frozen=True, slots=True)
class Recommitted:
    """The promise marked missed, the new one, and what the apology draft needs."""

    missed: Commitment
    commitment: Commitment
    notice: EarlyNotice
