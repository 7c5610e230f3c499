"""The trust self-assessment: the item bank, taking it, and the history of takes.

A take is its account's own (docs/trust.md): each account reads only its own history. In
single-user mode the owner account of the web pages and the command line are the same
person, so both read every take. In team mode the command line (no account) reads the takes
made there. Which take feeds a client's self-orientation is decided by
:meth:`AssessmentService.self_orientation_by_client` for everyone alike (the client's
stored facts are shared by all who may see the client).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from rapport.clock import now
from rapport.domain import assessment, practices
from rapport.domain.assessment import AssessmentScore
from rapport.domain.model import LANGUAGES
from rapport.domain.trust import COMPONENT_NAMES, Component, readable_score
from rapport.policy.access import LOCAL, Actor
from rapport.services.rendering import language, readable, render, tr
from rapport.storage.intel_rows import AssessmentRow
from rapport.storage.repositories import Repositories
from rapport.storage.repositories.scores import TakesOf
from rapport.storage.unit_of_work import Database
from rapport.texts import Param


@dataclass(frozen=True, slots=True)
class Take:
    id: int
    taken_at: datetime
    language: str
    score: AssessmentScore
    previous: AssessmentScore | None
    """The take before this one, for the change since then."""

    @property
    def change(self) -> dict[str, float] | None:
        if self.previous is None:
            return None
        delta = {
            k.value: round(v - self.previous.components[k], 1)
            for k, v in self.score.components.items()
        }
        delta["trust"] = round(self.score.trust - self.previous.trust, 2)
        return delta


@dataclass(frozen=True)
class AssessmentItem:
    """One statement of the item bank, its text in every language."""

    id: str
    component: str
    reverse: bool
    text: dict[str, str]


@dataclass(frozen=True)
class ShownMessage:
    """A message: ``text`` in the language asked for, the English ``key`` and ``params``."""

    text: str
    key: str
    params: dict[str, Param]


@dataclass(frozen=True)
class PracticeDetail:
    id: str
    text: str
    why: ShownMessage


@dataclass(frozen=True)
class ScoreChange:
    """The change since the take before: each component (1..10), the equation's value and
    ``score_delta`` on the readable 0..10 scale."""

    credibility: float
    reliability: float
    intimacy: float
    self_orientation: float
    trust: float
    score_delta: float


@dataclass(frozen=True)
class TakeResult:
    """The contract shape of a take, texts in one language (field names are the JSON keys)."""

    id: int
    taken_at: str
    language: str
    components: dict[str, float]
    trust: float
    score: float
    scale: int
    band: str
    band_name: str
    band_meaning: str
    strongest: str
    opportunity: str
    strongest_name: str
    opportunity_name: str
    interpretation: str
    practices: tuple[str, ...]
    practice_details: tuple[PracticeDetail, ...]
    change: ScoreChange | None


class AssessmentService:
    def __init__(self, db: Database, actor: Actor = LOCAL, *, single_user: bool = True) -> None:
        self.db = db
        # Taking the assessment stores a take: refused to a read-only account.
        self.actor = actor
        self.single_user = single_user

    def _own(self) -> TakesOf:
        """The takes this actor may read."""
        if self.single_user and self.actor.sees_everything:
            return TakesOf(everyone=True)  # the one user: the owner account and the CLI
        return TakesOf(everyone=False, user_id=self.actor.user_id)

    def items(self) -> list[AssessmentItem]:
        """The item bank, each text in every language."""
        return [
            AssessmentItem(
                id=item.id,
                component=item.component.value,
                reverse=item.reverse,
                text={lang: tr(item.text, lang) for lang in LANGUAGES},
            )
            for item in assessment.ITEMS
        ]

    def take(
        self, answers: Mapping[str, object], lang: str = "en", at: datetime | None = None
    ) -> Take:
        """Score and store one take (nothing is stored when an answer is wrong)."""
        self.actor.check_create()
        lang = language(lang)
        result = assessment.score(answers)
        comps = result.components
        with self.db.transaction() as s:
            scores = Repositories(s, self.actor).scores
            previous_row = scores.latest_take(self._own())
            previous = _score_of(previous_row) if previous_row is not None else None
            row = AssessmentRow(
                user_id=self.actor.user_id,
                taken_at=at or now(),
                language=lang,
                answers=dict(assessment.check_answers(answers)),
                credibility=comps[Component.CREDIBILITY],
                reliability=comps[Component.RELIABILITY],
                intimacy=comps[Component.INTIMACY],
                self_orientation=comps[Component.SELF_ORIENTATION],
                trust=result.trust,
            )
            scores.add_take(row)
            return Take(row.id, row.taken_at, lang, result, previous)

    def history(self) -> list[Take]:
        """This account's takes, oldest first, each with the change since the one before."""
        takes: list[Take] = []
        previous: AssessmentScore | None = None
        with self.db.reading() as s:
            for row in Repositories(s, self.actor).scores.takes(self._own()):
                current = _score_of(row)
                takes.append(Take(row.id, row.taken_at, row.language, current, previous))
                previous = current
        return takes

    def self_orientation_by_client(self, client_ids: Sequence[int]) -> dict[int, float]:
        """The self-assessed self-orientation that counts for each client: the latest take
        of the account that owns the client; for a client no account owns (made from the
        command line) the latest take made there. In single-user mode there is one person:
        the latest take of all. Clients without such a take are left out. The same for
        whoever asks (the result is stored in the shared per-client facts)."""
        with self.db.reading() as s:
            repos = Repositories(s, self.actor)
            if self.single_user:
                value = repos.scores.latest_self_orientation(TakesOf(everyone=True))
                return {} if value is None else dict.fromkeys(client_ids, value)
            owners = repos.clients.owners(client_ids)
            takes: dict[int | None, float | None] = {}
            for user_id in {owners.get(c) for c in client_ids}:
                takes[user_id] = repos.scores.latest_self_orientation(
                    TakesOf(everyone=False, user_id=user_id)
                )
        found = {c: takes[owners.get(c)] for c in client_ids}
        return {c: v for c, v in found.items() if v is not None}


def _score_of(row: AssessmentRow) -> AssessmentScore:
    """Re-score a stored take from its answers (one formula, however it was stored)."""
    return assessment.score(row.answers)


def take_json(take: Take, lang: str) -> TakeResult:
    """The contract shape of a take, texts in ``lang``."""
    result = take.score
    picks = practices.pick(result.components)
    shown = readable(result.trust, lang)
    return TakeResult(
        id=take.id,
        taken_at=take.taken_at.isoformat(),
        language=take.language,
        components={k.value: v for k, v in result.components.items()},
        trust=result.trust,
        score=shown.score,
        scale=shown.scale,
        band=shown.band,
        band_name=shown.band_name,
        band_meaning=shown.band_meaning,
        strongest=result.strongest.value,
        opportunity=result.opportunity.value,
        strongest_name=tr(COMPONENT_NAMES[result.strongest], lang),
        opportunity_name=tr(COMPONENT_NAMES[result.opportunity], lang),
        interpretation=tr(result.interpretation, lang),
        practices=tuple(tr(p.practice.text, lang) for p in picks),
        practice_details=tuple(
            PracticeDetail(
                id=p.practice.id,
                text=tr(p.practice.text, lang),
                why=ShownMessage(
                    text=render(p.why, lang), key=p.why.template, params=dict(p.why.params)
                ),
            )
            for p in picks
        ),
        change=_with_score_delta(take.change, result.trust),
    )


def _with_score_delta(change: dict[str, float] | None, now: float) -> ScoreChange | None:
    """The change since the take before, plus ``score_delta`` on the 0..10 scale."""
    if change is None:
        return None
    before = readable_score(now - float(change["trust"]))
    return ScoreChange(
        credibility=change[Component.CREDIBILITY.value],
        reliability=change[Component.RELIABILITY.value],
        intimacy=change[Component.INTIMACY.value],
        self_orientation=change[Component.SELF_ORIENTATION.value],
        trust=change["trust"],
        score_delta=round(readable_score(now) - before, 1),
    )
