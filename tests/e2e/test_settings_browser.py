"""Browser test: the first visit leads to the settings page, the name is saved there, and
the drafts on the client page are signed with it (headless Chromium, a live server)."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.domain.model import Client, Contact
from tests.e2e.browser_support import LiveServer
from tests.e2e.test_web_browser import browser, page, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_first_visit_sets_the_name_and_drafts_are_signed_with_it(
    page: Any,  # noqa: F811
    server: LiveServer,  # noqa: F811
) -> None:
    ws = server.container.workspace
    client = ws.add(Client(name="Fjordlys AS", language="nb", timezone="Europe/Oslo"))
    ws.add(Contact(client_id=client.id or 0, name="Marte Lie"))
    page.goto(server.url + "/clients")
    notice = page.get_by_role("note")
    assert "not set yet" in notice.inner_text()
    notice.get_by_role("link", name="Set your name and profile").click()
    page.wait_for_url("**/settings")
    page.get_by_label("Your name").fill("Ann Example")
    page.get_by_label("Company").fill("Example AS")
    page.get_by_label("Time zone").fill("Mars/Base")
    page.get_by_role("button", name="Save").click()
    assert "Mars/Base" in page.get_by_text("unknown time zone").inner_text()
    # the page answered 422 (a bad value); Chromium logs that document as a console error
    expected = "console error: Failed to load resource: the server responded with a status of 422"
    assert [e for e in server.errors if e.startswith(expected)] == server.errors
    server.errors.clear()
    page.get_by_label("Time zone").fill("Europe/Oslo")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/settings?saved=1")
    assert page.get_by_role("status").inner_text() == "Saved."
    assert page.get_by_role("note").count() == 0
    page.goto(server.url + f"/clients/{client.id}/draft?kind=check_in")
    body = page.locator("textarea").first.input_value()
    assert body.startswith("Hei Marte,") and "Ann Example" in body
    # the header links to the settings page from every page, in every language
    page.goto(server.url + "/today?lang=ja")
    page.get_by_role("link", name="設定").click()
    page.wait_for_url("**/settings")
    assert page.get_by_label("お名前").input_value() == "Ann Example"
