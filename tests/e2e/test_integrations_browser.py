"""Browser test: on the Integrations page an account address offers its calendars with
checkboxes, the ticked one is added and synced, and an unmatched organiser becomes a client
with one button (headless Chromium, a live server, a real Radicale)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser_support import LiveServer
from tests.e2e.test_web_browser import browser, page, server  # noqa: F401 - fixtures
from tests.sync_servers import PASSWORD, USER, CalDAV, day, event, radicale

pytestmark = pytest.mark.browser


@pytest.fixture
def account(tmp_path: Path) -> Iterator[str]:
    with radicale(tmp_path / "radicale") as url:
        yield url


def test_choose_calendars_then_make_a_client_from_the_review_list(
    page: Any,  # noqa: F811
    server: LiveServer,  # noqa: F811
    account: str,
) -> None:
    work, home = CalDAV(account, "work"), CalDAV(account, "home")
    try:
        work.put("intro", event("intro@x", day(-2), day(-2, "110000"), "Intro", ("kim@beta.test",)))
        page.goto(server.url + "/integrations")
        adding = page.get_by_role("region", name="Add a calendar")
        adding.get_by_label("Calendar link (CalDAV or .ics URL)").fill(account)
        adding.get_by_label("Username (optional)").fill(USER)
        adding.get_by_label("Password (optional)").fill(PASSWORD)
        adding.get_by_role("button", name="Add", exact=True).click()
        chooser = page.locator("#calendar-chooser")
        chooser.wait_for()  # the answer to the POST has loaded
        assert chooser.get_by_role("checkbox").count() == 2, page.locator("main").inner_text()
        chooser.get_by_label("work").check()
        chooser.get_by_role("button", name="Add the chosen calendars").click()
        page.wait_for_url("**/integrations?done=added")
        assert page.get_by_role("status").first.inner_text() == "Calendar added."
        assert [s.url for s in server.container.calendar_sync.sources()] == [work.url]

        page.get_by_role("button", name="Sync now").click()
        review = page.locator("#unmatched")
        review.wait_for()
        assert "kim@beta.test" in review.inner_text()
        review.get_by_role("textbox", name="Name").fill("Beta AS")
        review.get_by_role("button", name="Make client").click()
        page.wait_for_url("**/integrations?done=made")
        assert page.locator("#unmatched").count() == 0
        names = [c.name for c in server.container.workspace.list_clients()]
        assert "Beta AS" in names
        assert server.errors == []
    finally:
        work.close()
        home.close()
