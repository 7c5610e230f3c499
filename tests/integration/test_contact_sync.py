"""Contact sync (CardDAV) both ways against a real Radicale (docs/integrations.md "Contact
sync (CardDAV)"), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.domain.model import Client, Contact
from rapport.services.contact_sync import BookResult
from rapport.storage.contact_sync_rows import AddressBookRow
from rapport.storage.orm import ContactRow
from rapport.storage.team_rows import AuditRow
from tests.conftest import RunCli
from tests.live_server import free_port
from tests.sync_servers import PASSWORD, USER, CardDAVBook, radicale, vcard

NAMES = itertools.count()


@pytest.fixture(scope="module")
def radicale_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with radicale(tmp_path_factory.mktemp("radicale-cards")) as url:
        yield url


@pytest.fixture
def book(radicale_url: str) -> Iterator[CardDAVBook]:
    made = CardDAVBook(radicale_url, f"contacts{next(NAMES)}")
    yield made
    made.close()


@pytest.fixture
def acme(container: Container) -> Client:
    client = container.workspace.add(Client(name="Acme"))
    assert client.id is not None
    return client


def _contacts(container: Container) -> dict[str, Any]:
    """Contacts by name (plain rows)."""
    c = ContactRow
    with container.db.reading() as s:
        rows = s.execute(sa.select(c.id, c.client_id, c.name, c.email, c.phone, c.title, c.notes))
        return {str(row.name): row for row in rows}


def _one(results: list[BookResult]) -> BookResult:
    assert len(results) == 1
    assert results[0].error is None, results[0].error
    return results[0]


def _counts(result: BookResult) -> tuple[int, int, int, int]:
    return result.created, result.updated, result.removed, result.pushed


def _sync(container: Container) -> BookResult:
    return _one(container.contact_sync.sync_all())


def test_first_pull_creates_contacts_and_a_second_run_changes_nothing(
    container: Container, acme: Client, book: CardDAVBook
) -> None:
    container.workspace.add(Client(name="Globex", email="info@globex.test"))
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test", phone="+47 1234"))
    book.put("bo", vcard("bo-1", "Bo Lund", org=None, email="bo@globex.test"))  # by domain
    book.put("stranger", vcard("x-1", "Stranger", org="Nobody Inc"))
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)

    first = _sync(container)
    assert _counts(first) == (2, 0, 0, 0)
    assert (first.events, first.unmatched, first.conflicts) == (3, 1, 0)
    made = _contacts(container)
    assert set(made) == {"Anna Berg", "Bo Lund"}
    assert made["Anna Berg"].client_id == acme.id
    assert made["Anna Berg"].phone == "+47 1234"

    second = _sync(container)
    assert _counts(second) == (0, 0, 0, 0)
    assert (second.events, second.unmatched) == (3, 1)
    assert _contacts(container) == made
    assert sorted(book.names()) == ["anna.vcf", "bo.vcf", "stranger.vcf"]  # nothing pushed


def test_server_edit_updates_and_rapport_edit_pushes(
    container: Container, acme: Client, book: CardDAVBook
) -> None:
    photo = "PHOTO;VALUE=URI:http://x.test/a.png\r\nBDAY:1980-02-03\r\n"
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test", extra=photo))
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)
    assert _counts(_sync(container)) == (1, 0, 0, 0)
    before = _contacts(container)["Anna Berg"]

    book.put("anna", vcard("anna-1", "Anna Berg", "Acme", "anna@acme.test", "+47 999", photo))
    assert _counts(_sync(container)) == (0, 1, 0, 0)
    after = _contacts(container)["Anna Berg"]
    assert (after.id, after.phone) == (before.id, "+47 999")

    container.workspace.update(Contact, after.id, {"title": "CTO", "email": "anna@acme.example"})
    assert _counts(_sync(container)) == (0, 0, 0, 1)
    raw = book.get("anna")  # a raw CardDAV GET, as a phone would read it
    assert "TITLE:CTO" in raw and "anna@acme.example" in raw and "+47 999" in raw
    assert "anna@acme.test" not in raw
    assert "PHOTO" in raw and "BDAY" in raw  # the rest of the card stays
    assert _counts(_sync(container)) == (0, 0, 0, 0)


def test_new_contact_in_rapport_becomes_a_card_once(
    container: Container, acme: Client, book: CardDAVBook
) -> None:
    assert acme.id is not None
    container.workspace.add(Contact(client_id=acme.id, name="Cleo Dahl", email="cleo@acme.test"))
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)
    first = _sync(container)
    assert _counts(first) == (0, 0, 0, 1)
    (name,) = book.names()
    raw = book.get(name)
    assert "FN:Cleo Dahl" in raw and "ORG:Acme" in raw and "UID:rapport-" in raw
    assert _counts(_sync(container)) == (0, 0, 0, 0)
    assert book.names() == [name]


def test_both_sides_edit_keeps_the_server_and_reports_the_conflict(
    container: Container, acme: Client, book: CardDAVBook, cli: RunCli
) -> None:
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test", phone="+47 1"))
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)
    _sync(container)
    anna = _contacts(container)["Anna Berg"]
    container.workspace.update(Contact, anna.id, {"phone": "+47 RAPPORT", "title": "CEO"})
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test", phone="+47 PHONE"))

    ran = cli("sync", "--json")
    assert ran.returncode == 0, ran.stdout
    (result,) = json.loads(ran.stdout)["sources"]
    assert (result["conflicts"], result["updated"], result["pushed"]) == (1, 1, 1)
    assert result["conflict_list"] == [
        {
            "contact": "Anna Berg",
            "field": "phone",
            "rapport": "+47 RAPPORT",
            "server": "+47 PHONE",
            "kept": "server",
        }
    ]
    merged = _contacts(container)["Anna Berg"]
    assert (merged.phone, merged.title) == ("+47 PHONE", "CEO")  # one-sided change survives
    raw = book.get("anna")
    assert "+47 PHONE" in raw and "TITLE:CEO" in raw

    status = cli("sync", "status")
    assert "phone changed on both sides; kept the server's '+47 PHONE'" in status.stdout
    assert "'+47 RAPPORT'" in status.stdout
    assert "両方で変更されました" in cli("--lang", "ja", "sync", "status").stdout
    (entry,) = json.loads(cli("sync", "status", "--json").stdout)["sources"]
    assert entry["conflicts"] == 1 and entry["kind"] == "carddav"

    assert _counts(_sync(container)) == (0, 0, 0, 0)  # settled: nothing more either way


def test_deletions_unlink_on_server_delete_and_delete_the_card_on_rapport_delete(
    container: Container, acme: Client, book: CardDAVBook
) -> None:
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test"))
    book.put("bo", vcard("bo-1", "Bo Lund", email="bo@acme.test"))
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)
    assert _counts(_sync(container)) == (2, 0, 0, 0)

    book.delete("anna.vcf")  # deleted on the phone: the contact stays, unlinked
    result = _sync(container)
    assert _counts(result) == (0, 0, 1, 0)
    assert "Anna Berg" in _contacts(container)
    assert result.events == 1
    assert _counts(_sync(container)) == (0, 0, 0, 0)  # and it is not written back
    assert book.names() == ["bo.vcf"]

    bo = _contacts(container)["Bo Lund"]
    container.workspace.delete(Contact, bo.id)
    assert _counts(_sync(container)) == (0, 0, 0, 1)
    assert book.names() == []
    assert _counts(_sync(container)) == (0, 0, 0, 0)


def test_wrong_password_server_down_404_and_malformed_card_write_nothing(
    container: Container,
    acme: Client,
    book: CardDAVBook,
    radicale_url: str,
    cli: RunCli,
    api: Any,
) -> None:
    sync = container.contact_sync
    wrong = sync.add(book.url, username=USER, password="wrong")
    (result,) = sync.sync_all()
    assert result.error == "the server refused the user name or password (HTTP 401)"
    page = api.get("/integrations", headers={"Accept-Language": "ja"})
    assert "the server refused" in page.text or "受け付けませんでした" in page.text
    assert "受け付けませんでした" in cli("--lang", "ja", "sync", "status").stdout
    sync.remove(wrong.id)

    sync.add(f"http://127.0.0.1:{free_port()}/alice/contacts/")
    (result,) = sync.sync_all()
    assert result.error is not None and result.error.startswith("cannot reach the server")
    sync.remove(sync.books()[0].id)

    sync.add(f"{radicale_url}{USER}/missing-book/", username=USER, password=PASSWORD)
    (result,) = sync.sync_all()
    assert result.error == "no address book at this address (HTTP 404)"
    sync.remove(sync.books()[0].id)

    calendar = f"{radicale_url}{USER}/not-a-book-{next(NAMES)}/"
    made = book.http.request("MKCALENDAR", calendar)
    assert made.status_code == 201, made.text
    sync.add(calendar, username=USER, password=PASSWORD)
    (result,) = sync.sync_all()
    assert result.error == "the address is not a CardDAV address book: no addressbook resource type"
    sync.remove(sync.books()[0].id)

    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test"))
    book.put("bad", vcard("bad-1", "Bad Mail", email="not an address"))
    sync.add(book.url, username=USER, password=PASSWORD)
    (result,) = sync.sync_all()
    assert result.error == "card bad.vcf: not an email address: 'not an address'"
    assert (result.created, result.pushed) == (0, 0)
    assert _contacts(container) == {}
    answer = cli("sync", "--json")
    assert answer.returncode == 1
    (source,) = json.loads(answer.stdout)["sources"]
    assert source["kind"] == "carddav" and source["error"].startswith("card bad.vcf:")
    status = cli("sync", "status")
    assert "card bad.vcf" in status.stdout


def test_password_encrypted_and_not_audited(
    container: Container, acme: Client, book: CardDAVBook
) -> None:
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)
    with container.db.reading() as s:
        sealed = s.scalar(sa.select(AddressBookRow.password_encrypted))
        entries = [json.dumps(row.changes) for row in s.scalars(sa.select(AuditRow))]
    assert sealed and PASSWORD not in sealed
    assert not any(PASSWORD in e or (sealed or "") in e for e in entries)
    assert "password" not in json.dumps(
        [b.__dict__ for b in container.contact_sync.books()], default=str
    ).replace("has_password", "")


def test_cli_addressbooks_add_list_remove_and_sync_json(
    container: Container, acme: Client, book: CardDAVBook, cli: RunCli
) -> None:
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test"))
    added = cli("addressbooks", "add", book.url, "--user", USER, "--json", input=PASSWORD + "\n")
    assert added.returncode == 0, added.stdout + added.stderr
    info = json.loads(added.stdout)
    assert info["kind"] == "carddav" and info["has_password"] is True
    listed = cli("addressbooks", "list", "--json")
    assert [b["id"] for b in json.loads(listed.stdout)] == [info["id"]]
    ran = cli("sync", "--json")
    assert ran.returncode == 0, ran.stdout
    (source,) = json.loads(ran.stdout)["sources"]
    assert {k: source[k] for k in ("kind", "events", "created", "updated", "removed")} == {
        "kind": "carddav",
        "events": 1,
        "created": 1,
        "updated": 0,
        "removed": 0,
    }
    table = cli("--lang", "nb", "addressbooks", "list")
    assert book.url in table.stdout
    text = cli("sync")
    assert "carddav" in text.stdout
    gone = cli("addressbooks", "remove", str(info["id"]))
    assert gone.returncode == 0
    assert json.loads(cli("addressbooks", "list", "--json").stdout) == []
    assert "Anna Berg" in _contacts(container)  # contacts stay


def test_api_routes_and_the_integrations_page(
    container: Container, acme: Client, book: CardDAVBook, api: Any
) -> None:
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test"))
    made = api.post(
        "/api/addressbooks",
        json={"url": book.url, "username": USER, "password": PASSWORD, "client": "Acme"},
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["has_password"] is True and PASSWORD not in made.text
    assert body["client"] == "Acme"
    assert api.post("/api/addressbooks", json={"url": "ftp://x"}).status_code == 422
    assert api.post("/api/addressbooks", json={"url": book.url}).status_code == 422  # twice
    assert [b["id"] for b in api.get("/api/addressbooks").json()] == [body["id"]]

    synced = api.post("/api/sync").json()["sources"]
    (source,) = [s for s in synced if s["kind"] == "carddav"]
    assert (source["created"], source["error"]) == (1, None)

    page = api.get("/integrations")
    assert page.status_code == 200
    assert book.url in page.text and 'id="addressbooks"' in page.text
    assert api.delete(f"/api/addressbooks/{body['id']}").status_code == 200
    assert api.get("/api/addressbooks").json() == []


def test_a_card_changed_during_the_sync_is_refused_not_overwritten(book: CardDAVBook) -> None:
    from rapport.services.calendar_fetch import SyncFailure
    from rapport.services.carddav_fetch import CardDAV

    book.put("anna", vcard("anna-1", "Anna Berg"))
    dav = CardDAV(book.url, USER, PASSWORD)
    ((href, (text, etag)),) = dav.fetch(list(dav.listing(None).etags)).items()
    book.put("anna", vcard("anna-1", "Anna Berg", phone="+47 2"))  # edited meanwhile
    with pytest.raises(SyncFailure, match=r"card anna\.vcf changed on the server during the sync"):
        dav.put(href, text.replace("Anna Berg", "Anna B."), etag)
    assert "+47 2" in book.get("anna")


def test_the_scheduled_sync_job_syncs_address_books(
    container: Container, acme: Client, book: CardDAVBook
) -> None:
    from rapport.services.sync_schedule import submit_if_due

    assert submit_if_due(container.sync_sources, container.jobs) is None  # nothing to sync yet
    book.put("anna", vcard("anna-1", "Anna Berg", email="anna@acme.test"))
    container.contact_sync.add(book.url, username=USER, password=PASSWORD)
    job = submit_if_due(
        container.sync_sources, container.jobs
    )  # an address book alone is reason enough
    assert job is not None
    runner: Any = container.jobs
    done = runner.wait(job, timeout=120)
    (source,) = done.result["sources"]
    assert (source["kind"], source["created"], source["error"]) == ("carddav", 1, None)
    assert "Anna Berg" in _contacts(container)
