"""Browser test: correct an utterance's label on a stored meeting and see the personal
share follow (headless Debian Chromium; the fixtures are those of test_web_browser)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.e2e import test_web_browser as shared
from tests.e2e.browser_support import LiveServer
from tests.e2e.web_support import TRANSCRIPT, seed

pytestmark = pytest.mark.browser
browser, server, page = shared.browser, shared.server, shared.page  # the same fixtures

SUPPLIER = 4
"""'We need to decide on the supplier for the brochures before Friday.' (2 of 8.5 min)"""


def test_change_a_label_and_see_the_personal_share_follow(page: Any, server: LiveServer) -> None:
    c = server.container
    ids = seed(c.workspace)
    conversation = c.conversation
    analysis = conversation.analyse(
        TRANSCRIPT.encode(), "kickoff.vtt", client=ids["fjord"], me="Me", on=date(2026, 11, 20)
    )
    aid = conversation.save(analysis, TRANSCRIPT.encode(), "kickoff.vtt", ids["fjord"]).analysis_id
    model = c.corrections.utterances(aid)[SUPPLIER - 1].label
    target, name = ("business", "Business") if model == "personal" else ("personal", "Personal")

    page.goto(f"{server.url}/transcripts/{aid}")
    label = page.get_by_text("Personal talk", exact=True)
    share = page.locator(".stat").filter(has=label).locator(".stat-value")
    before = share.inner_text()
    page.get_by_text("Every utterance").click()
    row = page.locator(f"#utterance-{SUPPLIER}")
    row.get_by_label(f"Label of utterance {SUPPLIER}").select_option(target)
    row.get_by_role("button", name="Save label").click()
    page.wait_for_url(f"**/transcripts/{aid}?relabelled={SUPPLIER}*")

    stored = conversation.get(aid)
    expected = f"{round(stored.result['metrics']['personal_share'] * 100)}%"
    assert share.inner_text() == expected != before
    assert page.get_by_role("status").filter(has_text="Label changed").is_visible()
    row = page.locator(f"#utterance-{SUPPLIER}")
    assert name in row.inner_text() and "Corrected by you" in row.inner_text()
    assert [x.utterance for x in stored.corrections] == [SUPPLIER]

    # Back to the labeller's label: the share is as it was.
    row.get_by_label(f"Label of utterance {SUPPLIER}").select_option("reset")
    row.get_by_role("button", name="Save label").click()
    page.wait_for_url(f"**/transcripts/{aid}?relabelled={SUPPLIER}*")
    assert share.inner_text() == before
    assert conversation.get(aid).corrections == ()
