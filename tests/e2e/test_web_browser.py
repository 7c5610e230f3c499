"""Browser tests: headless Chromium (Debian's) walks the main flows on a live server.

Run only these with ``pytest -m browser``. Any console error or page error fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rapport.i18n import gettext
from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server, watch
from tests.e2e.web_support import seed

pytestmark = pytest.mark.browser

if not os.path.exists(CHROMIUM):  # pragma: no cover - CI installs it (scripts/ensure-services.sh)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_template, tmp_path) as live:
        yield live
    assert not live.errors, live.errors


@pytest.fixture
def page(browser: Any, server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = watch(context.new_page(), server.errors)
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_add_a_client_and_find_it_in_the_list(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/")
    page.get_by_role("link", name="Add a client").first.click()
    page.get_by_label("Name").fill("Bergen Fisk AS")
    page.get_by_label("Language", exact=True).select_option("nb")
    page.get_by_label("Time zone").fill("Europe/Oslo")
    page.get_by_label("Origin").select_option("friend")
    page.get_by_role("button", name="Add client").click()
    page.wait_for_url("**/clients/*?saved=client")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bergen Fisk AS")
    assert page.get_by_role("status").inner_text() == "Saved."
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    page.get_by_label("Search by name").fill("bergen")
    page.get_by_role("button", name="Apply").click()
    assert page.get_by_role("link", name="Bergen Fisk AS").is_visible()


def test_a_mistake_keeps_the_form_and_focuses_the_field(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/clients/new")
    page.get_by_label("Email").fill("no-at-sign")
    page.get_by_label("Contact every (days)").fill("0")
    page.get_by_role("button", name="Add client").click()
    alert = page.get_by_role("alert")
    assert "Please correct the highlighted fields." in alert.inner_text()
    assert page.get_by_label("Email").input_value() == "no-at-sign"
    focused = page.evaluate("document.activeElement.id")
    assert focused == "client-name"
    # The page itself answered 422 (the form had mistakes); Chromium logs every 4xx
    # document as a console error. That one is expected; anything else still fails.
    expected = "console error: Failed to load resource: the server responded with a status of 422"
    assert [e for e in server.errors if e.startswith(expected)] == [server.errors[0]]
    server.errors.clear()


def test_switch_language_with_the_picker(page: Any, server: LiveServer) -> None:
    seed(server.container.workspace)
    page.goto(server.url + "/clients")
    page.get_by_label("Page language").select_option("ja")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**lang=ja")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text() == gettext("web", "ja", "Clients")
    # the choice is remembered without the address parameter
    page.goto(server.url + "/clients")
    assert page.locator("html").get_attribute("lang") == "ja"


def test_keyboard_skip_link_and_log_an_interaction(page: Any, server: LiveServer) -> None:
    ids = seed(server.container.workspace)
    page.goto(f"{server.url}/clients/{ids['lee']}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    page.get_by_text("Log an interaction").click()
    page.get_by_label("Duration (minutes)").fill("45")
    page.get_by_label("Business minutes").fill("40")
    page.get_by_label("Personal minutes").fill("5")
    page.get_by_label("Summary").fill("Quarterly review")
    page.get_by_role("button", name="Save interaction").click()
    page.wait_for_url("**saved=interaction*")
    assert page.get_by_text("Quarterly review").is_visible()
    assert page.get_by_text("40 min business, 5 min personal").first.is_visible()
