from __future__ import annotations

import pytest

from rapport.domain.model import Client, Interaction, InteractionKind, Project, ProjectStatus
from rapport.domain.validation import check_language, validate_client, validate_interaction
from rapport.domain.when import parse_when
from rapport.errors import InvalidInputError


@pytest.mark.parametrize(
    ("given", "canonical"),
    [("en", "en"), ("JA", "ja"), ("zh", "zh-Hans"), ("zh_Hans", "zh-Hans"), ("no", "nb")],
)
def test_language_codes_are_canonicalised(given: str, canonical: str) -> None:
    assert check_language(given) == canonical


def test_unknown_language_is_rejected_with_the_choices() -> None:
    with pytest.raises(InvalidInputError, match="en, ja, vi, zh-Hans, nb"):
        check_language("fr")


def test_client_with_bad_timezone_is_rejected() -> None:
    with pytest.raises(InvalidInputError, match="Mars/Olympus"):
        validate_client(Client(name="X", timezone="Mars/Olympus"))


def test_minutes_cannot_exceed_duration() -> None:
    from datetime import UTC, datetime

    bad = Interaction(
        client_id=1,
        kind=InteractionKind.CALL,
        started_at=datetime(2026, 1, 1, tzinfo=UTC),
        duration_min=30,
        business_min=25,
        personal_min=10,
    )
    with pytest.raises(InvalidInputError, match="exceed"):
        validate_interaction(bad)


def test_naive_time_is_read_in_the_given_zone_and_says_so() -> None:
    when = parse_when("2026-11-30T15:00", "Asia/Tokyo")
    assert when.assumed_zone == "Asia/Tokyo"
    assert when.at.utcoffset() is not None and when.at.utcoffset().total_seconds() == 9 * 3600


def test_checklist_gaps_ignore_sign_off_until_done() -> None:
    active = Project(client_id=1, name="p", scope_written=True)
    assert "signed_off" not in active.missing_steps()
    assert "estimate_given" in active.missing_steps()
    done = Project(
        client_id=1,
        name="p",
        status=ProjectStatus.DONE,
        scope_written=True,
        estimate_given=True,
        agreement_signed=True,
        schedule_set=True,
        payment_terms_set=True,
    )
    assert done.missing_steps() == ["signed_off"]


def test_a_time_zone_the_system_cannot_even_look_up_is_a_clean_error() -> None:
    from rapport.domain.validation import check_timezone
    from rapport.errors import InvalidInputError

    for name in ("Europe", "1" * 5000, "Etc/../../x"):
        with pytest.raises(InvalidInputError, match="unknown time zone"):
            check_timezone(name)
    assert check_timezone("Asia/Tokyo") == "Asia/Tokyo"
