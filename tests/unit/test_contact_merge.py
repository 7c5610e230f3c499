"""The conflict rule of contact sync (rapport.domain.contact_merge), as properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.contact_merge import FIELDS, RAPPORT, SERVER, merge, normalise

value = st.one_of(st.none(), st.sampled_from(["", "a", "b", "c", " a ", "Anna", "+47 1"]))
contact = st.fixed_dictionaries({name: value for name in FIELDS})


@given(contact)
def test_merging_with_no_changes_is_the_identity(base: dict[str, str | None]) -> None:
    merged = merge(base, base, base)
    assert merged.values == normalise(base)
    assert merged.conflicts == ()


@given(contact, contact)
def test_a_change_on_one_side_only_always_survives(
    base: dict[str, str | None], edited: dict[str, str | None]
) -> None:
    from_server = merge(base, base, edited)
    from_rapport = merge(base, edited, base)
    assert from_server.values == normalise(edited) and from_server.conflicts == ()
    assert from_rapport.values == normalise(edited) and from_rapport.conflicts == ()


@given(contact, contact, contact)
def test_each_field_is_one_sides_value_and_conflicts_are_exactly_the_two_sided_changes(
    base: dict[str, str | None], ours: dict[str, str | None], theirs: dict[str, str | None]
) -> None:
    merged = merge(base, ours, theirs)
    b, o, t = normalise(base), normalise(ours), normalise(theirs)
    both = {f for f in FIELDS if o[f] != b[f] and t[f] != b[f] and o[f] != t[f]}
    assert {c.field for c in merged.conflicts} == both
    for f in FIELDS:
        assert merged.values[f] in (o[f], t[f])
        if f in both:
            assert merged.values[f] == t[f]  # the server wins
        elif o[f] != b[f]:
            assert merged.values[f] == o[f]
        else:
            assert merged.values[f] == t[f]


@given(contact, contact, contact)
def test_merging_is_idempotent_and_symmetric_up_to_the_winner(
    base: dict[str, str | None], ours: dict[str, str | None], theirs: dict[str, str | None]
) -> None:
    first = merge(base, ours, theirs)
    # after a sync both sides hold the merged values: syncing again changes nothing
    again = merge(first.values, first.values, first.values)
    assert again.values == first.values and again.conflicts == ()
    # swapping the sides and the winner gives the same values
    swapped = merge(base, theirs, ours, winner=RAPPORT)
    assert swapped.values == first.values
    assert [c.field for c in swapped.conflicts] == [c.field for c in first.conflicts]
    assert all(c.kept == SERVER for c in first.conflicts)


def test_without_an_agreed_version_the_server_wins_each_difference() -> None:
    merged = merge(None, {"name": "Anna", "phone": "1"}, {"name": "Anna", "phone": "2"})
    assert merged.values["phone"] == "2"
    assert [(c.field, c.rapport, c.server) for c in merged.conflicts] == [("phone", "1", "2")]
