"""/docs (Swagger UI) and /redoc (ReDoc) in a real Chromium with every request outside
Rapport blocked: they render from Rapport's own files under its Content Security Policy,
/docs has the Authorize button for the bearer token, and a call made from /docs with a
token gets the API's answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import make_account
from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server, watch

pytestmark = pytest.mark.browser

if not os.path.exists(CHROMIUM):  # pragma: no cover - CI installs it
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(sqlite_template, tmp_path) as live:
        yield live
    assert not live.errors, live.errors


def _offline_page(browser: Any, server: LiveServer) -> tuple[Any, list[str]]:
    """A page whose requests anywhere but Rapport fail (and are listed)."""
    outside: list[str] = []
    context = browser.new_context()

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(server.url):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page = watch(context.new_page(), server.errors)
    page.set_default_timeout(15_000)
    return page, outside


def test_swagger_ui_works_offline_with_the_authorize_button(server: LiveServer) -> None:
    from playwright.sync_api import sync_playwright

    token = make_account(server.container, "docs-owner", "owner")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page, outside = _offline_page(browser, server)
        page.goto(f"{server.url}/docs")
        page.wait_for_selector(".swagger-ui .info .title")
        assert "Rapport" in page.inner_text(".swagger-ui .info .title")
        page.click("button.authorize")
        page.fill(".auth-container input[type=text], .auth-container input", token)
        page.click(".auth-btn-wrapper button.authorize")
        page.click("button.btn-done")
        # Call GET /api/me from the page ("Try it out", "Execute").
        operation = page.locator("#operations-accounts-me_api_me_get")
        operation.locator(".opblock-summary").click()
        operation.locator("button.try-out__btn").click()
        operation.locator("button.execute").click()
        # The server's answer (not the documented example, which is drawn first).
        body = operation.locator(".live-responses-table .response .microlight").first
        body.wait_for()
        assert '"docs-owner"' in body.inner_text()
        assert outside == []
        browser.close()


def test_redoc_renders_offline(server: LiveServer) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page, outside = _offline_page(browser, server)
        page.goto(f"{server.url}/redoc")
        page.locator("h2", has_text="Classify Lines").wait_for()
        assert "Rapport" in page.title()
        assert outside == []
        browser.close()
    # ReDoc's footer always shows Redocly's logo from their CDN; the policy blocks it (the
    # browser says so on the console), so nothing is fetched from outside.
    blocked = [e for e in server.errors if "https://cdn.redoc.ly/redoc/logo-mini.svg" in e]
    assert len(blocked) == 1 and "violates the following Content Security Policy" in blocked[0]
    server.errors.remove(blocked[0])
