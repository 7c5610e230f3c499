"""The trust self-assessment: Rapport's own questionnaire and how it is scored.

24 statements, six per component, two of each six reverse-keyed, answered 1 (strongly
disagree) .. 5 (strongly agree). Written for Rapport; no published assessment is copied.

Scoring (docs/trust.md): a reverse-keyed answer ``a`` counts as ``6 - a``; a component's
score is ``1 + (mean - 1) * 9 / 4``, so a mean of 1 is 1 and a mean of 5 is 10. For
self-orientation a higher score means *more* self-orientation (worse).
Trust = (C + R + I) / S.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rapport.domain.trust import (
    Component,
    strongest_component,
    trust_value,
    weakest_component,
)
from rapport.errors import InvalidInputError
from rapport.texts import N_, Text


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    component: Component
    reverse: bool
    text: str
    """English text (the msgid in the ``trust`` domain)."""


CRED, REL, INTI, SELF = (
    Component.CREDIBILITY,
    Component.RELIABILITY,
    Component.INTIMACY,
    Component.SELF_ORIENTATION,
)

ITEMS: tuple[Item, ...] = (
    Item(
        "c1",
        CRED,
        False,
        N_("When a client asks something I do not know, I say so plainly and promise to find out."),
    ),
    Item(
        "c2",
        CRED,
        False,
        N_(
            "I share a clear point of view on the client's problem, even when it is not "
            "what they hoped to hear."
        ),
    ),
    Item(
        "c3",
        CRED,
        False,
        N_("I can explain the reasoning behind my recommendations in the client's own terms."),
    ),
    Item("c4", CRED, True, N_("I soften bad news until it no longer says what it needs to say.")),
    Item("c5", CRED, False, N_("Clients can tell that I genuinely enjoy the work I do for them.")),
    Item(
        "c6", CRED, True, N_("In client meetings I sometimes sound more certain than I really am.")
    ),
    Item(
        "r1",
        REL,
        False,
        N_("When I say I will send something on a given day, it arrives that day."),
    ),
    Item(
        "r2",
        REL,
        False,
        N_("If I see that I will miss a deadline, I tell the client before the date passes."),
    ),
    Item(
        "r3",
        REL,
        False,
        N_("I keep in touch with my clients on a regular rhythm, even when nothing is urgent."),
    ),
    Item(
        "r4",
        REL,
        True,
        N_("Small promises, such as sending a link I mentioned, sometimes slip my mind."),
    ),
    Item(
        "r5",
        REL,
        False,
        N_("After a slip, I clean up what it caused and give a new date that I then keep."),
    ),
    Item("r6", REL, True, N_("My clients sometimes have to remind me of what I agreed to do.")),
    Item(
        "i1",
        INTI,
        False,
        N_("Clients tell me about worries they would not share with most suppliers."),
    ),
    Item(
        "i2",
        INTI,
        False,
        N_(
            "I ask clients how our working relationship feels to them, not only how the "
            "deliverables are."
        ),
    ),
    Item("i3", INTI, False, N_("I let clients get to know something about me as a person.")),
    Item(
        "i4",
        INTI,
        True,
        N_("I steer away from talk about feelings, even when a client seems uneasy."),
    ),
    Item("i5", INTI, False, N_("What a client tells me in confidence stays strictly with me.")),
    Item("i6", INTI, True, N_("I rarely notice when a client's mood changes during a meeting.")),
    Item(
        "s1", SELF, False, N_("In discussions with clients, it matters to me to be proven right.")
    ),
    Item(
        "s2",
        SELF,
        False,
        N_("I jump in with a solution before the client has finished describing the problem."),
    ),
    Item(
        "s3",
        SELF,
        False,
        N_("I think more about how I come across than about what the client needs."),
    ),
    Item(
        "s4",
        SELF,
        True,
        N_("I am glad when a colleague, rather than I, gets the credit for solving a problem."),
    ),
    Item(
        "s5",
        SELF,
        False,
        N_("Under pressure, I check and redo other people's work rather than trust them."),
    ),
    Item(
        "s6",
        SELF,
        True,
        N_("I listen until the client has finished, even when I already have an answer in mind."),
    ),
)

BY_ID: dict[str, Item] = {item.id: item for item in ITEMS}

INTERPRETATIONS: tuple[tuple[float, str], ...] = (
    (
        1.5,
        N_(
            "Trust is fragile: your attention seems to be more on yourself than on your "
            "clients. Start with the biggest opportunity below."
        ),
    ),
    (
        3.0,
        N_(
            "Trust is developing: clients can count on parts of what you offer. Lifting "
            "the biggest opportunity will show quickly."
        ),
    ),
    (
        6.0,
        N_(
            "Trust is solid: clients have good reasons to rely on you. Keep the strongest "
            "factor and work on the opportunity."
        ),
    ),
    (
        float("inf"),
        N_(
            "Trust is strong: you combine substance, dependability and closeness with "
            "attention on the client. Keep the habits that got you here."
        ),
    ),
)
INSTRUCTIONS = N_(
    "Answer each statement from 1 (strongly disagree) to 5 (strongly agree). Answer for how "
    "you usually act, not how you would like to act."
)


@dataclass(frozen=True, slots=True)
class AssessmentScore:
    components: dict[Component, float]
    trust: float
    strongest: Component
    opportunity: Component
    interpretation: str
    """English text (a msgid in the ``trust`` domain)."""


def check_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """Every item answered once with a whole number 1..5 and nothing else, or one
    InvalidInputError that lists every problem."""
    problems: list[Text] = []
    unknown = sorted(set(answers) - set(BY_ID))
    if unknown:
        problems.append(Text(N_("unknown item id(s): {ids}"), {"ids": ", ".join(unknown)}))
    missing = [item.id for item in ITEMS if item.id not in answers]
    if missing:
        problems.append(Text(N_("missing answers for: {ids}"), {"ids": ", ".join(missing)}))
    clean: dict[str, int] = {}
    bad: list[str] = []
    for item in ITEMS:
        if item.id not in answers:
            continue
        value = answers[item.id]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            bad.append(f"{item.id}={value!r}")
        else:
            clean[item.id] = value
    if bad:
        problems.append(
            Text(
                N_("answers must be whole numbers 1 to 5, not {values}"), {"values": ", ".join(bad)}
            )
        )
    if problems:
        raise InvalidInputError(Text.joined(problems, "; "))
    return clean


def component_score(values: list[int]) -> float:
    """Mean answer 1..5 mapped linearly onto 1..10."""
    mean = sum(values) / len(values)
    return round(1 + (mean - 1) * 9 / 4, 1)


def score(answers: Mapping[str, object]) -> AssessmentScore:
    clean = check_answers(answers)
    keyed: dict[Component, list[int]] = {k: [] for k in Component}
    for item in ITEMS:
        value = clean[item.id]
        keyed[item.component].append(6 - value if item.reverse else value)
    components = {k: component_score(v) for k, v in keyed.items()}
    trust = round(
        trust_value(components[CRED], components[REL], components[INTI], components[SELF]), 2
    )
    interpretation = next(text for bound, text in INTERPRETATIONS if trust < bound)
    return AssessmentScore(
        components=components,
        trust=trust,
        strongest=strongest_component(components),
        opportunity=weakest_component(components),
        interpretation=interpretation,
    )
