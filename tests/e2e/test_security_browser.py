"""Logging in and out in a real browser: the login page, the CSRF field added to the pages'
forms, the logout button (docs/security.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_PASSWORD
from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server, watch

pytestmark = pytest.mark.browser

if not os.path.exists(CHROMIUM):  # pragma: no cover - CI installs it
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_template, tmp_path) as live:
        yield live
    assert not live.errors, live.errors


def test_log_in_add_a_client_and_log_out(server: LiveServer) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page: Any = watch(browser.new_page(locale="en-GB"), server.errors)
        page.set_default_timeout(10_000)
        page.goto(f"{server.url}/clients/new")
        assert "/login" in page.url
        page.fill("#password", "wrong password")
        page.click("main button[type=submit]")
        assert (
            page.get_by_role("alert").inner_text() == "Wrong password."
        )  # no name field in single-user mode
        # The refused login answers 401, which the browser logs; that one is expected.
        assert server.errors == [
            "console error: Failed to load resource: the server responded with a status "
            "of 401 (Unauthorized)"
        ]
        server.errors.clear()
        page.fill("#password", TEST_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{server.url}/clients/new")
        # The form posts with the CSRF field the server added to it.
        page.fill("input[name=name]", "Nordlys AS")
        page.get_by_role("button", name="Add client").click()
        page.wait_for_load_state()
        assert "Nordlys AS" in page.content()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(f"{server.url}/login")
        page.goto(f"{server.url}/clients")
        assert "/login" in page.url
        browser.close()
