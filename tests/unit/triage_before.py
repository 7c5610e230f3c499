"""``triage()`` as it was before it became an ordered list of rules (issue 16), kept as the
oracle of tests/unit/test_triage_rule_functions.py: the rules must answer exactly as this
did, for every request and context."""

from __future__ import annotations

from rapport.domain.model import Tier
from rapport.domain.triage import (
    D_ACCEPT,
    D_CALL,
    D_DELEGATE_OPTIONAL,
    D_DELEGATE_OWNER,
    D_EMAIL,
    D_RESCHEDULE,
    D_SHORTEN,
    R_DISLIKE_AB,
    R_DISLIKE_C,
    R_FIT,
    R_ILLNESS,
    R_MONTH,
    R_NEED,
    R_OPEN,
    R_OVER,
    R_PRODUCTIVE,
    R_RECENT,
    R_TIER,
    R_TOP_CONFLICT,
    R_TOP_KEEPS,
    R_TOP_NOTHING,
    R_UNPRODUCTIVE,
    R_WEEK,
    ChangeReason,
    Decision,
    MeetingFormat,
    MeetingRequest,
    Recommendation,
    TriageContext,
    TriageRules,
    _fmt_hours,
    agenda_minutes,
    needed_minutes,
)
from rapport.texts import Text


def triage_before(
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
