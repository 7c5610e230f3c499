"""Building a meeting agenda with time boxes, a personal-talk budget and checkpoints.

Pure: takes the items the user wants to cover and a few facts about the client, returns an
:class:`Agenda`. The rules (documented in docs/meetings.md):

- an opening (greeting and the time box said out loud) comes first; when the client's
  recent personal share of meeting time exceeds their budget, and no boundary reset was
  said since, a boundary-reset opening follows it, once;
- business items come next, in the order given, one row per item, never split;
- a personal slot comes at the end, sized so that it is at most ``personal_budget`` of the
  whole agenda (whole minutes, rounded down) and never longer than the business items,
  then a short closing that points to the next meeting;
- in video meetings each business item carries checkpoints: questions to the client at
  minute offsets inside the item, so that no more than :data:`CHECKPOINT_EVERY` minutes
  pass between the item's start, its checkpoints and its end. They take no time of their
  own and are never rows;
- the total is the sum of the item minutes. Given a slot, the agenda fits into it: the
  personal slot shrinks first, then the last business items are cut, each cut named in a
  warning; when the slot is much longer than the agenda needs, a warning proposes the
  shorter length.

Texts are :class:`rapport.texts.Text` (English msgids marked with ``N_``); the service renders
them in the client's language (domain ``meetings``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

from rapport.texts import N_, Text

CHECKPOINT_EVERY = 5
"""Minutes of a video meeting's business item within which the client gets a question."""
OPENING_MIN = 2
RESET_MIN = 2
CLOSING_MIN = 2

CHECKPOINT_QUESTIONS: tuple[str, ...] = (
    N_("Checkpoint: how does this look from your side?"),
    N_("Checkpoint: what would you add or change here?"),
    N_("Checkpoint: is anything unclear so far?"),
    N_("Checkpoint: what matters most to you in this?"),
)
OPENING_TITLE = N_("Opening: greetings, goals and the time box")
RESET_TITLE = N_("Boundary reset: acknowledge, refocus, state the time box")
PERSONAL_TITLE = N_("Personal catch-up")
CLOSING_TITLE = N_("Wrap-up: decisions, promises and the next meeting")
OPENING_LINE = N_("We have {duration} today.")
WARN_SLACK = N_(
    "The slot is {slot} minutes but the agenda needs {total}: propose {total} minutes instead."
)
WARN_CUT = N_(
    "Cut to fit the {slot}-minute slot: \u201c{title}\u201d ({minutes} min). "
    "Move it to another meeting."
)


class ItemKind(StrEnum):
    OPENING = "opening"
    BUSINESS = "business"
    PERSONAL = "personal"
    CLOSING = "closing"


@dataclass(frozen=True, slots=True)
class Topic:
    """Something the user wants to cover, with an estimate in minutes."""

    title: str
    minutes: int


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A question to ask the client ``at_min`` minutes into an item."""

    at_min: int
    question: Text


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: Text
    minutes: int
    kind: ItemKind
    start_min: int
    checkpoints: tuple[Checkpoint, ...] = ()


@dataclass(frozen=True, slots=True)
class Agenda:
    items: list[AgendaItem]
    total_min: int
    time_box_min: int
    """The length stated in the opening line: always the total."""
    personal_min: int
    boundary_reset: bool
    video: bool
    warnings: list[Text]
    slot_min: int | None
    cut: list[Topic] = field(default_factory=list)
    """Topics left out to fit the slot (each named in ``warnings``)."""


@dataclass(frozen=True, slots=True)
class PersonalHistory:
    """Recent meetings with the client: minutes in total and minutes of personal talk."""

    duration_min: int
    personal_min: int
    reset_said_since: bool = False
    """A boundary reset was already said within the window."""

    @property
    def share(self) -> float:
        return self.personal_min / self.duration_min if self.duration_min > 0 else 0.0


def needs_boundary_reset(history: PersonalHistory | None, budget: float) -> bool:
    """Offer the reset when recent personal talk went over budget and none was said since."""
    if history is None or history.duration_min <= 0 or history.reset_said_since:
        return False
    return history.share > budget


def build_agenda(
    topics: list[Topic],
    *,
    personal_budget: float,
    video: bool = False,
    slot_min: int | None = None,
    history: PersonalHistory | None = None,
    slack_ratio: float = 1.5,
    slack_min: int = 15,
) -> Agenda:
    """Lay the topics out as an agenda; see the module docstring for the rules."""
    if not topics:
        raise ValueError("an agenda needs at least one item")
    for topic in topics:
        if topic.minutes < 1:
            raise ValueError(f"item {topic.title!r} needs at least one minute")
    if not 0.0 <= personal_budget <= 1.0:
        raise ValueError("personal_budget is between 0 and 1")
    if slot_min is not None and slot_min < 1:
        raise ValueError("the slot is at least one minute")
    reset = needs_boundary_reset(history, personal_budget)
    frame = OPENING_MIN + (RESET_MIN if reset else 0) + CLOSING_MIN

    kept = list(topics)
    cut: list[Topic] = []
    if slot_min is not None:
        needed = frame + topics[0].minutes
        if slot_min < needed:
            raise ValueError(
                f"a {slot_min}-minute slot cannot hold the opening, the first item and the "
                f"closing ({needed} minutes)"
            )
        # cut the last items until the business fits (the personal slot goes first)
        while frame + sum(t.minutes for t in kept) > slot_min:
            cut.insert(0, kept.pop())
    business_min = sum(t.minutes for t in kept)
    personal = _personal_minutes(frame + business_min, business_min, personal_budget)
    if slot_min is not None:
        personal = max(0, min(personal, slot_min - frame - business_min))

    pieces: list[tuple[Text, int, ItemKind]] = [
        (Text(OPENING_TITLE), OPENING_MIN, ItemKind.OPENING)
    ]
    if reset:
        pieces.append((Text(RESET_TITLE), RESET_MIN, ItemKind.OPENING))
    pieces += [(Text("{title}", {"title": t.title}), t.minutes, ItemKind.BUSINESS) for t in kept]
    if personal:
        pieces.append((Text(PERSONAL_TITLE), personal, ItemKind.PERSONAL))
    pieces.append((Text(CLOSING_TITLE), CLOSING_MIN, ItemKind.CLOSING))
    items = _lay_out(pieces, video)

    total = sum(item.minutes for item in items)
    warnings = [
        Text(WARN_CUT, {"slot": slot_min or 0, "title": t.title, "minutes": t.minutes}) for t in cut
    ]
    if (
        slot_min is not None
        and not cut
        and slot_min >= total * slack_ratio
        and slot_min - total >= slack_min
    ):
        warnings.append(Text(WARN_SLACK, {"slot": slot_min, "total": total}))
    return Agenda(
        items=items,
        total_min=total,
        time_box_min=total,
        personal_min=personal,
        boundary_reset=reset,
        video=video,
        warnings=warnings,
        slot_min=slot_min,
        cut=cut,
    )


def _personal_minutes(rest_min: int, business_min: int, budget: float) -> int:
    """The largest whole p with p <= budget x (rest + p), never longer than the business."""
    if budget <= 0:
        return 0
    if budget >= 1:
        return business_min
    p = min(math.floor(budget * rest_min / (1 - budget)) + 1, business_min)
    while p > 0 and p > budget * (rest_min + p) + 1e-9:
        p -= 1
    return p


def checkpoints_for(minutes: int, first_question: int = 0) -> tuple[Checkpoint, ...]:
    """Questions every :data:`CHECKPOINT_EVERY` minutes inside an item of ``minutes``
    (none at its start or end), the questions rotating from ``first_question``."""
    offsets = range(CHECKPOINT_EVERY, minutes, CHECKPOINT_EVERY)
    return tuple(
        Checkpoint(at, Text(CHECKPOINT_QUESTIONS[(first_question + n) % len(CHECKPOINT_QUESTIONS)]))
        for n, at in enumerate(offsets)
    )


def _lay_out(pieces: list[tuple[Text, int, ItemKind]], video: bool) -> list[AgendaItem]:
    """Place the pieces one after another; in video meetings, business items get
    checkpoints."""
    items: list[AgendaItem] = []
    clock = 0
    asked = 0
    for title, minutes, kind in pieces:
        checkpoints: tuple[Checkpoint, ...] = ()
        if video and kind is ItemKind.BUSINESS:
            checkpoints = checkpoints_for(minutes, asked)
            asked += len(checkpoints)
        items.append(AgendaItem(title, minutes, kind, clock, checkpoints))
        clock += minutes
    return items
