"""Building a meeting agenda with time boxes, a personal-talk budget and checkpoints.

Pure: takes the items the user wants to cover and a few facts about the client, returns an
:class:`Agenda`. The rules (documented in docs/meetings.md):

- an opening (greeting and the time box said out loud) comes first; when the client's
  recent personal share of meeting time exceeds their budget, and no boundary reset was
  said since, a boundary-reset opening follows it, once;
- business items come next, in the order given;
- a personal slot comes at the end, sized so that it is at most ``personal_budget`` of the
  whole agenda (whole minutes, rounded down) and never longer than the business items,
  then a short closing that points to the next meeting;
- in video meetings a one-minute checkpoint (a question to the client) is placed so that no
  more than :data:`CHECKPOINT_EVERY` minutes pass without one: at most four minutes of
  content sit between two checkpoints, and longer items are split into parts;
- the total is the sum of the item minutes; when the slot offered is much longer than the
  agenda needs, a warning proposes the shorter length.

Texts are English msgids marked with :func:`N_`; the service renders them in the client's
language (domain ``meetings``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


CHECKPOINT_EVERY = 5
"""Minutes of a video agenda within which the client gets a question."""
CHECKPOINT_MIN = 1
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
OPENING_LINE = N_("I have {duration} for you today.")
PART_TITLE = N_("{title} (part {part} of {parts})")
WARN_SLACK = N_(
    "The slot is {slot} minutes but the agenda needs {total}: propose {total} minutes instead."
)
WARN_OVERFLOW = N_(
    "The agenda needs {total} minutes but the slot is {slot}: drop or shorten an item."
)


class ItemKind(StrEnum):
    OPENING = "opening"
    BUSINESS = "business"
    CHECKPOINT = "checkpoint"
    PERSONAL = "personal"
    CLOSING = "closing"


@dataclass(frozen=True, slots=True)
class Topic:
    """Something the user wants to cover, with an estimate in minutes."""

    title: str
    minutes: int


@dataclass(frozen=True, slots=True)
class Text:
    """A message (English msgid) and the values for its ``{placeholders}``."""

    msgid: str
    params: dict[str, str | int | Text] = field(default_factory=dict)
    """Values may be Texts themselves (translated in turn)."""

    def english(self) -> str:
        return self.render(lambda message: message)

    def render(self, translate: Callable[[str], str]) -> str:
        """The text in a language, given that language's gettext."""
        values = {
            key: value.render(translate) if isinstance(value, Text) else value
            for key, value in self.params.items()
        }
        template = self.msgid if self.msgid == "{title}" else translate(self.msgid)
        return template.format(**values)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: Text
    minutes: int
    kind: ItemKind
    start_min: int


@dataclass(frozen=True, slots=True)
class Agenda:
    items: list[AgendaItem]
    total_min: int
    time_box_min: int
    """The length stated in the opening line."""
    personal_min: int
    boundary_reset: bool
    video: bool
    warnings: list[Text]
    slot_min: int | None


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
    reset = needs_boundary_reset(history, personal_budget)

    head: list[tuple[Text, int, ItemKind]] = [(Text(OPENING_TITLE), OPENING_MIN, ItemKind.OPENING)]
    if reset:
        head.append((Text(RESET_TITLE), RESET_MIN, ItemKind.OPENING))
    business = [(Text("{title}", {"title": t.title}), t.minutes, ItemKind.BUSINESS) for t in topics]
    closing = [(Text(CLOSING_TITLE), CLOSING_MIN, ItemKind.CLOSING)]

    personal = 0
    items = _lay_out(head + business + closing, video)
    base_total = _total(items)
    # The largest personal slot p with p <= budget * total (total grows with p and with the
    # checkpoints the personal slot brings in a video meeting).
    if personal_budget > 0:
        candidate = math.floor(personal_budget * base_total / max(1e-9, 1 - personal_budget))
        # +1: in video meetings the slot's own checkpoints lengthen the total; and kept
        # small: never longer than the business it follows
        candidate = min(candidate + 1, sum(t.minutes for t in topics))
        for p in range(candidate, 0, -1):
            trial = _lay_out(
                [*head, *business, (Text(PERSONAL_TITLE), p, ItemKind.PERSONAL), *closing],
                video,
            )
            if p <= personal_budget * _total(trial) + 1e-9:
                personal, items = p, trial
                break

    total = _total(items)
    warnings: list[Text] = []
    time_box = total
    if slot_min is not None:
        if total > slot_min:
            warnings.append(Text(WARN_OVERFLOW, {"total": total, "slot": slot_min}))
            time_box = slot_min
        elif slot_min >= total * slack_ratio and slot_min - total >= slack_min:
            warnings.append(Text(WARN_SLACK, {"slot": slot_min, "total": total}))
    return Agenda(
        items=items,
        total_min=total,
        time_box_min=time_box,
        personal_min=personal,
        boundary_reset=reset,
        video=video,
        warnings=warnings,
        slot_min=slot_min,
    )


def _total(items: list[AgendaItem]) -> int:
    return sum(item.minutes for item in items)


def _lay_out(pieces: list[tuple[Text, int, ItemKind]], video: bool) -> list[AgendaItem]:
    """Place the pieces one after another; in video meetings, insert checkpoints."""
    items: list[AgendaItem] = []
    clock = 0
    if not video:
        for title, minutes, kind in pieces:
            items.append(AgendaItem(title, minutes, kind, clock))
            clock += minutes
        return items
    room = CHECKPOINT_EVERY - CHECKPOINT_MIN  # content minutes allowed between checkpoints
    since = 0
    asked = 0
    for title, minutes, kind in pieces:
        chunks = _chunks(minutes, room)
        for part, chunk in enumerate(chunks, start=1):
            if since + chunk > room:
                question = CHECKPOINT_QUESTIONS[asked % len(CHECKPOINT_QUESTIONS)]
                items.append(AgendaItem(Text(question), CHECKPOINT_MIN, ItemKind.CHECKPOINT, clock))
                clock += CHECKPOINT_MIN
                asked += 1
                since = 0
            shown = title
            if len(chunks) > 1:
                shown = Text(PART_TITLE, {"title": title, "part": part, "parts": len(chunks)})
            items.append(AgendaItem(shown, chunk, kind, clock))
            clock += chunk
            since += chunk
    return items


def _chunks(minutes: int, room: int) -> list[int]:
    """Split ``minutes`` into as few near-equal chunks of at most ``room`` minutes."""
    count = max(1, math.ceil(minutes / room))
    base, extra = divmod(minutes, count)
    return [base + (1 if i < extra else 0) for i in range(count)]
