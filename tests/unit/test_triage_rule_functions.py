"""Each triage rule on its own (rapport.domain.triage.RULES), and ``triage()`` answering
exactly as it did before it became a list of rules (tests/unit/triage_before.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain import triage as t
from rapport.domain.model import Tier
from rapport.domain.triage import (
    RULES,
    AgendaEntry,
    ChangeReason,
    Decision,
    MeetingFormat,
    MeetingRequest,
    Organizer,
    Productivity,
    Triage,
    TriageContext,
    TriageRules,
    triage,
)
from tests.unit.test_triage_rules import START, context, request
from tests.unit.triage_before import triage_before


def state(**changes: object) -> Triage:
    """A triage of the default request, with request or context fields changed."""
    names = set(MeetingRequest.__dataclass_fields__)
    req = request(**{k: v for k, v in changes.items() if k in names})
    ctx = context(**{k: v for k, v in changes.items() if k not in names})
    return Triage.start(req, ctx, TriageRules())


def ids(s: Triage) -> list[str]:
    return [r.template for r in s.reasons]


def test_the_rules_run_in_the_documented_order() -> None:
    assert [rule.__name__ for rule in RULES] == [
        "state_tier",
        "state_week_hours",
        "state_month_hours",
        "state_recent_meetings",
        "state_open_promises",
        "weigh_agenda",
        "illness_or_emergency",
        "set_aside_dislike",
        "time_over_caps",
        "time_asked_back",
        "weigh_repetition",
        "conflict_needs_the_slot",
        "no_change_needed",
        "top_tier_conflict",
        "state_need",
        "mildest_change",
    ]


def test_state_tier() -> None:
    s = state()
    t.state_tier(s)
    assert s.reasons[0].template == t.R_TIER
    assert s.reasons[0].params == {"client": "Fjord AS", "tier": "B", "share": "12%"}


def test_state_week_hours_once_any_are_booked_or_over_the_cap() -> None:
    quiet = state(week_hours=0.0)
    t.state_week_hours(quiet)
    assert quiet.reasons == []
    booked = state(week_hours=5.0)
    t.state_week_hours(booked)
    assert booked.reasons[0].params == {"booked": "5", "total": "6", "cap": "15"}
    over = state(week_hours=0.0, weekly_cap=0.5)
    t.state_week_hours(over)
    assert ids(over) == [t.R_WEEK]


def test_state_month_hours_only_with_a_cap() -> None:
    none = state()
    t.state_month_hours(none)
    assert none.reasons == []
    capped = state(month_cap=4.0, month_hours=3.5)
    t.state_month_hours(capped)
    assert capped.reasons[0].params["total"] == "4.5"


def test_state_recent_meetings_and_open_promises() -> None:
    s = state(recent=Productivity(meetings=2, business_share=None, decisions=1, commitments=0))
    t.state_recent_meetings(s)
    t.state_open_promises(s)
    assert ids(s) == [t.R_RECENT, t.R_OPEN]
    assert s.reasons[0].params["business"] == "?"
    quiet = state(recent=Productivity(0, None, 0, 0), open_commitments=0)
    t.state_recent_meetings(quiet)
    t.state_open_promises(quiet)
    assert quiet.reasons == []


def test_weigh_agenda_fits_or_is_over_the_slot() -> None:
    fits = state()
    t.weigh_agenda(fits)
    assert ids(fits) == [t.R_FIT]
    over = state(duration_min=30)
    t.weigh_agenda(over)
    assert ids(over) == [t.R_OVER]
    none = state(agenda=[])
    t.weigh_agenda(none)
    assert none.reasons == [] and none.agenda_total is None


def test_illness_or_emergency_sends_a_colleague_or_asks_for_another_time() -> None:
    assert t.illness_or_emergency(state(reason=ChangeReason.OVERLOAD)) is None
    owner = t.illness_or_emergency(state(reason=ChangeReason.ILLNESS, owner_colleague="Kari"))
    assert owner is not None and (owner.decision, owner.colleague) == (Decision.DELEGATE, "Kari")
    assert t.R_ILLNESS in [r.template for r in owner.reasons]
    alone = t.illness_or_emergency(state(reason=ChangeReason.EMERGENCY, tier=Tier.A))
    assert alone is not None and (alone.decision, alone.minutes) == (Decision.RESCHEDULE, 60)


def test_set_aside_dislike_for_a_and_b_tier_only() -> None:
    b = state(reason=ChangeReason.DISLIKE)
    t.set_aside_dislike(b)
    assert (b.reason, ids(b)) == (ChangeReason.NONE, [t.R_DISLIKE_AB])
    c = state(reason=ChangeReason.DISLIKE, tier=Tier.C)
    t.set_aside_dislike(c)
    assert (c.reason, ids(c)) == (ChangeReason.DISLIKE, [t.R_DISLIKE_C])


def test_time_over_caps_and_asked_back() -> None:
    under = state()
    t.time_over_caps(under)
    assert (under.need, under.wants_change) == (0, False)
    over = state(week_hours=14.5)  # 14.5 h + 1 h against 15 h: 30 minutes over
    t.time_over_caps(over)
    assert (over.need, over.wants_change) == (30, True)
    month = state(month_cap=2.5)  # 2 h + 1 h against 2.5 h
    t.time_over_caps(month)
    assert month.need == 30
    overload = state(reason=ChangeReason.OVERLOAD)
    t.time_over_caps(overload)
    assert overload.wants_change and overload.need == 0
    t.time_asked_back(overload)
    assert overload.need == TriageRules().min_saving_min


def test_weigh_repetition_asks_for_the_slot_only_when_meetings_carried_little() -> None:
    thin = Productivity(meetings=3, business_share=0.4, decisions=2, commitments=1)
    s = state(reason=ChangeReason.REPETITIVE, recent=thin)
    t.weigh_repetition(s)
    assert (ids(s), s.need) == ([t.R_UNPRODUCTIVE], 60)
    productive = state(reason=ChangeReason.REPETITIVE)
    t.weigh_repetition(productive)
    assert (ids(productive), productive.need) == ([t.R_PRODUCTIVE], 0)
    other = state(reason=ChangeReason.OVERLOAD, recent=thin)
    t.weigh_repetition(other)
    assert other.reasons == []


def test_conflict_needs_the_slot() -> None:
    s = state(reason=ChangeReason.CONFLICT)
    t.conflict_needs_the_slot(s)
    assert s.need == 60
    calm = state()
    t.conflict_needs_the_slot(calm)
    assert calm.need == 0


def test_no_change_needed_accepts_or_trims_slack() -> None:
    wanted = state()
    wanted.wants_change = True
    assert t.no_change_needed(wanted) is None
    accept = t.no_change_needed(state())
    assert accept is not None and accept.decision is Decision.ACCEPT
    slack = t.no_change_needed(state(duration_min=90, agenda=[AgendaEntry("Budget", 28)]))
    assert slack is not None and (slack.decision, slack.minutes) == (Decision.SHORTEN, 35)


def test_top_tier_conflict_keeps_the_meeting() -> None:
    assert t.top_tier_conflict(state(reason=ChangeReason.CONFLICT)) is None
    top = state(reason=ChangeReason.CONFLICT, tier=Tier.A)
    kept = t.top_tier_conflict(top)
    assert kept is not None and kept.decision is Decision.ACCEPT
    assert ids(top) == [t.R_TOP_CONFLICT]


def test_state_need_and_that_a_top_client_keeps_the_meeting() -> None:
    s = state(tier=Tier.A)
    s.need = 20
    t.state_need(s)
    assert ids(s) == [t.R_NEED, t.R_TOP_KEEPS]
    assert s.reasons[0].params == {"need": 20}


def test_mildest_change_in_order() -> None:
    in_person = state(format=MeetingFormat.IN_PERSON, travel_min=45)
    in_person.need = 30
    assert [o[0] for o in t.changes(in_person)] == [
        Decision.CALL,
        Decision.SHORTEN,
        Decision.RESCHEDULE,
    ]
    assert t.mildest_change(in_person).decision is Decision.CALL
    conflict = state(reason=ChangeReason.CONFLICT, owner_colleague="Kari")
    conflict.need = 60
    assert [o[0] for o in t.changes(conflict)] == [Decision.DELEGATE, Decision.RESCHEDULE]
    assert t.mildest_change(conflict).decision is Decision.DELEGATE
    top = state(tier=Tier.A)
    top.need = 600
    nothing = t.mildest_change(top)
    assert nothing.decision is Decision.ACCEPT and nothing.reasons[-1].template == t.R_TOP_NOTHING


requests = st.builds(
    MeetingRequest,
    client=st.just("Fjord AS"),
    start=st.just(START) | st.just(START + timedelta(days=3)),
    duration_min=st.integers(5, 240),
    format=st.sampled_from(list(MeetingFormat)),
    purpose=st.just("Status"),
    agenda=st.lists(
        st.builds(AgendaEntry, st.sampled_from(["Status", "Budget"]), st.integers(1, 90)),
        max_size=4,
    ),
    organizer=st.sampled_from(list(Organizer)),
    essential=st.booleans(),
    travel_min=st.integers(0, 90),
    reason=st.sampled_from(list(ChangeReason)),
    writable=st.none() | st.booleans(),
    client_flexible=st.none() | st.booleans(),
    colleague=st.none() | st.just("Ola"),
)
contexts = st.builds(
    TriageContext,
    client_name=st.just("Fjord AS"),
    tier=st.sampled_from(list(Tier)),
    revenue_share=st.floats(0, 1),
    week_hours=st.floats(0, 30),
    weekly_cap=st.floats(1, 30),
    month_hours=st.floats(0, 20),
    month_cap=st.none() | st.floats(1, 20),
    recent=st.builds(
        Productivity,
        st.integers(0, 5),
        st.none() | st.floats(0, 1),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    open_commitments=st.integers(0, 3),
    owner_colleague=st.none() | st.just("Kari"),
    personal_budget=st.floats(0, 0.5),
)
thresholds = st.builds(
    TriageRules,
    round_to_min=st.integers(1, 15),
    min_saving_min=st.integers(0, 60),
    slack_ratio=st.floats(1, 3),
    email_max_agenda_min=st.integers(0, 60),
    unproductive_business_share=st.floats(0, 1),
)


@settings(max_examples=400, deadline=None)
@given(requests, contexts, st.none() | thresholds)
def test_triage_answers_as_before_the_rules(
    req: MeetingRequest, ctx: TriageContext, rules: TriageRules | None
) -> None:
    assert triage(req, ctx, rules) == triage_before(req, ctx, rules)


def test_the_default_thresholds_are_the_documented_ones() -> None:
    assert replace(TriageRules()) == TriageRules(5, 15, 1.5, 20, 0.6)
