"""Browser tests: headless Chromium (Debian's) walks the main flows on a live server.

Run only these with ``pytest -m browser``. Any console error or page error fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rapport.i18n import gettext
from tests.e2e.browser_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    live_server,
    wait_until,
    watch,
)
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
    context.add_cookies(server.cookies())

    def offline(route: Any) -> None:  # everything must come from Rapport itself
        server.errors.append(f"request outside Rapport: {route.request.url}")
        route.abort()

    context.route(lambda url: not url.startswith(server.url), offline)
    tab = watch(context.new_page(), server.errors)
    # Generous: a waiting limit, not a speed check (CI machines can be busy).
    tab.set_default_timeout(60_000)
    tab.set_default_navigation_timeout(60_000)
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
    page.wait_for_url("**/clients?q=bergen*")
    found = page.get_by_role("link", name="Bergen Fisk AS")
    found.wait_for(state="visible")  # waits for the filtered list (fails after the timeout)
    assert found.is_visible()


def test_a_mistake_keeps_the_form_and_focuses_the_field(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/clients/new")
    page.get_by_label("Email").fill("no-at-sign")
    page.get_by_label("Contact every (days)").fill("0")
    page.get_by_role("button", name="Add client").click()
    alert = page.get_by_role("alert")
    assert "Please correct the highlighted fields." in alert.inner_text()
    assert page.get_by_label("Email").input_value() == "no-at-sign"
    # The page's script moves focus once it has run: wait for that (fails if it never does).
    assert wait_until(page, "document.activeElement?.id === 'client-name'")
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


def test_triage_a_request_and_get_an_editable_reply(page: Any, server: LiveServer) -> None:
    seed(server.container.workspace)
    page.goto(server.url + "/meetings/triage")
    page.get_by_label("Client", exact=True).select_option(label="Fjord Design AS")
    page.get_by_label("Proposed start").fill("2026-12-01T10:00")
    page.get_by_label("Proposed length (minutes)").fill("90")
    page.get_by_label("Format", exact=True).select_option("in_person")
    page.get_by_label("Travel time (minutes, both ways)").fill("60")
    page.get_by_label("Agenda items").fill("Budget: 20\nLaunch plan: 10")
    page.get_by_label("Your reason for wanting a change").select_option("overload")
    page.get_by_role("button", name="Get a recommendation").click()
    result = page.locator("#result")
    result.get_by_text("Recommendation").wait_for()  # the answer to the form post
    assert result.get_by_text("Recommendation").is_visible()
    assert result.locator(".reasons-list li").count() >= 1
    body = page.get_by_label("Message", exact=True)
    assert body.get_attribute("lang") is None  # the textarea sits in the draft's lang block
    assert page.locator(".draft").get_attribute("lang") == "nb"  # Fjord writes Norwegian
    body.fill(body.input_value() + "\nHilsen fra testen")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as .eml").click()
    saved = Path(download.value.path()).read_bytes()
    assert b"Hilsen fra testen" in saved


def test_run_a_live_meeting_and_log_it(page: Any, server: LiveServer) -> None:
    ids = seed(server.container.workspace)
    page.clock.install()
    page.goto(server.url + "/meetings/agenda")
    page.get_by_label("Client", exact=True).select_option(str(ids["lee"]))
    page.get_by_label("What you need to cover").fill("Budget review: 10\nLaunch plan: 8")
    page.get_by_label("Video meeting (add checkpoints)").check()
    page.get_by_role("button", name="Start live meeting").first.click()
    page.wait_for_url("**/meetings/live?*")
    assert page.locator("#live-current-title").inner_text().startswith("Opening")
    # From here on the page's clock moves only when the test moves it.
    page.clock.pause_at(datetime.now(UTC) + timedelta(minutes=1))
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(90_000)
    assert page.locator("#live-item-clock").inner_text() == "1:30"
    page.keyboard.press("n")
    page.clock.run_for(60_000)
    page.keyboard.press("d")  # drifted into personal talk
    assert "active" in (page.locator("#live-redirect").get_attribute("class") or "")
    page.clock.run_for(120_000)
    assert page.locator("#live-drift-clock").inner_text() == "2:00"
    page.get_by_role("button", name="We drifted into personal talk").click()  # back
    page.clock.run_for(150_000)  # the item's checkpoint at 5 minutes: its question as a nudge
    assert page.locator("#live-checkpoint").is_visible()
    assert page.locator("#live-checkpoint-question").inner_text().strip()
    page.clock.run_for(60_000)
    assert page.locator("#live-total-clock").inner_text() == "8:00"
    page.get_by_role("button", name="End meeting").click()
    assert page.locator("#live-checkpoint").is_hidden()  # no nudge after the meeting
    assert page.get_by_label("Duration (minutes)").input_value() == "8"
    assert page.get_by_label("Personal minutes").input_value() == "2"
    assert page.get_by_label("Business minutes").input_value() == "6"
    page.get_by_label("Promises I made").fill("Send the launch plan @ 2030-05-02")
    page.get_by_role("button", name="Log the meeting").click()
    page.wait_for_url(f"**/clients/{ids['lee']}?saved=meeting*")
    assert page.get_by_text("Send the launch plan").is_visible()
    logged = server.container.workspace.snapshot()
    meeting = next(i for i in logged.interactions if i.client_id == ids["lee"])
    assert (meeting.duration_min, meeting.business_min, meeting.personal_min) == (8, 6, 2)


def test_upload_a_transcript_and_accept_a_promise(
    page: Any, server: LiveServer, tmp_path: Path
) -> None:
    from tests.e2e.web_support import TRANSCRIPT

    ids = seed(server.container.workspace)
    transcript = tmp_path / "kickoff.vtt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    page.goto(server.url + "/transcripts")
    page.get_by_label("Transcript file").set_input_files(str(transcript))
    page.get_by_label("Client", exact=True).select_option(str(ids["fjord"]))
    page.get_by_label("It was a video meeting").check()
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_url("**/transcripts/*")
    chart = page.locator("#speaking")
    chart.locator(".main-svg").first.wait_for()  # plotly drew the timeline
    assert page.get_by_role("heading", name="Who spoke when").is_visible()
    promise = page.locator("#promises .promise").first
    assert "revised estimate" in promise.inner_text()
    promise.get_by_role("button", name="Add to my promises").click()
    page.get_by_text("Added to your promises").wait_for()  # after the form post
    assert page.get_by_text("Added to your promises").is_visible()
    texts = [c.text for c in server.container.workspace.snapshot().commitments]
    assert "I'll send you the revised estimate by 2026-12-04." in texts


def test_take_the_self_assessment(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "/assessment?lang=nb")
    statements = page.locator("fieldset.item")
    count = statements.count()
    assert count >= 24
    for i in range(count):
        statements.nth(i).locator("input[type=radio]").nth(3).check()
    page.locator("form.assessment button[type=submit]").click()
    page.wait_for_url("**/assessment/*")
    assert page.locator("html").get_attribute("lang") == "nb"
    page.locator("#assessment-chart .main-svg").first.wait_for()
    assert page.locator(".big-number").first.is_visible()


def test_pick_myself_among_the_speakers_without_uploading_again(
    page: Any, server: LiveServer, tmp_path: Path
) -> None:
    ids = seed(server.container.workspace)
    transcript = tmp_path / "zoom.vtt"
    transcript.write_text(
        "WEBVTT\n\n1\n00:00:00.000 --> 00:00:30.000\nDr. Jane Smith: So here's the plan.\n\n"
        "2\n00:00:30.000 --> 00:01:00.000\nMr. Nguyen Van A: The budget is tight.\n\n"
        "3\n00:01:00.000 --> 00:01:10.000\nThanks, bye!\n",
        encoding="utf-8",
    )
    page.goto(server.url + "/transcripts")
    page.get_by_label("Transcript file").set_input_files(str(transcript))
    page.get_by_label("Client", exact=True).select_option(str(ids["fjord"]))
    page.get_by_role("button", name="Analyse", exact=True).click()
    warning = page.locator("#me-missing")
    warning.wait_for()
    assert "Me is not among the speakers" in warning.inner_text()
    page.get_by_text("Every utterance").click()  # the list is folded
    assert page.get_by_role("rowheader", name="Unknown speaker").is_visible()
    page.get_by_label("Which speaker are you?").select_option("Dr. Jane Smith")
    page.get_by_role("button", name="Analyse again as this speaker").click()
    page.wait_for_url("**/transcripts/*")
    assert page.locator("#me-missing").count() == 0
    share = page.locator(".stat", has_text="My share of the talking").locator(".stat-value")
    assert share.inner_text() == "43%"
    stored = server.container.workspace.snapshot().interactions
    assert [i.client_id for i in stored if i.source == "transcript"] == [ids["fjord"]]


WATCH_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("upload-progress");
  if (!box) { return; }
  const tell = () => console.log("progress " + JSON.stringify({
    shown: !box.hidden,
    value: box.querySelector("progress").getAttribute("value"),
    status: box.querySelector("[role=status]").textContent,
    token: document.querySelector("input[name=progress_token]").value,
  }));
  new MutationObserver(tell).observe(box, {attributes: true, childList: true, subtree: true,
                                           characterData: true});
});
"""
"""Tells (on the console) what the progress box shows each time it changes: while the
form's navigation is pending, Playwright waits for it before reading the page itself."""


def test_the_upload_shows_its_progress_until_the_result_comes(
    page: Any, server: LiveServer, tmp_path: Path
) -> None:
    import json

    from rapport.web import analysis_runner
    from tests.e2e.web_support import TRANSCRIPT

    ids = seed(server.container.workspace)
    transcript = tmp_path / "kickoff.vtt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    held: list[Any] = []  # the upload waits here while the test watches the page
    seen: list[dict[str, Any]] = []

    def hold(route: Any) -> None:
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    def shown(want: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        for _ in range(300):
            found = [s for s in seen if want(s)]
            if found:
                return found[-1]
            page.wait_for_timeout(100)
        raise AssertionError(f"the progress box never showed that: {seen}")

    page.on(
        "console",
        lambda m: seen.append(json.loads(m.text[9:])) if m.text.startswith("progress ") else None,
    )
    page.add_init_script(WATCH_PROGRESS)
    page.route("**/transcripts", hold)
    page.goto(server.url + "/transcripts")
    assert not page.locator("#upload-progress progress").is_visible()
    page.get_by_label("Transcript file").set_input_files(str(transcript))
    page.get_by_label("Client", exact=True).select_option(str(ids["fjord"]))
    page.get_by_role("button", name="Analyse").click(no_wait_after=True)
    # Shown at once, before any answer; not known yet: an indeterminate bar.
    first = shown(lambda s: s["shown"])
    assert (first["status"], first["value"]) == ("Analysing…", None)
    for _ in range(300):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the form was not sent"
    token = first["token"]
    assert len(token) == 32
    # The server's side of an analysis 40% done (what Budget.step reports for this token).
    login = server.container.accounts.session(server.session_cookie)
    assert login is not None
    key = (login.actor.user_id, token)
    analysis_runner._progress[key] = 0.4
    try:
        done = shown(lambda s: s["status"] == "Analysing… 40%")
        assert done["value"] == "40" and done["shown"]
    finally:
        analysis_runner._progress.pop(key, None)
    held[0].continue_()
    page.wait_for_url("**/transcripts/*")
    assert page.get_by_role("heading", name="Who spoke when").is_visible()
    assert page.locator("#upload-progress").count() == 0
