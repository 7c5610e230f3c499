from __future__ import annotations

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact
from rapport.errors import ConflictError, InvalidInputError, NotFoundError


def test_client_round_trip_and_lookup_by_name(container: Container) -> None:
    ws = container.workspace
    added = ws.add_client(Client(name="Fjord Design", language="nb", timezone="Europe/Oslo"))
    assert added.id is not None and added.created_at is not None
    assert ws.find_client("fjord design") == added
    assert ws.find_client(str(added.id)) == added


def test_unknown_client_suggests_a_close_name(container: Container) -> None:
    container.workspace.add_client(Client(name="Sakura Trading"))
    with pytest.raises(NotFoundError, match=r"did you mean Sakura Trading\?"):
        container.workspace.find_client("Sakura Tradng")


def test_duplicate_name_is_a_conflict_and_writes_nothing(container: Container) -> None:
    ws = container.workspace
    ws.add_client(Client(name="Alpha"))
    with pytest.raises(ConflictError):
        ws.add_client(Client(name="Alpha"))
    assert [c.name for c in ws.list_clients()] == ["Alpha"]


def test_deleting_a_contact_clears_referrals_to_it(container: Container) -> None:
    ws = container.workspace
    a = ws.add_client(Client(name="A"))
    assert a.id is not None
    person = ws.add(Contact(client_id=a.id, name="Kari", email="kari@example.no"))
    assert person.id is not None
    b = ws.add_client(Client(name="B", referred_by_contact_id=person.id))
    assert b.id is not None
    ws.delete(Contact, person.id)
    assert ws.get(Client, b.id).referred_by_contact_id is None


def test_search_treats_like_wildcards_as_plain_characters(container: Container) -> None:
    """``%`` and ``_`` in a search are the characters themselves, on both engines (they used
    to match anything), in the service, the API's ``search`` and the list page's filter."""
    ws = container.workspace
    for name in ("100% Design", "Acme_Co", "Acme Co", "Back\\slash"):
        ws.add(Client(name=name, language="en", timezone="UTC"))
    assert [c.name for c in ws.list_clients(search="%")] == ["100% Design"]
    assert [c.name for c in ws.list_clients(search="_")] == ["Acme_Co"]
    assert [c.name for c in ws.list_clients(search="e_c")] == ["Acme_Co"]
    assert [c.name for c in ws.list_clients(search="\\")] == ["Back\\slash"]
    assert [c.name for c in ws.list_clients(search="acme")] == ["Acme Co", "Acme_Co"]


def test_digits_that_are_not_ascii_are_names_not_ids(container: Container) -> None:
    """ "¹" counts as a digit to Python but is no number: a lookup by it is a clean 404."""
    with pytest.raises(NotFoundError):
        container.workspace.find_client("¹")


def test_a_change_to_null_of_a_field_that_needs_a_value_is_refused(container: Container) -> None:
    ws = container.workspace
    client = ws.add_client(Client(name="Fjord", language="nb", timezone="Europe/Oslo"))
    assert client.id is not None
    for field in ("name", "cadence_days", "personal_budget", "notes"):
        with pytest.raises(InvalidInputError, match=f"{field} needs a value"):
            ws.update(Client, client.id, {field: None})
    assert ws.get(Client, client.id) == client
    assert ws.update(Client, client.id, {"email": None}).email is None
