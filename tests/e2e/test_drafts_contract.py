"""The drafts contract of issue 12 over the command line, the API and the web page: every
draft kind in every language is signed with the profile name, greets the contact with the
form of address set for them, never proposes a date in the past, and the delegate briefing
asks for an answer by the working day after the meeting."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.model import LANGUAGES, Client, ClientKind, Contact
from rapport.drafts import KINDS, date_text
from tests.conftest import RunCli


def test_every_kind_in_every_language_is_signed_with_the_name(cli: RunCli) -> None:
    cli("clients", "add", "Fjordlys AS", "--language", "nb", "--timezone", "Europe/Oslo")
    cli("contacts", "add", "Marte Lie", "--client", "Fjordlys AS")
    due = (now() - timedelta(days=3)).date().isoformat()
    added = cli(
        "commitment", "add", "--client", "Fjordlys AS", "--text", "Send the plan", "--due", due
    )
    assert added.returncode == 0, added.stderr
    assert cli("settings", "set", "name", "Ann Example").returncode == 0
    for lang in LANGUAGES:
        for kind in KINDS:
            out = cli("draft", kind, "--client", "Fjordlys AS", "--lang", lang, "--json")
            assert out.returncode == 0, (kind, lang, out.stderr)
            draft = json.loads(out.stdout)
            assert draft["subject"] and draft["body"]
            assert "Me\n" not in draft["body"] and "{" not in draft["body"]
            if kind not in ("boundary_reset", "redirect", "wrap_up"):
                assert "Ann Example" in draft["body"], (kind, lang, draft["body"])
    # the overdue promise: an apology and a new date from today on
    nb = json.loads(cli("draft", "early_notice", "--client", "Fjordlys AS", "--json").stdout)
    assert "Jeg beklager både forsinkelsen og at du får beskjed først nå" in nb["body"]
    assert nb["body"].startswith("Hei Marte,\n")
    # a cheerful check-in while a promise is overdue: the note says to send the notice first
    checked = cli("draft", "check_in", "--client", "Fjordlys AS", "--lang", "en")
    assert "is still waiting for a promise that is overdue" in checked.stderr, checked.stderr


def test_a_new_date_in_the_past_is_refused_everywhere(
    cli: RunCli, api: Any, container: Container
) -> None:
    client = container.workspace.add(Client(name="Fjordlys AS", language="nb"))
    past = (now() - timedelta(days=10)).date().isoformat()
    out = cli("draft", "deviation", "--client", "Fjordlys AS", "--new-date", past)
    assert out.returncode == 1
    assert (
        out.stderr.strip() == f"error: --new-date {past} is in the past: give today or a later date"
    )
    response = api.post("/api/drafts/deviation", json={"client": "Fjordlys AS", "new_date": past})
    assert response.status_code == 422 and "in the past" in response.text
    page = api.get(
        f"/clients/{client.id}/draft", params={"kind": "deviation", "new_date": past, "lang": "nb"}
    )
    assert page.status_code == 422 and "tilbake i tid" in page.text


def test_the_form_of_address_set_for_a_contact_is_used(
    cli: RunCli, api: Any, container: Container
) -> None:
    ws = container.workspace
    hoa = ws.add(Client(name="Công ty Hoa Sen", language="vi", timezone="Asia/Ho_Chi_Minh"))
    contact = ws.add(Contact(client_id=hoa.id or 0, name="Vũ Minh Anh"))
    shown = json.loads(cli("contacts", "address", str(contact.id), "--json").stdout)
    assert shown["greeting"] == "Kính gửi chị Minh Anh," and shown["chosen"] is False
    assert cli("contacts", "address", str(contact.id), "--form", "ba").returncode == 0
    body = json.loads(cli("draft", "check_in", "--client", "Công ty Hoa Sen", "--json").stdout)[
        "body"
    ]
    assert body.startswith("Kính gửi bà Minh Anh,\n") and " bà " in body and "chị" not in body
    bad = cli("contacts", "address", str(contact.id), "--form", "madam")
    assert bad.returncode == 1 and "unknown form of address 'madam'" in bad.stderr
    # the web form changes it too, and the client page shows the greeting drafts use
    saved = api.post(
        f"/contacts/{contact.id}/address",
        data={"address_form": "anh", "address_name": "Tuấn"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = api.get(f"/clients/{hoa.id}")
    assert "Kính gửi anh Tuấn," in page.text
    # a private Japanese client: the name once, with 様, no company line
    ws.add(Client(name="佐藤 健一", kind=ClientKind.PERSON, language="ja", timezone="Asia/Tokyo"))
    ja = json.loads(cli("draft", "feedback", "--client", "佐藤 健一", "--json").stdout)["body"]
    assert ja.startswith("佐藤 健一様\n") and ja.count("佐藤") == 1


def test_the_delegate_briefing_answers_by_the_day_after_the_meeting(cli: RunCli) -> None:
    cli("clients", "add", "Sakura KK", "--language", "ja", "--timezone", "Asia/Tokyo")
    cli("settings", "set", "name", "Ann Example")
    meeting = (now() + timedelta(days=14)).date()
    while meeting.weekday() != 2:  # a Wednesday: the answer is due on Thursday
        meeting += timedelta(days=1)
    out = cli(
        "draft", "delegate", "--client", "Sakura KK", "--colleague", "Ola Nordmann",
        "--start", f"{meeting.isoformat()}T10:00", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    briefing = json.loads(out.stdout)["briefing"]
    assert date_text(meeting + timedelta(days=1), "en") in briefing
    assert "Japanese" in briefing and "日本語" not in briefing


def test_the_api_stores_and_checks_the_form_of_address(api: Any, container: Container) -> None:
    client = container.workspace.add(Client(name="上海明远科技", language="zh-Hans"))
    made = api.post(
        "/api/contacts",
        json={"client_id": client.id, "name": "张敏", "address_form": "zong"},
    )
    assert made.status_code == 201, made.text
    contact = made.json()
    assert contact["address_form"] == "zong" and contact["address_name"] is None
    bad = api.patch(f"/api/contacts/{contact['id']}", json={"address_form": "madam"})
    assert bad.status_code == 422 and "unknown form of address" in bad.text
    draft = api.post("/api/drafts/check_in", json={"client": "上海明远科技"}).json()
    assert draft["body"].startswith("张总，您好！\n")


def test_a_meeting_time_is_written_in_the_clients_own_zone(cli: RunCli) -> None:
    """A meeting at 14:00 Oslo time reads "kl. 14.00" to an Oslo client, and the zone is
    named (by the country) only when the writer is elsewhere."""
    cli("clients", "add", "Fjordlys AS", "--language", "nb", "--timezone", "Europe/Oslo")
    cli("contacts", "add", "Marte Lie", "--client", "Fjordlys AS")
    start = (now() + timedelta(days=10)).date().isoformat() + "T14:00"
    assert cli("settings", "set", "time_zone", "Europe/Oslo").returncode == 0
    out = cli("draft", "reschedule", "--client", "Fjordlys AS", "--start", start, "--json")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)["body"]
    assert "kl. 14.00" in body and "norsk tid" not in body, body
    assert cli("settings", "set", "time_zone", "Europe/London").returncode == 0
    out = cli("draft", "shorten", "--client", "Fjordlys AS", "--start", start, "--json")
    body = json.loads(out.stdout)["body"]
    assert "kl. 14.00 (norsk tid)" in body, body


def test_reschedule_offers_the_times_given_and_wrap_up_never_a_past_next_meeting(
    cli: RunCli,
) -> None:
    cli("clients", "add", "Brightwell Legal", "--language", "en", "--timezone", "Europe/London")
    day = now().date() + timedelta(days=10)
    start = f"{day.isoformat()}T10:00"
    slot = f"{(day + timedelta(days=1)).isoformat()}T15:00"
    out = cli(
        "draft",
        "reschedule",
        "--client",
        "Brightwell Legal",
        "--start",
        start,
        "--slot",
        slot,
        "--json",
    )
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)["body"]
    assert "at 15:00" in body and "Would one of these times work for you" in body
    before = (day - timedelta(days=1)).isoformat()
    out = cli(
        "draft", "wrap_up", "--client", "Brightwell Legal", "--start", start, "--next", before
    )
    assert out.returncode == 1
    assert "must come after this one" in out.stderr
