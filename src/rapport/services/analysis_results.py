"""The stable JSON of an analysed meeting (`rapport analyze --json`, the API, and what a
stored analysis keeps in ``conversation_analyses.result``; docs/conversation.md), as frozen
dataclasses: ``rapport.jsonable.plain`` of :class:`AnalysisJson` is that JSON."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UtteranceJson:
    """One utterance with its label."""

    speaker: str | None
    start: float | None
    end: float | None
    text: str
    language: str
    label: str
    confidence: float
    line: int | None
    learned: bool


@dataclass(frozen=True, slots=True)
class PersonalPosition:
    """Personal talk at the opening, at the closing and in drifts (shares)."""

    opening: float
    closing: float
    drifts: float


@dataclass(frozen=True, slots=True)
class MonologueJson:
    """The longest stretch one speaker talked."""

    speaker: str
    amount: float
    start: float


@dataclass(frozen=True, slots=True)
class DriftJson:
    """Business drifting into personal talk mid-meeting."""

    start: float
    amount: float
    started_by: str
    utterances: int


@dataclass(frozen=True, slots=True)
class Pronouns:
    """How often a speaker referred to themselves and to the others (``self_`` has the key
    ``self``)."""

    self_: int
    other: int


@dataclass(frozen=True, slots=True)
class QuietJson:
    """A stretch one side was quiet (video meetings)."""

    start: float
    amount: float
    side: str


@dataclass(frozen=True, slots=True)
class MetricsJson:
    """How the time (or the words) of the meeting was spent."""

    total: float
    personal_share: float
    business_share: float
    other_share: float
    personal_position: PersonalPosition
    talk_share: dict[str, float]
    talk_share_by_side: dict[str, float]
    longest_monologue: MonologueJson | None
    longest_monologue_by_side: dict[str, MonologueJson | None]
    drifts: tuple[DriftJson, ...]
    questions: dict[str, int]
    questions_by_side: dict[str, int]
    self_reference: dict[str, float]
    pronouns: dict[str, Pronouns]
    quiet_stretches: tuple[QuietJson, ...]


@dataclass(frozen=True, slots=True)
class PromiseJson:
    """A promise I made in the meeting (``due`` as YYYY-MM-DD when one was said)."""

    speaker: str
    text: str
    due: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class AnalysisJson:
    """An analysed meeting as its stable JSON shows it."""

    basis: str
    format: str
    meeting_date: str
    me: str
    video: bool
    speakers: tuple[str, ...]
    roles: dict[str, str]
    labeller: str | None
    utterances: tuple[UtteranceJson, ...]
    metrics: MetricsJson
    promises: tuple[PromiseJson, ...]
