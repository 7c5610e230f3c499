"""Browser test: apologise for an overdue promise and re-commit, in headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from rapport.domain import commitments as ledger
from rapport.domain.model import Commitment, CommitmentStatus
from tests.e2e.browser_support import LiveServer
from tests.e2e.test_web_browser import browser, page, server  # noqa: F401 (fixtures)
from tests.e2e.web_support import seed

pytestmark = pytest.mark.browser


def test_apologise_for_an_overdue_promise_and_recommit(page: Any, server: LiveServer) -> None:  # noqa: F811
    ids = seed(server.container.workspace)
    overdue = ids["promise"]
    page.goto(server.url + "/today")
    page.get_by_role("link", name="Apologise and re-commit").first.click()
    page.wait_for_url(f"**/promises/{overdue}/recommit")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Apologise to Fjord Design AS and re-commit"
    )
    draft = page.locator("textarea").first
    assert "send the revised estimate" in draft.input_value()  # the drafted apology (nb)
    page.get_by_role("textbox", name="New date").fill("2031-03-01")
    page.get_by_role("button", name="I apologised and re-committed").click()
    page.wait_for_url("**saved=recommitted*")
    assert "marked missed" in page.get_by_role("status").first.inner_text()
    ws = server.container.workspace
    assert ws.get(Commitment, overdue).status is CommitmentStatus.MISSED
    again = [c for c in ws.list(Commitment) if ledger.replaced_id(c) == overdue]
    assert len(again) == 1 and again[0].due_at.year == 2031
