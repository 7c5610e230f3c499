"""Meeting-request triage: should this meeting happen, in this form, for this long?

Pure rules over a :class:`MeetingRequest` and the :class:`TriageContext` a service gathers
from the workspace. The order of the rules (documented in docs/meetings.md):

1. **Weigh the client.** An A-tier client keeps the meeting: at most a shorter or remote
   one, unless you are ill or facing an emergency.
2. **Weigh the reason.** Illness or an emergency: let a colleague go when one can, else
   reschedule. "Dislike of meetings" is no reason to change a meeting with an A- or B-tier
   client (the output says so); with a C-tier client it is a wish for a lighter format.
   Overload, a conflict or repetitive meetings ask for time back, and so does going over
   your weekly meeting cap or the client's monthly cap.
3. **Pick the mildest change that frees the time needed**, in this order: switch an
   in-person meeting to a call (saves the travel), shorten it to what the agenda needs,
   answer by email for now (only when the matter can be written and the client is
   flexible), let a colleague attend (only when someone else owns the account or you are
   not essential), reschedule (not for A-tier). A conflict needs the whole slot, so only
   email, a colleague or another time resolve it.
4. With no reason for a change, a slot much longer than its agenda is still shortened.

Each step is a small named rule (:data:`RULES`, in this order); :func:`triage` runs them
until one decides.

Every message is an English msgid marked with :func:`N_` (domain ``meetings``) and its
values, so the service can show it in English and in the client's language.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from rapport.domain.agenda import PersonalHistory, Topic, build_agenda
from rapport.domain.model import Tier
from rapport.texts import N_, Text


class MeetingFormat(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    CALL = "call"


class Organizer(StrEnum):
    CLIENT = "client"
    ME = "me"
    COLLEAGUE = "colleague"


class ChangeReason(StrEnum):
    NONE = "none"
    OVERLOAD = "overload"
    CONFLICT = "conflict"
    REPETITIVE = "repetitive"
    ILLNESS = "illness"
    EMERGENCY = "emergency"
    DISLIKE = "dislike"


class Decision(StrEnum):
    ACCEPT = "accept"
    SHORTEN = "shorten"
    CALL = "call"
    EMAIL = "email"
    DELEGATE = "delegate"
    RESCHEDULE = "reschedule"


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    item: str
    minutes: int


@dataclass(frozen=True, slots=True)
class MeetingRequest:
    client: str
    start: datetime
    duration_min: int
    format: MeetingFormat
    purpose: str = ""
    agenda: list[AgendaEntry] = field(default_factory=list)
    organizer: Organizer = Organizer.CLIENT
    essential: bool = True
    travel_min: int = 0
    reason: ChangeReason = ChangeReason.NONE
    writable: bool | None = None
    """Can the matter be handled in writing? Unset: yes when the agenda is short."""
    client_flexible: bool | None = None
    """Is the client flexible about the format? Unset: yes unless A-tier."""
    colleague: str | None = None
    """Who could attend instead (defaults to the client's account owner)."""
    my_answers: str = ""
    """What you would answer, for the colleague's briefing."""

    @property
    def agenda_min(self) -> int:
        return sum(entry.minutes for entry in self.agenda)


@dataclass(frozen=True, slots=True)
class Productivity:
    """Recent meetings with the client."""

    meetings: int
    business_share: float | None
    decisions: int
    commitments: int


@dataclass(frozen=True, slots=True)
class TriageContext:
    client_name: str
    tier: Tier
    revenue_share: float
    week_hours: float
    """Meeting hours already held or booked in the week of the request (not this one)."""
    weekly_cap: float
    month_hours: float
    """Meeting hours with this client in the month of the request (not this one)."""
    month_cap: float | None
    recent: Productivity
    open_commitments: int
    owner_colleague: str | None
    personal_budget: float = 0.0
    """The client's personal-talk budget (a share of the meeting), as the agenda uses it."""
    personal_history: PersonalHistory | None = None
    """Personal talk in recent meetings, as the agenda builder reads it."""


@dataclass(frozen=True, slots=True)
class TriageRules:
    """Thresholds (Settings ``triage_*``, documented in docs/settings.md)."""

    round_to_min: int = 5
    min_saving_min: int = 15
    slack_ratio: float = 1.5
    email_max_agenda_min: int = 20
    unproductive_business_share: float = 0.6


@dataclass(frozen=True, slots=True)
class Recommendation:
    decision: Decision
    minutes: int | None
    reasons: list[Text]
    colleague: str | None = None
    needed_min: int | None = None
    """What the agenda needs: the agenda builder's ``total_min`` for the same items (none
    without an agenda)."""


# --- messages ------------------------------------------------------------------------------
R_TIER = N_("{client}: tier {tier}, {share} of your revenue over the last 12 months.")
R_WEEK = N_(
    "Your meetings that week: {booked} h; with this one {total} h, against your cap of {cap} h."
)
R_MONTH = N_(
    "Meetings with {client} that month: {booked} h; with this one {total} h, against their "
    "cap of {cap} h."
)
R_RECENT = N_(
    "Recent meetings with them (last {count}): {business} business time, decisions logged: "
    "{decisions}, promises made: {promises}."
)
R_OPEN = N_("Open promises to them: {count}.")
R_FIT = N_("The agenda needs about {needed} minutes of the {duration} proposed.")
R_OVER = N_(
    "The agenda needs {needed} minutes, more than the {duration} proposed: cut an item or ask "
    "for a longer slot."
)
R_NEED = N_("You need about {need} minutes back.")
R_DISLIKE_AB = N_(
    "Disliking meetings is not a reason to change a meeting with an A- or B-tier client, "
    "so that reason is set aside."
)
R_DISLIKE_C = N_(
    "With a C-tier client a lighter format is fair, even when the reason is a dislike of meetings."
)
R_TOP_KEEPS = N_("A top-tier client keeps the meeting: at most a shorter or remote one.")
R_TOP_NOTHING = N_(
    "Nothing milder frees the time you need, and a top-tier client keeps the meeting: find the "
    "time elsewhere."
)
R_TOP_CONFLICT = N_(
    "The slot clashes with something else, but a top-tier client keeps the meeting: move the "
    "other appointment if you can."
)
R_ILLNESS = N_("Illness or an emergency justifies a change, even for a top client.")
R_UNPRODUCTIVE = N_(
    "Recent meetings with them carried little business, so written updates can do much of the work."
)
R_PRODUCTIVE = N_("Recent meetings with them were productive, so only a mild change is suggested.")
D_ACCEPT = N_("Nothing calls for a change: accept the meeting as proposed.")
D_SHORTEN = N_(
    "Shorten it to {minutes} minutes: that frees {freed} minutes and still covers the agenda."
)
D_CALL = N_(
    "Hold it as a call instead of in person: that saves {travel} minutes of travel and still "
    "shows you are there for them."
)
D_EMAIL = N_(
    "Answer by email for now: the matter fits in writing and the client is flexible; a call "
    "can follow if it turns out to be serious."
)
D_DELEGATE_OWNER = N_("{colleague} owns the account day to day and can attend with a briefing.")
D_DELEGATE_OPTIONAL = N_(
    "You are not essential to this meeting, so {colleague} can attend with a briefing."
)
D_RESCHEDULE = N_("Propose another time: no milder change frees the slot.")


def _fmt_hours(hours: float) -> str:
    return f"{hours:.1f}".rstrip("0").rstrip(".")


def agenda_minutes(request: MeetingRequest, context: TriageContext) -> int | None:
    """What the request's agenda needs, computed by the agenda builder itself
    (:func:`rapport.domain.agenda.build_agenda`): opening, items, personal slot and closing,
    so triage states the same total as the agenda, its email and live mode. ``None``
    without an agenda."""
    if not request.agenda:
        return None
    agenda = build_agenda(
        [Topic(entry.item, entry.minutes) for entry in request.agenda],
        personal_budget=min(1.0, max(0.0, context.personal_budget)),
        video=request.format is MeetingFormat.VIDEO,
        history=context.personal_history,
    )
    return agenda.total_min


def needed_minutes(request: MeetingRequest, rules: TriageRules, context: TriageContext) -> int:
    """The length to propose: the agenda's total rounded up to the rounding step (the
    whole slot without an agenda)."""
    needed = agenda_minutes(request, context)
    if needed is None:
        return request.duration_min
    step = max(1, rules.round_to_min)
    return max(step, math.ceil(needed / step) * step)


@dataclass(slots=True)
class Triage:
    """One request being triaged: what the rules read (the request, the context, the
    thresholds and what follows from them), the reasons stated so far, and what earlier
    rules settled (the change reason once weighed, the minutes needed back)."""

    request: MeetingRequest
    context: TriageContext
    rules: TriageRules
    agenda_total: int | None
    """What the agenda needs (the agenda builder's total; None without an agenda)."""
    can_shorten_to: int | None
    """The shorter length the agenda allows (None: it cannot be shortened)."""
    slack: bool
    """The slot is much longer than its agenda (by ``slack_ratio`` and ``min_saving_min``)."""
    colleague: str | None
    reasons: list[Text] = field(default_factory=list)
    reason: ChangeReason = ChangeReason.NONE
    need: int = 0
    """Minutes to free."""
    wants_change: bool = False

    @classmethod
    def start(cls, request: MeetingRequest, context: TriageContext, rules: TriageRules) -> Triage:
        duration = request.duration_min
        agenda_total = agenda_minutes(request, context)
        proposed = needed_minutes(request, rules, context)
        if agenda_total is not None and proposed >= duration > agenda_total:
            proposed = agenda_total
        can_shorten_to = proposed if proposed < duration else None
        slack = (
            can_shorten_to is not None
            and duration >= proposed * rules.slack_ratio
            and duration - proposed >= rules.min_saving_min
        )
        return cls(
            request,
            context,
            rules,
            agenda_total,
            can_shorten_to,
            slack,
            colleague=request.colleague or context.owner_colleague,
            reason=request.reason,
        )

    @property
    def duration(self) -> int:
        return self.request.duration_min

    @property
    def top(self) -> bool:
        return self.context.tier is Tier.A

    @property
    def conflict(self) -> bool:
        return self.reason is ChangeReason.CONFLICT

    @property
    def delegable(self) -> bool:
        """A colleague can go: one owns the account, or you are not essential."""
        return self.colleague is not None and (
            self.context.owner_colleague is not None or not self.request.essential
        )

    def delegate_reason(self) -> Text:
        owner = self.context.owner_colleague
        if owner is not None and self.colleague == owner:
            return Text(D_DELEGATE_OWNER, {"colleague": self.colleague or ""})
        return Text(D_DELEGATE_OPTIONAL, {"colleague": self.colleague or ""})

    def done(self, decision: Decision, minutes: int | None, *extra: Text) -> Recommendation:
        return Recommendation(
            decision,
            minutes,
            self.reasons + list(extra),
            self.colleague if decision is Decision.DELEGATE else None,
            self.agenda_total,
        )


Rule = Callable[[Triage], Recommendation | None]
"""A triage rule: states its reasons on the :class:`Triage` (and may settle the reason or
the minutes needed), and decides (a :class:`Recommendation`) or lets the next rule go on
(``None``)."""


def state_tier(t: Triage) -> None:
    """Who the client is: tier and share of revenue (always the first reason)."""
    share = f"{round(t.context.revenue_share * 100)}%"
    t.reasons.append(
        Text(
            R_TIER, {"client": t.context.client_name, "tier": t.context.tier.value, "share": share}
        )
    )


def week_over(context: TriageContext, duration: int) -> int:
    """Minutes this meeting would take the week over your weekly cap (negative: under)."""
    return round(context.week_hours * 60 + duration - context.weekly_cap * 60)


def month_over(context: TriageContext, duration: int) -> int:
    """Minutes it would take the client's month over their cap (0 without a cap)."""
    if context.month_cap is None:
        return 0
    return round(context.month_hours * 60 + duration - context.month_cap * 60)


def state_week_hours(t: Triage) -> None:
    """The week's meeting hours against your cap, once any are booked (or it is over)."""
    c = t.context
    if c.week_hours * 60 + t.duration > c.weekly_cap * 60 or c.week_hours > 0:
        t.reasons.append(
            Text(
                R_WEEK,
                {
                    "booked": _fmt_hours(c.week_hours),
                    "total": _fmt_hours(c.week_hours + t.duration / 60),
                    "cap": _fmt_hours(c.weekly_cap),
                },
            )
        )


def state_month_hours(t: Triage) -> None:
    """The client's month against their cap, when they have one."""
    c = t.context
    if c.month_cap is not None:
        t.reasons.append(
            Text(
                R_MONTH,
                {
                    "client": c.client_name,
                    "booked": _fmt_hours(c.month_hours),
                    "total": _fmt_hours(c.month_hours + t.duration / 60),
                    "cap": _fmt_hours(c.month_cap),
                },
            )
        )


def state_recent_meetings(t: Triage) -> None:
    """How productive the recent meetings with the client were."""
    recent = t.context.recent
    if recent.meetings:
        business = (
            "?" if recent.business_share is None else f"{round(recent.business_share * 100)}%"
        )
        t.reasons.append(
            Text(
                R_RECENT,
                {
                    "count": recent.meetings,
                    "business": business,
                    "decisions": recent.decisions,
                    "promises": recent.commitments,
                },
            )
        )


def state_open_promises(t: Triage) -> None:
    if t.context.open_commitments:
        t.reasons.append(Text(R_OPEN, {"count": t.context.open_commitments}))


def weigh_agenda(t: Triage) -> None:
    """Whether the agenda fits the slot, or needs more than it."""
    if t.agenda_total is not None and t.agenda_total < t.duration:
        t.reasons.append(Text(R_FIT, {"needed": t.agenda_total, "duration": t.duration}))
    elif t.agenda_total is not None and t.agenda_total > t.duration:
        t.reasons.append(Text(R_OVER, {"needed": t.agenda_total, "duration": t.duration}))


def illness_or_emergency(t: Triage) -> Recommendation | None:
    """Illness or an emergency justifies a change for every tier: a colleague goes when one
    can, else another time."""
    if t.reason not in (ChangeReason.ILLNESS, ChangeReason.EMERGENCY):
        return None
    t.reasons.append(Text(R_ILLNESS))
    if t.delegable:
        return t.done(Decision.DELEGATE, None, t.delegate_reason())
    return t.done(Decision.RESCHEDULE, t.duration, Text(D_RESCHEDULE))


def set_aside_dislike(t: Triage) -> None:
    """A dislike of meetings is no reason with an A- or B-tier client (set aside); with a
    C-tier client it is a wish for a lighter format."""
    if t.reason is not ChangeReason.DISLIKE:
        return
    if t.context.tier in (Tier.A, Tier.B):
        t.reasons.append(Text(R_DISLIKE_AB))
        t.reason = ChangeReason.NONE
    else:
        t.reasons.append(Text(R_DISLIKE_C))


def time_over_caps(t: Triage) -> None:
    """Going over your weekly cap or the client's monthly cap asks for that time back; any
    remaining reason asks for a change."""
    t.need = max(week_over(t.context, t.duration), month_over(t.context, t.duration), 0)
    t.wants_change = t.need > 0 or t.reason is not ChangeReason.NONE


def time_asked_back(t: Triage) -> None:
    """Overload, a dislike (C tier) or repetitive meetings ask for at least
    ``min_saving_min`` minutes back."""
    if t.reason in (ChangeReason.OVERLOAD, ChangeReason.DISLIKE, ChangeReason.REPETITIVE):
        t.need = max(t.need, t.rules.min_saving_min)


def weigh_repetition(t: Triage) -> None:
    """Repetitive meetings that carried little business (or nothing logged from them) ask
    for the whole slot back; productive ones for a mild change."""
    recent = t.context.recent
    if t.reason is not ChangeReason.REPETITIVE or not recent.meetings:
        return
    unproductive = (
        recent.business_share is not None
        and recent.business_share < t.rules.unproductive_business_share
    ) or (recent.decisions == 0 and recent.commitments == 0)
    if unproductive:
        t.reasons.append(Text(R_UNPRODUCTIVE))
        t.need = max(t.need, t.duration)
    else:
        t.reasons.append(Text(R_PRODUCTIVE))


def conflict_needs_the_slot(t: Triage) -> None:
    """A conflict needs the whole slot."""
    if t.conflict:
        t.need = max(t.need, t.duration)


def no_change_needed(t: Triage) -> Recommendation | None:
    """Nothing asks for a change: accept, or shorten a slot much longer than its agenda."""
    if t.wants_change:
        return None
    if t.slack and t.can_shorten_to is not None:
        freed = t.duration - t.can_shorten_to
        return t.done(
            Decision.SHORTEN,
            t.can_shorten_to,
            Text(D_SHORTEN, {"minutes": t.can_shorten_to, "freed": freed}),
        )
    return t.done(Decision.ACCEPT, t.duration, Text(D_ACCEPT))


def top_tier_conflict(t: Triage) -> Recommendation | None:
    """A top-tier client keeps a clashing meeting: move the other appointment."""
    if not (t.top and t.conflict):
        return None
    t.reasons.append(Text(R_TOP_CONFLICT))
    return t.done(Decision.ACCEPT, t.duration, Text(D_ACCEPT))


def state_need(t: Triage) -> None:
    """The minutes needed back (and that a top-tier client keeps the meeting)."""
    t.reasons.append(Text(R_NEED, {"need": t.need}))
    if t.top:
        t.reasons.append(Text(R_TOP_KEEPS))


def changes(t: Triage) -> list[tuple[Decision, int, int | None, Text]]:
    """The changes open to this request, mildest first, each as (decision, minutes freed,
    minutes kept, reason): a call instead of in person, shorter, by email, a colleague,
    another time (the last three not for a top-tier client; a conflict only those)."""
    request, duration = t.request, t.duration
    writable = (
        request.writable
        if request.writable is not None
        else bool(request.agenda) and request.agenda_min <= t.rules.email_max_agenda_min
    )
    flexible = request.client_flexible if request.client_flexible is not None else not t.top
    whole = duration + request.travel_min
    in_person = request.format is MeetingFormat.IN_PERSON
    options: list[tuple[Decision, int, int | None, Text]] = []
    if in_person and request.travel_min > 0 and not t.conflict:
        call_len = t.can_shorten_to if t.slack and t.can_shorten_to is not None else duration
        options.append(
            (
                Decision.CALL,
                request.travel_min + (duration - call_len),
                call_len,
                Text(D_CALL, {"travel": request.travel_min}),
            )
        )
    if t.can_shorten_to is not None and not t.conflict:
        freed = duration - t.can_shorten_to
        options.append(
            (
                Decision.SHORTEN,
                freed,
                t.can_shorten_to,
                Text(D_SHORTEN, {"minutes": t.can_shorten_to, "freed": freed}),
            )
        )
    if not t.top:
        if writable and flexible:
            options.append((Decision.EMAIL, whole, None, Text(D_EMAIL)))
        if t.delegable:
            options.append((Decision.DELEGATE, whole, None, t.delegate_reason()))
        options.append((Decision.RESCHEDULE, whole, duration, Text(D_RESCHEDULE)))
    return options


def mildest_change(t: Triage) -> Recommendation:
    """The mildest change that frees the time needed; else the one that frees most, when
    that is worth it; else keep the meeting and find the time elsewhere. Always decides."""
    options = changes(t)
    for decision, freed, kept, why in options:
        if freed >= t.need:
            return t.done(decision, kept, why)
    if options:
        decision, freed, kept, why = max(options, key=lambda o: o[1])
        if freed >= min(t.rules.min_saving_min, t.need):
            return t.done(decision, kept, why, *([Text(R_TOP_NOTHING)] if t.top else []))
    return t.done(Decision.ACCEPT, t.duration, Text(R_TOP_NOTHING))


RULES: tuple[Rule, ...] = (
    state_tier,
    state_week_hours,
    state_month_hours,
    state_recent_meetings,
    state_open_promises,
    weigh_agenda,
    illness_or_emergency,
    set_aside_dislike,
    time_over_caps,
    time_asked_back,
    weigh_repetition,
    conflict_needs_the_slot,
    no_change_needed,
    top_tier_conflict,
    state_need,
    mildest_change,
)
"""The triage rules in order: the first to decide wins (the last always does)."""


def triage(
    request: MeetingRequest, context: TriageContext, rules: TriageRules | None = None
) -> Recommendation:
    """Recommend what to do with a meeting request, with the reasons: :data:`RULES` in
    order, until one decides."""
    state = Triage.start(request, context, rules or TriageRules())
    for rule in RULES:
        decided = rule(state)
        if decided is not None:
            return decided
    raise AssertionError("mildest_change always decides")
