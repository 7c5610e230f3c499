"""Display names and day counts on screens (issue 12): every value of every enumeration a
screen shows has a display name, days are whole calendar days, counts choose their plural."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.agenda import ItemKind
from rapport.domain.labels import LABELS, english
from rapport.domain.model import (
    ClientKind,
    CommitmentSize,
    CommitmentStatus,
    InteractionKind,
    Origin,
    ProjectStatus,
    RevenueKind,
    Tier,
)
from rapport.domain.practices import Context
from rapport.domain.triage import ChangeReason, Decision, MeetingFormat, Organizer
from rapport.domain.trust import E_LAST_CONTACT, Component, Outcome
from rapport.policy.access import Role
from rapport.services.rendering import due_phrase, label, render
from rapport.texts import Text

ENUMS: dict[str, type[StrEnum]] = {
    "decision": Decision,
    "change_reason": ChangeReason,
    "meeting_format": MeetingFormat,
    "organizer": Organizer,
    "agenda_item": ItemKind,
    "component": Component,
    "component_short": Component,
    "outcome": Outcome,
    "practice_context": Context,
    "tier": Tier,
    "client_kind": ClientKind,
    "origin": Origin,
    "interaction_kind": InteractionKind,
    "commitment_status": CommitmentStatus,
    "commitment_size": CommitmentSize,
    "revenue_kind": RevenueKind,
    "project_status": ProjectStatus,
    "role": Role,
}
SAME_WORD = {(lang, "ID") for lang in ("ja", "vi", "zh-Hans", "nb")} | {
    ("vi", "Email"),
    ("nb", "Import"),
}
"""Display names that the language writes as English does."""
NOW = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize("group", sorted(ENUMS))
def test_every_enum_value_has_a_display_name(group: str) -> None:
    missing = [v.value for v in ENUMS[group] if v.value not in LABELS[group]]
    assert not missing, f"add display names for {missing} to LABELS[{group!r}]"


@pytest.mark.parametrize("lang", ["ja", "vi", "zh-Hans", "nb"])
def test_display_names_are_translated(lang: str) -> None:
    same = [
        f"{group}.{key}"
        for group, names in LABELS.items()
        for key in names
        if label(group, key, lang) == english(group, key)
        and (lang, english(group, key)) not in SAME_WORD
    ]
    assert not same, f"untranslated in {lang}: {same}"


def test_free_text_is_shown_as_typed() -> None:
    assert label("origin", "met at a fair", "ja") == "met at a fair"
    assert label("bool", True, "nb") == "Ja"
    assert label("decision", Decision.CALL, "ja") == "電話で行う"


@pytest.mark.parametrize(
    ("due", "en", "nb"),
    [
        (NOW + timedelta(hours=3), "due today", "forfaller i dag"),
        (NOW - timedelta(hours=3), "was due earlier today", "forfalt tidligere i dag"),
        (NOW + timedelta(hours=12), "due tomorrow", "forfaller i morgen"),
        (NOW + timedelta(days=3, hours=2), "due in 3 days", "forfaller om 3 dager"),
        (NOW - timedelta(days=1), "1 day overdue", "1 dag over fristen"),
        (NOW - timedelta(days=262, hours=2), "262 days overdue", "262 dager over fristen"),
    ],
)
def test_due_phrases_count_calendar_days(due: datetime, en: str, nb: str) -> None:
    assert due_phrase(due, NOW, "Europe/Oslo", "en") == en
    assert due_phrase(due, NOW, "Europe/Oslo", "nb") == nb


@given(st.integers(min_value=-900 * 24, max_value=900 * 24))
def test_due_phrases_never_show_a_fraction(hours: int) -> None:
    for lang in ("en", "ja", "vi", "zh-Hans", "nb"):
        text = due_phrase(NOW + timedelta(hours=hours), NOW, "Asia/Tokyo", lang)
        assert "." not in text.replace("..", "") and "," not in text


def test_a_core_message_chooses_its_plural() -> None:
    one = Text(E_LAST_CONTACT, {"days": 1, "cadence": 14})
    many = Text(E_LAST_CONTACT, {"days": 5, "cadence": 14})
    assert one.english == "Last contact 1 day ago, cadence 14 days"
    assert many.english == "Last contact 5 days ago, cadence 14 days"
    assert render(one, "nb") == "Siste kontakt for 1 dag siden, rytme 14 dager"
    assert render(many, "nb") == "Siste kontakt for 5 dager siden, rytme 14 dager"
