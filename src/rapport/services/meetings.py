"""Logging a meeting: the interaction and the promises made in it, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapport.domain import validation
from rapport.domain.model import Commitment, Interaction, InteractionKind
from rapport.domain.when import parse_when
from rapport.errors import FIELD_ERROR, InvalidInputError
from rapport.services.agendas import link_saved_agenda
from rapport.services.workspace import WorkspaceService
from rapport.storage.mapping import copy_onto, to_domain
from rapport.storage.meetings_rows import BoundaryResetRow
from rapport.storage.orm import CommitmentRow, InteractionRow
from rapport.storage.repositories import Repositories
from rapport.texts import N_


@dataclass(slots=True)
class MeetingLog:
    client: str
    start: str
    duration_min: int
    kind: InteractionKind = InteractionKind.VIDEO
    business_min: int | None = None
    personal_min: int | None = None
    promises: list[str] = field(default_factory=list)
    """Each "TEXT@DATE", e.g. "Send the revised quote@2026-12-04"."""
    decisions: list[str] = field(default_factory=list)
    drain: int | None = None
    summary: str = ""
    boundary_reset: bool = False
    """A boundary reset was said at the start of this meeting."""


@dataclass(frozen=True, slots=True)
class LoggedMeeting:
    interaction: Interaction
    commitments: list[Commitment]
    boundary_reset: bool


class MeetingService:
    def __init__(self, workspace: WorkspaceService) -> None:
        self.workspace = workspace

    def log(self, entry: MeetingLog) -> LoggedMeeting:
        client = self.workspace.find_client(entry.client)
        assert client.id is not None
        self.workspace.require_write(client.id)
        assert client.id is not None
        if not entry.kind.is_meeting:
            raise InvalidInputError(
                N_("--kind {kind}: a meeting is in_person, video or call"), kind=entry.kind.value
            )
        start = parse_when(entry.start, client.timezone).at
        interaction = Interaction(
            client_id=client.id,
            kind=entry.kind,
            started_at=start,
            duration_min=entry.duration_min,
            business_min=entry.business_min,
            personal_min=entry.personal_min,
            summary=entry.summary,
            drain=entry.drain,
            decisions="\n".join(d.strip() for d in entry.decisions if d.strip()),
        )
        if entry.duration_min < 1:
            raise InvalidInputError(N_("--duration must be at least 1 minute"))
        validation.validate_interaction(interaction)
        made_at = start + timedelta(minutes=entry.duration_min)
        commitments = [
            self._promise(text, client.id, client.timezone, made_at) for text in entry.promises
        ]
        with self.workspace.db.transaction() as s:
            repos = Repositories(s, self.workspace.actor)
            row = copy_onto(interaction, InteractionRow())
            repos.interactions.add(row)
            rows = [copy_onto(c, CommitmentRow()) for c in commitments]
            for commitment_row in rows:
                repos.commitments.add(commitment_row)
            if entry.boundary_reset:
                repos.meetings.add_boundary_reset(
                    BoundaryResetRow(client_id=client.id, said_at=start)
                )
            repos.flush()
            link_saved_agenda(repos, client.id, start, row.id)
            return LoggedMeeting(
                to_domain(row, Interaction),
                [to_domain(r, Commitment) for r in rows],
                entry.boundary_reset,
            )

    @staticmethod
    def _promise(text: str, client_id: int, zone: str, made_at: datetime) -> Commitment:
        what, sep, when = text.rpartition("@")
        if not sep or not what.strip() or not when.strip():
            raise InvalidInputError(
                N_('--promise {text}: use TEXT@DATE, e.g. "Send the quote@2026-12-04"'),
                text=repr(text),
            )
        try:
            due = parse_when(when, zone, end_of_day=True).at
        except InvalidInputError as exc:
            raise InvalidInputError(
                FIELD_ERROR, field=f"--promise {text!r}", error=exc.text
            ) from None
        commitment = Commitment(
            client_id=client_id,
            text=what.strip(),
            due_at=due,
            made_at=made_at,
            source="meeting",
        )
        validation.validate_commitment(commitment)
        return commitment
