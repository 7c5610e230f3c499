"""Browser test: the owner makes a client's booking address on the client page, and the
client, not logged in, books a slot on it in headless Chromium, then cancels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from rapport.domain.model import Client, Interaction, InteractionKind, Tier
from tests.e2e.browser_support import LiveServer, watch
from tests.e2e.test_web_browser import browser, page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_a_client_books_a_slot_in_the_browser(
    page: Any,  # noqa: F811
    browser: Any,  # noqa: F811
    server: LiveServer,  # noqa: F811
) -> None:
    client = server.container.workspace.add(
        Client(name="Sakura KK", language="ja", timezone="Asia/Tokyo", tier_override=Tier.A)
    )
    # something else in the calendar: 30 minutes before it is a start with only 30 minutes
    soon = server.container.booking.offer(client).slots[3].start
    server.container.workspace.add(
        Interaction(
            client_id=client.id or 0,
            kind=InteractionKind.CALL,
            started_at=soon + timedelta(minutes=30),
            duration_min=60,
            source="calendar",
        )
    )
    page.goto(f"{server.url}/clients/{client.id}")
    page.locator("#make-booking-link").click()
    page.wait_for_url(f"**/clients/{client.id}*")
    url = page.locator("#booking-url").input_value()
    assert "/book/" in url

    visitor = browser.new_context(locale="ja-JP")  # the client: no login
    tab = watch(visitor.new_page(), server.errors)
    tab.set_default_timeout(60_000)
    tab.goto(url)
    assert tab.get_by_role("heading", level=1).inner_text().endswith("とのお打ち合わせのご予約")
    # a start with only 30 minutes before busy time: longer lengths cannot be picked
    chosen = tab.locator('#slot option[data-lengths="30"]').first.get_attribute("value")
    tab.locator("#slot").select_option(chosen)
    assert tab.locator('#length option[value="60"]').is_disabled()
    assert tab.locator("#length").input_value() == "30"
    tab.locator("#format").select_option("video")
    tab.get_by_label("お名前").fill("佐藤 花子")
    tab.get_by_label("メールアドレス").fill("sato@example.jp")
    tab.locator("#topic").fill("来期の計画")
    tab.locator("#book").click()
    tab.wait_for_url("**/done/**")
    assert tab.locator("#booking-done").inner_text() == "打ち合わせのご予約を承りました"
    (booked,) = server.container.booking.bookings()
    assert booked.start == chosen and booked.minutes == 30 and booked.name == "佐藤 花子"
    tab.locator("#cancel-booking").click()
    tab.wait_for_selector("#booking-cancelled")
    assert server.container.booking.bookings()[0].status == "cancelled"
    visitor.close()
