"""Browser test: a reminder that falls due while Rapport is open appears in headless
Chromium, once: as the in-page banner when notifications are not allowed, and as a system
notification (the Notification API) when they are (docs/integrations.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from rapport.clock import now
from rapport.domain.model import Client, Commitment
from tests.e2e.browser_support import LiveServer, wait_until
from tests.e2e.test_web_browser import browser, page, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

RECORDER = """
(() => {
  window.__shown = [];
  class Recorder {
    constructor(title, options) { window.__shown.push({title, body: (options || {}).body}); }
    static get permission() { return "granted"; }
    static requestPermission() { return Promise.resolve("granted"); }
  }
  window.Notification = Recorder;
})();
"""


def _due_promise(live: LiveServer) -> None:
    c = live.container
    c.profile.set("quiet_hours", "off")
    acme = c.workspace.add(Client(name="Acme"))
    assert acme.id is not None
    c.workspace.add(
        Commitment(
            client_id=acme.id,
            text="Send the estimate",
            due_at=now() + timedelta(hours=2),
            made_at=now() - timedelta(days=1),
        )
    )


def test_the_banner_shows_a_due_reminder_once(page: Any, server: LiveServer) -> None:  # noqa: F811
    _due_promise(server)
    page.goto(server.url + "/today")
    banner = page.locator("#notice-banner")
    banner.wait_for()
    assert "Send the estimate (Acme)" in banner.inner_text()
    assert banner.get_attribute("role") == "status"
    page.get_by_role("button", name="Close").click()
    assert page.locator("#notice-banner").count() == 0
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("#notice-banner").count() == 0  # each reminder comes once


def test_a_permitted_browser_gets_a_notification(page: Any, server: LiveServer) -> None:  # noqa: F811
    _due_promise(server)
    page.add_init_script(RECORDER)
    page.goto(server.url + "/digest?lang=nb")
    shown = wait_until(page, "window.__shown || []")
    assert len(shown) == 1
    assert shown[0]["title"].startswith("Løftet «Send the estimate» (Acme) forfaller ")
    assert page.locator("#notice-banner").count() == 0  # no banner when notified
    assert page.locator("#notify-permission").is_hidden()  # already allowed
