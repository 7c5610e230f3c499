"""The booking page through a real ``rapport serve`` (docs/integrations.md "Booking page"):
no login, the client's language, a booking by form, concurrent bookings of one slot make
exactly one booking, the confirmation and the client's cancel; the CLI (table and JSON)
and the API. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from rapport.bootstrap import build
from rapport.config import Settings
from rapport.domain.model import Client, Tier
from tests.conftest import RunCli
from tests.live_server import LiveServer

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SLOT = re.compile(r'<option value="([^"]+)" data-lengths="([^"]+)"')


def _form(page: httpx.Response) -> tuple[str, str, int]:
    csrf = CSRF.search(page.text)
    slot = SLOT.search(page.text)
    assert csrf and slot, page.text[:500]
    return csrf.group(1), slot.group(1), int(slot.group(2).split()[0])


def _book(
    http: httpx.Client, url: str, slot: str, minutes: int, fmt: str, n: int
) -> httpx.Response:
    """A visitor's booking: the page (for the form's token), then the form."""
    csrf, _first, _len = _form(http.get(url))
    return http.post(
        url,
        data={
            "csrf_token": csrf,
            "slot": slot,
            "length": str(minutes),
            "format": fmt,
            "name": f"Visitor {n}",
            "email": f"v{n}@example.jp",
            "topic": "Roadmap",
        },
    )


def _post(url: str, minutes: int, slot: str, n: int) -> int:
    with httpx.Client(timeout=60) as http:
        return _book(http, url, slot, minutes, "call", n).status_code


@pytest.mark.slow
def test_booking_page_on_a_real_server(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    container = build(Settings(database_url=db_url, data_dir=data))
    client = container.workspace.add(
        Client(name="Sakura KK", language="ja", timezone="Asia/Tokyo", tier_override=Tier.A)
    )
    try:
        with LiveServer(db_url, data) as server:
            url = container.booking.url(client.id or 0, server.base_url).url
            page = httpx.get(url, timeout=30)  # no credentials at all
            assert page.status_code == 200
            assert "打ち合わせ" in page.text and 'lang="ja"' in page.text
            # the zone by a name people use, never the raw IANA id; ja slots as 12月7日（月）9:00
            assert "日本時間、UTC+9" in page.text and "Asia/Tokyo" not in page.text
            assert re.search(r"<option value=[^>]+>\d+月\d+日（.）\d+:\d\d</option>", page.text)
            english = httpx.get(url, params={"lang": "en"}, timeout=30)
            assert "Book a meeting" in english.text
            assert "Japan time, UTC+9" in english.text
            # day-month order and a 24-hour clock: "Monday 7 December at 09:00"
            assert re.search(r">[A-Z][a-z]+day \d+ [A-Z][a-z]+ at \d\d:\d\d</option>", english.text)
            assert httpx.get(f"{server.base_url}/book/not-a-token", timeout=30).status_code == 404

            # a form without its cookie's token is refused
            _csrf, slot, minutes = _form(page)
            forged = httpx.post(url, data={"csrf_token": "x", "slot": slot}, timeout=30)
            assert forged.status_code == 403

            # eight visitors at once for the same slot: exactly one booking
            with ThreadPoolExecutor(8) as pool:
                codes = list(pool.map(lambda n: _post(url, minutes, slot, n), range(8)))
            assert codes.count(303) == 1, codes
            assert set(codes) <= {303, 409}, codes
            listed = server.client.get("/api/bookings").json()
            assert len(listed) == 1 and listed[0]["start"].startswith(slot[:16])
            assert listed[0]["steps"]["triage"] is None
            assert listed[0]["steps"]["calendar"]  # no booking calendar: said, booking stands

            # the visitor who got it sees the confirmation and can cancel
            with httpx.Client(timeout=60) as http:
                csrf, slot2, minutes2 = _form(http.get(url))
                done = _book(http, url, slot2, minutes2, "video", 99)
                assert done.status_code == 303
                confirmation = http.get(f"{server.base_url}{done.headers['location']}")
                assert "打ち合わせのご予約を承りました" in confirmation.text
                # the letter's wording: 12月15日（火）14:00, no seconds, no zone name
                assert re.search(
                    r"\d{1,2}月\d{1,2}日（[月火水木金]）\d{1,2}:\d\d", confirmation.text
                )
                assert "日本標準時" not in confirmation.text and "秒" not in confirmation.text
                cancel_action = re.search(
                    r'<form method="post" action="([^"]+)"', confirmation.text
                )
                assert cancel_action
                signature = re.search(r'name="s" value="([^"]+)"', confirmation.text)
                assert signature
                cancelled = http.post(
                    f"{server.base_url}{cancel_action.group(1)}",
                    data={"csrf_token": csrf, "s": signature.group(1)},
                )
                assert cancelled.status_code == 303
                after = http.get(f"{server.base_url}{cancelled.headers['location']}")
                assert "打ち合わせを取り消しました" in after.text
            statuses = sorted(b["status"] for b in server.client.get("/api/bookings").json())
            assert statuses == ["booked", "cancelled"]

            # the API: the link, a reset (old address 404), cancelling as the owner
            link = server.client.get(f"/api/clients/{client.id}/booking-link").json()
            assert link["url"].startswith(server.base_url) and link["url"].endswith(
                url.rsplit("/", 1)[1]
            )
            fresh = server.client.post(f"/api/clients/{client.id}/booking-link/reset").json()
            assert fresh["url"] != link["url"]
            assert httpx.get(url, timeout=30).status_code == 404
            first = listed[0]["id"]
            assert server.client.delete(f"/api/bookings/{first}").json()["status"] == "cancelled"
            assert server.client.delete("/api/bookings/999999").status_code == 404
    finally:
        container.close()


def test_cli_link_list_and_cancel(container: object, cli: RunCli) -> None:
    from rapport.bootstrap import Container

    assert isinstance(container, Container)
    client = container.workspace.add(Client(name="Fjord AS", language="nb", tier_override=Tier.C))
    out = cli("booking", "link", "Fjord AS", "--base", "https://r.example")
    assert out.returncode == 0, out.stdout + out.stderr
    url = out.stdout.strip().splitlines()[-1]
    assert url.startswith("https://r.example/book/")
    data = json.loads(cli("booking", "link", "Fjord AS", "--json").stdout)
    assert data["client"] == "Fjord AS" and data["url"].endswith(url.rsplit("/", 1)[1])
    reset = json.loads(cli("booking", "link", "Fjord AS", "--reset", "--json").stdout)
    assert reset["url"].rsplit("/", 1)[1] != url.rsplit("/", 1)[1]
    assert "No bookings yet." in cli("booking", "list").stdout
    offer = container.booking.offer(client)
    booked = container.booking.book(
        client,
        start=offer.slots[0].start,
        minutes=15,
        meeting_format="call",
        name="Kari",
        email="kari@fjord.no",
    )
    table = cli("booking", "list").stdout
    assert "Fjord AS" in table and "Kari" in table
    rows = json.loads(cli("booking", "list", "--json").stdout)
    assert rows[0]["id"] == booked.id and rows[0]["format"] == "call"
    assert rows[0]["steps"]["invitation"]
    done = cli("booking", "cancel", str(booked.id))
    assert done.returncode == 0 and f"Booking {booked.id} cancelled" in done.stdout
    missing = cli("booking", "cancel", "424242")
    assert missing.returncode != 0 and "no booking 424242" in missing.stderr
    assert cli("booking", "calendar", "77").returncode != 0


def test_the_client_page_shows_the_link_with_a_copy_button_and_the_bookings(
    container: object, api: object
) -> None:
    from fastapi.testclient import TestClient

    from rapport.bootstrap import Container

    assert isinstance(container, Container) and isinstance(api, TestClient)
    client = container.workspace.add(Client(name="Gamma", tier_override=Tier.B))
    page = api.get(f"/clients/{client.id}")
    assert page.status_code == 200 and 'id="make-booking-link"' in page.text
    made = api.post(f"/clients/{client.id}/booking-link", follow_redirects=False)
    assert made.status_code == 303
    page = api.get(f"/clients/{client.id}")
    url = re.search(r'id="booking-url" type="text" readonly value="([^"]+)"', page.text)
    assert url and "/book/" in url.group(1)
    assert 'data-copy="booking-url"' in page.text
    offer = container.booking.offer(client)
    container.booking.book(
        client,
        start=offer.slots[0].start,
        minutes=30,
        meeting_format="video",
        name="Gro",
        email="gro@gamma.no",
    )
    assert "Gro" in api.get(f"/clients/{client.id}").text
    api.post(f"/clients/{client.id}/booking-link?reset=1", follow_redirects=False)
    again = api.get(f"/clients/{client.id}").text
    assert url.group(1) not in again


def test_nothing_fits_says_so_and_offers_to_write(container: object, anonymous_api: object) -> None:
    from fastapi.testclient import TestClient

    from rapport.bootstrap import Container

    assert isinstance(container, Container) and isinstance(anonymous_api, TestClient)
    client = container.workspace.add(
        Client(name="Full AS", language="nb", tier_override=Tier.A, monthly_meeting_hours_cap=0)
    )
    url = container.booking.url(client.id or 0, "http://testserver").url
    page = anonymous_api.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200
    assert 'id="booking-empty"' in page.text and "Send oss gjerne en melding i stedet" in page.text
    assert 'id="booking-form"' not in page.text


def test_booking_posts_are_limited_per_address_as_logins_are(
    container: object, anonymous_api: object
) -> None:
    from fastapi.testclient import TestClient

    from rapport.bootstrap import Container

    assert isinstance(container, Container) and isinstance(anonymous_api, TestClient)
    client = container.workspace.add(Client(name="Many AS", tier_override=Tier.A))
    path = container.booking.url(client.id or 0, "").url
    csrf, slot, _minutes = _form(anonymous_api.get(path))
    limit = container.settings.login_max_failures_per_address
    codes = [
        anonymous_api.post(path, data={"csrf_token": csrf, "slot": slot, "length": "7"}).status_code
        for _ in range(limit + 1)
    ]
    assert codes[:limit] == [422] * limit  # not on offer, but each one a try
    assert codes[-1] == 429


def test_in_team_mode_the_page_books_without_any_account(db_url: str, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from rapport.web.app import create_app

    if not db_url.startswith("postgresql"):
        pytest.skip("team mode runs on PostgreSQL only")
    settings = Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        mode="team",
        secret_key="a-test-secret-key-that-is-long-enough-for-team-mode",
    )
    container = build(settings)
    try:
        client = container.workspace.add(Client(name="Team KK", tier_override=Tier.B))
        path = container.booking.url(client.id or 0, "").url
        with TestClient(create_app(container), follow_redirects=False) as anonymous:
            csrf, slot, minutes = _form(anonymous.get(path))
            done = anonymous.post(
                path,
                data={
                    "csrf_token": csrf,
                    "slot": slot,
                    "length": str(minutes),
                    "format": "video",
                    "name": "Tove",
                    "email": "tove@team.no",
                },
            )
            assert done.status_code == 303, done.text[:300]
            assert anonymous.get(done.headers["location"]).status_code == 200
        (booked,) = container.booking.bookings()
        assert booked.steps["triage"] is None and booked.steps["agenda"] is None
    finally:
        container.close()
