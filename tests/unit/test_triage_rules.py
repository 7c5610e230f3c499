"""Worked scenarios for every triage rule (docs/meetings.md)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain import triage as t
from rapport.domain.agenda import PersonalHistory, Topic, build_agenda
from rapport.domain.model import Tier
from rapport.domain.triage import (
    AgendaEntry,
    ChangeReason,
    Decision,
    MeetingFormat,
    MeetingRequest,
    Productivity,
    TriageContext,
    triage,
)
from rapport.errors import InvalidInputError
from rapport.services.triage import read_request

START = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def request(**changes: object) -> MeetingRequest:
    base = MeetingRequest(
        client="Fjord AS",
        start=START,
        duration_min=60,
        format=MeetingFormat.VIDEO,
        purpose="Status",
        agenda=[AgendaEntry("Status", 30), AgendaEntry("Next steps", 25)],
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def context(**changes: object) -> TriageContext:
    base = TriageContext(
        client_name="Fjord AS",
        tier=Tier.B,
        revenue_share=0.12,
        week_hours=5.0,
        weekly_cap=15.0,
        month_hours=2.0,
        month_cap=None,
        recent=Productivity(meetings=3, business_share=0.85, decisions=4, commitments=3),
        open_commitments=1,
        owner_colleague=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def msgids(rec: t.Recommendation) -> list[str]:
    return [r.template for r in rec.reasons]


def test_nothing_calls_for_a_change_accepts() -> None:
    rec = triage(request(), context())
    assert rec.decision is Decision.ACCEPT
    assert rec.minutes == 60
    assert t.D_ACCEPT in msgids(rec)


def test_a_slot_much_longer_than_its_agenda_is_shortened_without_any_reason() -> None:
    rec = triage(request(duration_min=90, agenda=[AgendaEntry("Budget", 28)]), context())
    # the agenda builder's total: opening 2 + 28 + closing 2 = 32, proposed as 35
    assert (rec.decision, rec.minutes, rec.needed_min) == (Decision.SHORTEN, 35, 32)
    assert t.R_FIT in msgids(rec)


def test_a_top_client_keeps_the_meeting_but_in_person_becomes_a_call_under_overload() -> None:
    rec = triage(
        request(format=MeetingFormat.IN_PERSON, travel_min=45, reason=ChangeReason.OVERLOAD),
        context(tier=Tier.A, revenue_share=0.4),
    )
    assert rec.decision is Decision.CALL
    assert t.R_TOP_KEEPS in msgids(rec)


def test_a_top_client_is_never_sent_to_email_delegate_or_reschedule_for_overload() -> None:
    rec = triage(
        request(reason=ChangeReason.OVERLOAD, writable=True, client_flexible=True),
        context(tier=Tier.A, owner_colleague="Kari"),
    )
    assert rec.decision in (Decision.ACCEPT, Decision.SHORTEN, Decision.CALL)
    assert rec.decision is Decision.ACCEPT  # the agenda fills the hour: nothing milder frees it
    assert t.R_TOP_NOTHING in msgids(rec)


def test_a_top_client_with_a_conflict_keeps_the_meeting() -> None:
    rec = triage(request(reason=ChangeReason.CONFLICT), context(tier=Tier.A))
    assert rec.decision is Decision.ACCEPT
    assert t.R_TOP_CONFLICT in msgids(rec)


@pytest.mark.parametrize("tier", [Tier.A, Tier.B])
def test_dislike_is_no_reason_to_change_a_meeting_with_an_a_or_b_client(tier: Tier) -> None:
    rec = triage(
        request(format=MeetingFormat.IN_PERSON, travel_min=60, reason=ChangeReason.DISLIKE),
        context(tier=tier),
    )
    assert rec.decision is Decision.ACCEPT
    assert t.R_DISLIKE_AB in msgids(rec)
    assert "not a reason" in " ".join(r.english for r in rec.reasons)


def test_dislike_with_a_c_client_gets_the_mildest_change() -> None:
    rec = triage(
        request(format=MeetingFormat.IN_PERSON, travel_min=30, reason=ChangeReason.DISLIKE),
        context(tier=Tier.C, revenue_share=0.01),
    )
    assert rec.decision is Decision.CALL
    assert t.R_DISLIKE_C in msgids(rec)


def test_illness_changes_even_a_top_client_meeting_to_another_time() -> None:
    rec = triage(request(reason=ChangeReason.ILLNESS), context(tier=Tier.A))
    assert rec.decision is Decision.RESCHEDULE
    assert t.R_ILLNESS in msgids(rec)


def test_an_emergency_sends_the_account_owner_when_there_is_one() -> None:
    rec = triage(request(reason=ChangeReason.EMERGENCY), context(owner_colleague="Kari"))
    assert (rec.decision, rec.colleague) == (Decision.DELEGATE, "Kari")
    assert t.D_DELEGATE_OWNER in msgids(rec)


def test_the_mildest_change_wins_call_before_shorten() -> None:
    rec = triage(
        request(
            format=MeetingFormat.IN_PERSON,
            travel_min=40,
            duration_min=60,
            agenda=[AgendaEntry("Only item", 30)],
            reason=ChangeReason.OVERLOAD,
        ),
        context(),
    )
    assert rec.decision is Decision.CALL


def test_shorten_when_it_frees_enough_and_no_travel_is_saved() -> None:
    rec = triage(
        request(
            duration_min=60, agenda=[AgendaEntry("Only item", 25)], reason=ChangeReason.OVERLOAD
        ),
        context(),
    )
    assert (rec.decision, rec.minutes) == (Decision.SHORTEN, 30)  # 25 + opening and closing


def test_email_fits_when_the_matter_can_be_written_and_the_client_is_flexible() -> None:
    rec = triage(
        request(
            duration_min=30,
            agenda=[AgendaEntry("Confirm prices", 10)],
            reason=ChangeReason.CONFLICT,
        ),
        context(tier=Tier.C),
    )
    assert rec.decision is Decision.EMAIL
    assert t.D_EMAIL in msgids(rec)


def test_no_email_when_the_client_is_not_flexible() -> None:
    rec = triage(
        request(
            duration_min=30,
            agenda=[AgendaEntry("Confirm prices", 10)],
            reason=ChangeReason.CONFLICT,
            client_flexible=False,
        ),
        context(tier=Tier.C),
    )
    assert rec.decision is Decision.RESCHEDULE


def test_delegate_only_when_someone_else_owns_the_account_or_you_are_not_essential() -> None:
    conflict = request(reason=ChangeReason.CONFLICT, writable=False)
    essential_with_colleague = triage(replace(conflict, colleague="Ola"), context())
    assert essential_with_colleague.decision is Decision.RESCHEDULE

    not_essential = triage(replace(conflict, colleague="Ola", essential=False), context())
    assert (not_essential.decision, not_essential.colleague) == (Decision.DELEGATE, "Ola")
    assert t.D_DELEGATE_OPTIONAL in msgids(not_essential)

    owned = triage(conflict, context(owner_colleague="Kari"))
    assert (owned.decision, owned.colleague) == (Decision.DELEGATE, "Kari")


def test_going_over_the_weekly_cap_asks_for_the_excess_back() -> None:
    # 14.5 h booked + 1 h = 30 minutes over a 15 h cap; shortening 60 -> 25 frees 35.
    rec = triage(
        request(agenda=[AgendaEntry("Only item", 25)]),
        context(week_hours=14.5),
    )
    assert (rec.decision, rec.minutes) == (Decision.SHORTEN, 30)  # 25 + opening and closing
    need = [r for r in rec.reasons if r.template == t.R_NEED]
    assert need and need[0].params["need"] == 30


def test_going_over_the_clients_monthly_cap_also_counts() -> None:
    rec = triage(
        request(agenda=[AgendaEntry("Only item", 40)], writable=False),
        context(month_hours=9.5, month_cap=10.0),
    )
    # 30 minutes over; shortening to 40 frees only 20, so the next mildest: reschedule.
    assert rec.decision is Decision.RESCHEDULE
    assert t.R_MONTH in msgids(rec)


def test_repetitive_unproductive_meetings_go_to_email() -> None:
    rec = triage(
        request(reason=ChangeReason.REPETITIVE, agenda=[AgendaEntry("Weekly sync", 15)]),
        context(recent=Productivity(meetings=3, business_share=0.4, decisions=0, commitments=0)),
    )
    assert rec.decision is Decision.EMAIL
    assert t.R_UNPRODUCTIVE in msgids(rec)


def test_repetitive_but_productive_meetings_only_get_a_mild_change() -> None:
    rec = triage(
        request(reason=ChangeReason.REPETITIVE, agenda=[AgendaEntry("Weekly sync", 40)]),
        context(),
    )
    assert (rec.decision, rec.minutes) == (Decision.SHORTEN, 45)  # 40 + opening and closing
    assert t.R_PRODUCTIVE in msgids(rec)


def test_every_reason_names_the_client_tier_and_share_first() -> None:
    rec = triage(request(), context(tier=Tier.A, revenue_share=0.42))
    assert rec.reasons[0].english == (
        "Fjord AS: tier A, 42% of your revenue over the last 12 months."
    )


def test_a_bad_request_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(
        '{"client": "A", "start": "tomorrow-ish", "duration_min": 30, "format": "video"}'
    )
    with pytest.raises(InvalidInputError) as caught:
        read_request(path)
    assert caught.value.message.startswith(f"{path}: field 'start': ")
    path.write_text(
        '{"client": "A", "start": "2026-12-01T10:00", "duration_min": 30, "format": "fax"}'
    )
    with pytest.raises(InvalidInputError, match="field 'format'"):
        read_request(path)
    path.write_text('{"client": "A",')
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        read_request(path)


@settings(max_examples=150, deadline=None)
@given(
    minutes=st.lists(st.integers(1, 90), min_size=1, max_size=6),
    budget=st.floats(0.0, 0.5),
    history=st.one_of(
        st.none(),
        st.builds(
            PersonalHistory,
            duration_min=st.integers(1, 600),
            personal_min=st.integers(0, 300),
            reset_said_since=st.booleans(),
        ),
    ),
    video=st.booleans(),
    duration=st.integers(15, 240),
)
def test_triage_needs_exactly_what_the_agenda_builder_totals(
    minutes: list[int],
    budget: float,
    history: PersonalHistory | None,
    video: bool,
    duration: int,
) -> None:
    """One computation: triage's "needs N minutes" is the agenda's total_min for the same
    items, client budget and history; a shorter slot it proposes still holds that agenda."""
    topics = [Topic(f"Item {n}", m) for n, m in enumerate(minutes)]
    rec = triage(
        request(
            duration_min=duration,
            format=MeetingFormat.VIDEO if video else MeetingFormat.CALL,
            agenda=[AgendaEntry(tp.title, tp.minutes) for tp in topics],
        ),
        context(personal_budget=budget, personal_history=history),
    )
    agenda = build_agenda(topics, personal_budget=budget, video=video, history=history)
    assert rec.needed_min == agenda.total_min
    fit = [r for r in rec.reasons if r.template == t.R_FIT]
    over = [r for r in rec.reasons if r.template == t.R_OVER]
    if agenda.total_min < duration:
        assert fit and fit[0].params["needed"] == agenda.total_min and not over
    elif agenda.total_min > duration:
        assert over and over[0].params["needed"] == agenda.total_min and not fit
    else:
        assert not fit and not over
    if rec.decision is Decision.SHORTEN:
        assert rec.minutes is not None and agenda.total_min <= rec.minutes < duration
