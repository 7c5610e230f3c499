"""Browser test: add a webhook on the Integrations page, see its secret once, send a test
event to a real receiver on loopback and remove it, in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.crypto import webhook_signing
from tests.e2e.browser_support import LiveServer
from tests.e2e.test_web_browser import browser, page, server  # noqa: F401 (fixtures)
from tests.webhook_receiver import receiver

pytestmark = pytest.mark.browser


def test_add_test_and_remove_a_webhook(page: Any, server: LiveServer) -> None:  # noqa: F811
    with receiver() as r:
        page.goto(server.url + "/integrations")
        assert page.get_by_text("No webhooks yet.").is_visible()
        page.get_by_role("textbox", name="Address (http or https)").fill(r.url)
        page.get_by_role("checkbox", name="promise.created").check()
        page.get_by_role("button", name="Add", exact=True).last.click()
        secret = page.locator("#webhook-secret").input_value()
        assert secret.startswith("whsec_")
        row = page.locator("#webhooks tbody tr")
        assert r.url in row.inner_text() and "promise.created" in row.inner_text()
        page.get_by_role("button", name="Send a test").click()
        page.wait_for_url("**pinged=1*")
        assert "Test event queued." in page.get_by_role("status").first.inner_text()
        assert page.locator("#webhook-secret").count() == 0  # shown once only
        (received,) = r.wait_for(1)
        assert received.json["type"] == "ping"
        assert webhook_signing.verify(secret, received.body, received.headers["Rapport-Signature"])
        page.get_by_role("button", name="Remove", exact=True).click()
        page.wait_for_url("**unhooked=1*")
        assert page.get_by_text("No webhooks yet.").is_visible()
    assert server.container.webhooks.all_webhooks() == []
