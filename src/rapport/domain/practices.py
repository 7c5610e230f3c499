"""The practices library: what to do to raise one trust component, in Rapport's own words.

Each practice is keyed by the component it raises and the context it suits (any, a virtual
relationship, a crisis or stress, a team setting, a chatty client), and is either a
time-tested relationship practice or a virtual-meeting practice. Following the 80/20 idea,
:func:`pick` returns mostly time-tested practices and at most one virtual one, and only
when the relationship is virtual.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from rapport.domain.trust import COMPONENT_NAMES, Component, goodness
from rapport.texts import N_, Text


class Context(StrEnum):
    ANY = "any"
    VIRTUAL = "virtual"
    CRISIS = "crisis"
    TEAM = "team"
    CHATTY = "chatty"


@dataclass(frozen=True, slots=True)
class Practice:
    id: str
    component: Component
    context: Context
    virtual: bool
    """True for virtual-meeting practice (the 20%), False for time-tested practice."""
    text: str
    """English text (msgid in the ``trust`` domain)."""


CRED, REL, INTI, SELF = (
    Component.CREDIBILITY,
    Component.RELIABILITY,
    Component.INTIMACY,
    Component.SELF_ORIENTATION,
)
ANY, VIRTUAL, CRISIS, TEAM, CHATTY = (
    Context.ANY,
    Context.VIRTUAL,
    Context.CRISIS,
    Context.TEAM,
    Context.CHATTY,
)

PRACTICES: tuple[Practice, ...] = (
    Practice(
        "credibility-not-yet",
        CRED,
        ANY,
        False,
        N_('Say "I don\'t know yet; I will find out by Thursday" instead of guessing, then do it.'),
    ),
    Practice(
        "credibility-point-of-view",
        CRED,
        ANY,
        False,
        N_("Bring one clear point of view to each meeting, with the reasons behind it."),
    ),
    Practice(
        "credibility-hard-fact-first",
        CRED,
        CRISIS,
        False,
        N_("In a crisis, state the hard fact first, then what you propose to do about it."),
    ),
    Practice(
        "credibility-camera",
        CRED,
        VIRTUAL,
        True,
        N_(
            "On video, look into the camera for your key point and show only the slides that "
            "carry it."
        ),
    ),
    Practice(
        "reliability-small-promises",
        REL,
        ANY,
        False,
        N_("Make small, concrete promises in every meeting and keep each on the day you named."),
    ),
    Practice(
        "reliability-announce-early",
        REL,
        ANY,
        False,
        N_(
            "As soon as a date looks unsafe, tell the client, clean up, and give a new date you "
            "will keep."
        ),
    ),
    Practice(
        "reliability-cadence",
        REL,
        ANY,
        False,
        N_(
            "Put a regular touch-point in the calendar for each client and keep it even without "
            "news."
        ),
    ),
    Practice(
        "reliability-crisis-updates",
        REL,
        CRISIS,
        False,
        N_(
            "Under stress, be in touch more often, not less: short regular updates beat one long "
            "report."
        ),
    ),
    Practice(
        "reliability-blockers",
        REL,
        TEAM,
        False,
        N_("In a team, say early when you are blocked, so that others can plan around it."),
    ),
    Practice(
        "intimacy-relationship-feedback",
        INTI,
        ANY,
        False,
        N_('Ask for feedback on the relationship itself: "How is working with me going for you?"'),
    ),
    Practice(
        "intimacy-first-person",
        INTI,
        ANY,
        False,
        N_('Name what you sense in the first person: "I sense some hesitation about this."'),
    ),
    Practice(
        "intimacy-personal-moment",
        INTI,
        ANY,
        False,
        N_(
            "Keep a short personal moment at the start or end of a meeting, within the time you "
            "set aside for it."
        ),
    ),
    Practice(
        "intimacy-call-not-thread",
        INTI,
        VIRTUAL,
        True,
        N_(
            "Pick up the phone instead of a long message thread, and keep the camera on for "
            "delicate matters."
        ),
    ),
    Practice(
        "intimacy-park-and-return",
        INTI,
        CHATTY,
        False,
        N_(
            "With a talkative client, acknowledge the story, park it, and return to it at the end "
            "of the meeting."
        ),
    ),
    Practice(
        "intimacy-team-introductions",
        INTI,
        TEAM,
        False,
        N_("Introduce team members beyond their job titles, and hold everyone to the same norms."),
    ),
    Practice(
        "self-listen-first",
        SELF,
        ANY,
        False,
        N_("Let the client finish, sum up what you heard, and only then offer a solution."),
    ),
    Practice(
        "self-who-does-it-serve",
        SELF,
        ANY,
        False,
        N_("Before you speak, ask yourself: does this serve the relationship, or me?"),
    ),
    Practice(
        "self-share-credit",
        SELF,
        TEAM,
        False,
        N_(
            "Give others the credit in front of the client, and help colleagues reach their own "
            "goals."
        ),
    ),
    Practice(
        "self-hand-over",
        SELF,
        VIRTUAL,
        True,
        N_(
            "In a video meeting, hand the conversation to the client with a question about every "
            "five minutes."
        ),
    ),
    Practice(
        "self-stress-check",
        SELF,
        CRISIS,
        False,
        N_(
            "Under stress, notice the urge to micromanage or second-guess, and ask what the other "
            "person needs."
        ),
    ),
    Practice(
        "self-fully-present",
        SELF,
        CHATTY,
        False,
        N_(
            "Be fully present: close other windows and put the phone away, so the time you give "
            "is focused."
        ),
    ),
)

BY_ID: dict[str, Practice] = {p.id: p for p in PRACTICES}

WHY = N_("Chosen for {component}, the weakest component ({score} of 10).")
WHY_SELF = N_(
    "Chosen for self-orientation, the biggest opportunity ({score} of 10; lower is better)."
)


@dataclass(frozen=True, slots=True)
class Pick:
    practice: Practice
    why: Text


def pick(
    scores: dict[Component, float],
    contexts: Collection[Context] = (),
    n: int = 3,
) -> list[Pick]:
    """The ``n`` practices for the weakest component (then the next weakest, to fill up):
    practices for one of ``contexts`` first, then general ones; at most one virtual
    practice, and only when ``Context.VIRTUAL`` is among the contexts."""
    good = goodness(scores)
    order = sorted(Component, key=lambda k: (good[k], list(Component).index(k)))
    wanted = set(contexts)
    chosen: list[Pick] = []
    virtual_used = False
    for component in order:
        candidates = [p for p in PRACTICES if p.component is component]
        candidates.sort(
            key=lambda p: (
                0 if p.context in wanted else (1 if p.context is Context.ANY else 2),
                PRACTICES.index(p),
            )
        )
        for practice in candidates:
            if len(chosen) == n:
                return _time_tested_first(chosen)
            if practice.context not in wanted and practice.context is not Context.ANY:
                continue
            if practice.virtual and (virtual_used or Context.VIRTUAL not in wanted):
                continue
            virtual_used = virtual_used or practice.virtual
            chosen.append(Pick(practice, _why(component, scores[component])))
    return _time_tested_first(chosen[:n])


def _time_tested_first(picks: list[Pick]) -> list[Pick]:
    return sorted(picks, key=lambda p: p.practice.virtual)


def _why(component: Component, score: float) -> Text:
    if component is Component.SELF_ORIENTATION:
        return Text(WHY_SELF, {"score": round(score, 1)})
    return Text(WHY, {"component": COMPONENT_NAMES[component], "score": round(score, 1)})
