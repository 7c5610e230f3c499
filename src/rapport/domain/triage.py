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

Every message is an English msgid marked with :func:`N_` (domain ``meetings``) and its
values, so the service can show it in English and in the client's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from rapport.domain.agenda import N_, PersonalHistory, Text, Topic, build_agenda
from rapport.domain.model import Tier


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


def triage(
    request: MeetingRequest, context: TriageContext, rules: TriageRules | None = None
) -> Recommendation:
    """Recommend what to do with a meeting request, with the reasons."""
    rules = rules or TriageRules()
    reasons: list[Text] = [
        Text(
            R_TIER,
            {
                "client": context.client_name,
                "tier": context.tier.value,
                "share": f"{round(context.revenue_share * 100)}%",
            },
        )
    ]
    duration = request.duration_min
    top = context.tier is Tier.A
    protected = context.tier in (Tier.A, Tier.B)

    week_over = round(context.week_hours * 60 + duration - context.weekly_cap * 60)
    if context.week_hours * 60 + duration > context.weekly_cap * 60 or context.week_hours > 0:
        reasons.append(
            Text(
                R_WEEK,
                {
                    "booked": _fmt_hours(context.week_hours),
                    "total": _fmt_hours(context.week_hours + duration / 60),
                    "cap": _fmt_hours(context.weekly_cap),
                },
            )
        )
    month_over = 0
    if context.month_cap is not None:
        month_over = round(context.month_hours * 60 + duration - context.month_cap * 60)
        reasons.append(
            Text(
                R_MONTH,
                {
                    "client": context.client_name,
                    "booked": _fmt_hours(context.month_hours),
                    "total": _fmt_hours(context.month_hours + duration / 60),
                    "cap": _fmt_hours(context.month_cap),
                },
            )
        )
    recent = context.recent
    if recent.meetings:
        business = (
            "?" if recent.business_share is None else f"{round(recent.business_share * 100)}%"
        )
        reasons.append(
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
    if context.open_commitments:
        reasons.append(Text(R_OPEN, {"count": context.open_commitments}))

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
    if agenda_total is not None and agenda_total < duration:
        reasons.append(Text(R_FIT, {"needed": agenda_total, "duration": duration}))
    elif agenda_total is not None and agenda_total > duration:
        reasons.append(Text(R_OVER, {"needed": agenda_total, "duration": duration}))

    colleague = request.colleague or context.owner_colleague
    delegable = colleague is not None and (
        context.owner_colleague is not None or not request.essential
    )
    delegate_reason = (
        Text(D_DELEGATE_OWNER, {"colleague": colleague or ""})
        if context.owner_colleague is not None and colleague == context.owner_colleague
        else Text(D_DELEGATE_OPTIONAL, {"colleague": colleague or ""})
    )

    def done(decision: Decision, minutes: int | None, *extra: Text) -> Recommendation:
        return Recommendation(
            decision,
            minutes,
            reasons + list(extra),
            colleague if decision is Decision.DELEGATE else None,
            agenda_total,
        )

    reason = request.reason
    # Illness and emergencies: a change is justified for every tier.
    if reason in (ChangeReason.ILLNESS, ChangeReason.EMERGENCY):
        reasons.append(Text(R_ILLNESS))
        if delegable:
            return done(Decision.DELEGATE, None, delegate_reason)
        return done(Decision.RESCHEDULE, duration, Text(D_RESCHEDULE))

    if reason is ChangeReason.DISLIKE:
        if protected:
            reasons.append(Text(R_DISLIKE_AB))
            reason = ChangeReason.NONE
        else:
            reasons.append(Text(R_DISLIKE_C))

    need = max(week_over, month_over, 0)
    wants_change = need > 0 or reason is not ChangeReason.NONE
    if reason in (ChangeReason.OVERLOAD, ChangeReason.DISLIKE, ChangeReason.REPETITIVE):
        need = max(need, rules.min_saving_min)
    if reason is ChangeReason.REPETITIVE and recent.meetings:
        unproductive = (
            recent.business_share is not None
            and recent.business_share < rules.unproductive_business_share
        ) or (recent.decisions == 0 and recent.commitments == 0)
        if unproductive:
            reasons.append(Text(R_UNPRODUCTIVE))
            need = max(need, duration)
        else:
            reasons.append(Text(R_PRODUCTIVE))
    conflict = reason is ChangeReason.CONFLICT
    if conflict:
        need = max(need, duration)

    if not wants_change:
        if slack and can_shorten_to is not None:
            return done(
                Decision.SHORTEN,
                can_shorten_to,
                Text(D_SHORTEN, {"minutes": can_shorten_to, "freed": duration - can_shorten_to}),
            )
        return done(Decision.ACCEPT, duration, Text(D_ACCEPT))

    if top and conflict:
        reasons.append(Text(R_TOP_CONFLICT))
        return done(Decision.ACCEPT, duration, Text(D_ACCEPT))

    reasons.append(Text(R_NEED, {"need": need}))
    if top:
        reasons.append(Text(R_TOP_KEEPS))

    writable = (
        request.writable
        if request.writable is not None
        else bool(request.agenda) and request.agenda_min <= rules.email_max_agenda_min
    )
    flexible = request.client_flexible if request.client_flexible is not None else not top
    whole = duration + request.travel_min
    in_person = request.format is MeetingFormat.IN_PERSON

    # (decision, minutes freed, minutes kept, reason); mildest first.
    options: list[tuple[Decision, int, int | None, Text]] = []
    if in_person and request.travel_min > 0 and not conflict:
        call_len = can_shorten_to if slack and can_shorten_to is not None else duration
        options.append(
            (
                Decision.CALL,
                request.travel_min + (duration - call_len),
                call_len,
                Text(D_CALL, {"travel": request.travel_min}),
            )
        )
    if can_shorten_to is not None and not conflict:
        freed = duration - can_shorten_to
        options.append(
            (
                Decision.SHORTEN,
                freed,
                can_shorten_to,
                Text(D_SHORTEN, {"minutes": can_shorten_to, "freed": freed}),
            )
        )
    if not top:
        if writable and flexible:
            options.append((Decision.EMAIL, whole, None, Text(D_EMAIL)))
        if delegable:
            options.append((Decision.DELEGATE, whole, None, delegate_reason))
        options.append((Decision.RESCHEDULE, whole, duration, Text(D_RESCHEDULE)))

    for decision, freed, kept, why in options:
        if freed >= need:
            return done(decision, kept, why)
    if options:
        decision, freed, kept, why = max(options, key=lambda o: o[1])
        if freed >= min(rules.min_saving_min, need):
            return done(decision, kept, why, *([Text(R_TOP_NOTHING)] if top else []))
    return done(Decision.ACCEPT, duration, Text(R_TOP_NOTHING))
