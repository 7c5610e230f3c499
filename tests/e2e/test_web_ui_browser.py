"""Browser tests for issue 13's UI work: fast chart pages (compressed answers), dark mode,
the phone header, language-specific fonts, sortable headers, undo after "Mark kept",
"Apologise and re-commit" on overdue promises, the readable trust score and live meeting
mode that survives a reload. Headless Chromium (Debian's), a live server, nothing from
outside Rapport."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, live_server, watch
from tests.e2e.web_support import seed

pytestmark = pytest.mark.browser

if not os.path.exists(CHROMIUM):  # pragma: no cover - CI installs it
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


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


def open_page(browser: Any, server: LiveServer, **options: Any) -> Any:
    options.setdefault("viewport", DESKTOP)
    options.setdefault("locale", "en-GB")
    context = browser.new_context(**options)
    context.add_cookies(server.cookies())

    def offline(route: Any) -> None:
        server.errors.append(f"request outside Rapport: {route.request.url}")
        route.abort()

    context.route(lambda url: not url.startswith(server.url), offline)
    page = watch(context.new_page(), server.errors)
    page.set_default_timeout(60_000)
    return page


def luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_assets_come_gzipped_and_the_chart_bundle_is_small(
    browser: Any, server: LiveServer
) -> None:
    ids = seed(server.container.workspace)
    page = open_page(browser, server)
    encodings: dict[str, str] = {}
    sizes: dict[str, int] = {}

    def seen(response: Any) -> None:
        path = response.url.removeprefix(server.url).split("?")[0]
        encodings[path] = response.headers.get("content-encoding", "")
        sizes[path] = int(response.headers.get("content-length") or 0)

    page.on("response", seen)
    page.goto(f"{server.url}/clients/{ids['fjord']}")
    page.locator("#trust-bars .main-svg").first.wait_for()  # the chart drew
    for path in (
        f"/clients/{ids['fjord']}",
        "/static/css/rapport.css",
        "/static/js/rapport.js",
        "/vendor/plotly.min.js",
    ):
        assert encodings[path] == "gzip", path
    assert 0 < sizes["/vendor/plotly.min.js"] < 600_000  # the full bundle was 4.8 MB plain
    # The radar is drawn by the server, self-orientation as in the bars: lower is better.
    assert "lower is better" in page.locator("figure.radar").inner_text()
    assert "lower is better" in page.locator("#trust-bars").inner_text()


def test_dark_mode_follows_the_system_and_the_switch_sticks(
    browser: Any, server: LiveServer
) -> None:
    page = open_page(browser, server, color_scheme="dark")
    page.goto(server.url + "/today")
    body = "getComputedStyle(document.body).backgroundColor"
    assert luminance(page.evaluate(body)) < 0.05  # dark, from prefers-color-scheme
    switch = page.locator(".header-tools [data-theme-toggle]")
    assert switch.get_attribute("aria-pressed") == "true"
    switch.click()
    assert luminance(page.evaluate(body)) > 0.8
    page.reload()
    assert luminance(page.evaluate(body)) > 0.8  # stored in local storage
    assert page.evaluate("localStorage.getItem('rapport-theme')") == "light"
    ink = page.evaluate("getComputedStyle(document.body).color")
    assert contrast(ink, page.evaluate(body)) >= 4.5


def test_phone_header_is_one_short_row_and_the_nav_shows_it_scrolls(
    browser: Any, server: LiveServer
) -> None:
    seed(server.container.workspace)
    for lang in ("en", "ja", "vi", "zh-Hans", "nb"):
        page = open_page(browser, server, viewport=PHONE, is_mobile=True, has_touch=True)
        page.goto(f"{server.url}/today?lang={lang}")
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 56, (lang, header)
        nav = page.locator(".main-nav ul")
        scrolls = page.evaluate("(ul) => ul.scrollWidth > ul.clientWidth", nav.element_handle())
        style = page.evaluate("(ul) => getComputedStyle(ul).overflowX", nav.element_handle())
        assert style == "auto" and scrolls, lang  # it scrolls, with shaded edges (CSS)
        # Language, theme and log out are one tap away, under "Menu".
        assert not page.locator("#lang-select").is_visible()
        page.locator(".more-link").click()
        assert page.locator("#lang-select").is_visible()
        assert page.locator(".site-header").bounding_box()["height"] <= 56
        page.context.close()


def test_today_and_the_client_list_are_short_on_a_phone(browser: Any, server: LiveServer) -> None:
    seed(server.container.workspace)
    page = open_page(browser, server, viewport=PHONE, is_mobile=True)
    page.goto(server.url + "/today")
    folds = page.locator("details.fold")
    assert folds.count() == 4
    assert all(folds.nth(i).get_attribute("open") is None for i in range(4))  # headings only
    assert "Overdue promises" in folds.nth(0).locator("summary").inner_text()  # with counts
    folds.nth(0).locator("summary").click()
    assert folds.nth(0).locator("li.promise").first.is_visible()
    page.goto(server.url + "/clients")
    row = page.locator("table.clients-table tbody tr").first.bounding_box()
    assert row["height"] < 200  # compact cards: optional columns left out
    assert not page.locator("table.clients-table td.opt").first.is_visible()
    # The headers are hidden on a phone; the same sort links stand above the cards.
    sorting = page.get_by_role("navigation", name="Sort by")
    sorting.get_by_role("link", name="Longest without contact").click()
    page.wait_for_url("**/clients?sort=last_contact")


def test_desktop_header_keeps_log_out_on_its_row_and_rows_are_compact(
    browser: Any, server: LiveServer
) -> None:
    seed(server.container.workspace)
    for lang in ("en", "vi", "nb", "ja"):
        page = open_page(browser, server)
        page.goto(f"{server.url}/clients?lang={lang}")
        brand = page.locator(".brand").bounding_box()
        logout = page.locator(".header-tools .logout button").bounding_box()
        assert abs((brand["y"] + brand["height"] / 2) - (logout["y"] + logout["height"] / 2)) < 8
        assert page.locator(".site-header").bounding_box()["height"] <= 64, lang
        rows = page.locator("table.clients-table tbody tr")
        heights = [rows.nth(i).bounding_box()["height"] for i in range(rows.count())]
        assert max(heights) <= 64, (lang, heights)  # not 88 px
        page.context.close()


def test_chinese_and_japanese_pages_get_their_own_fonts(browser: Any, server: LiveServer) -> None:
    page = open_page(browser, server)
    family = "getComputedStyle(document.body).fontFamily"
    page.goto(server.url + "/today?lang=zh-Hans")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    chinese = page.evaluate(family)
    assert "PingFang SC" in chinese and "Hiragino" not in chinese and "JP" not in chinese
    page.goto(server.url + "/today?lang=ja")
    japanese = page.evaluate(family)
    assert "Hiragino Sans" in japanese and " SC" not in japanese


def test_sortable_headers_work_without_javascript(browser: Any, server: LiveServer) -> None:
    seed(server.container.workspace)
    page = open_page(browser, server, java_script_enabled=False)
    page.goto(server.url + "/clients")
    assert page.locator("select[name=sort]").count() == 0  # no dropdown and Apply for sorting
    page.get_by_role("link", name="Last contact").click()
    page.wait_for_url("**/clients?sort=last_contact")
    header = page.locator("th[aria-sort]")
    assert header.count() == 1 and "Last contact" in header.inner_text()
    names = page.locator("table.clients-table tbody th").all_inner_texts()
    assert names[0] == "Jamie Lee"  # never contacted: longest without contact first
    page.get_by_role("link", name="Name", exact=True).click()
    names = page.locator("table.clients-table tbody th").all_inner_texts()
    assert names == sorted(names)


def test_mark_kept_can_be_undone_and_overdue_promises_offer_an_apology(
    browser: Any, server: LiveServer
) -> None:
    ids = seed(server.container.workspace)
    page = open_page(browser, server)
    page.goto(f"{server.url}/clients/{ids['fjord']}")
    overdue = page.locator("li.promise.overdue").first
    assert overdue.get_by_role("link", name="Apologise and re-commit").is_visible()
    assert overdue.get_by_role("link", name="Announce early").count() == 0
    due_later = page.locator("li.promise:not(.overdue)").first
    assert due_later.get_by_role("link", name="Announce early").is_visible()
    text = overdue.locator(".promise-text").inner_text()
    overdue.get_by_role("button", name="Mark kept").click()
    status = page.locator("#kept")
    assert text in status.inner_text()
    assert page.locator("li.promise.overdue", has_text=text).count() == 0  # kept now
    status.get_by_role("button", name="Undo").click()
    assert page.get_by_role("status").inner_text() == "The promise is open again."
    assert page.locator("li.promise.overdue", has_text=text).count() == 1
    # The same on Today.
    page.goto(server.url + "/today")
    page.locator("li.promise.overdue").first.get_by_role("button", name="Mark kept").click()
    page.locator("#kept").get_by_role("button", name="Undo").click()
    assert page.get_by_role("status").first.inner_text() == "The promise is open again."


def test_the_trust_score_reads_on_a_ten_point_scale_with_its_band(
    browser: Any, server: LiveServer
) -> None:
    ids = seed(server.container.workspace)
    page = open_page(browser, server)
    page.goto(f"{server.url}/clients/{ids['fjord']}")
    score = page.locator("#trust .trust-score")
    assert "/ 10" in score.inner_text()
    assert score.locator(".band").inner_text() in {"fragile", "shaky", "fair", "good", "strong"}
    assert "The trust equation" in page.locator("#trust .hint").first.inner_text()


def test_live_meeting_survives_a_reload_and_ends_cleanly(browser: Any, server: LiveServer) -> None:
    ids = seed(server.container.workspace)
    page = open_page(browser, server)
    page.goto(server.url + "/meetings/agenda")
    page.get_by_label("Client", exact=True).select_option(str(ids["lee"]))
    page.get_by_label("What you need to cover").fill("Budget review: 10\nLaunch plan: 8")
    page.get_by_label("Video meeting (add checkpoints)").check()
    page.get_by_role("button", name="Start live meeting").first.click()
    page.wait_for_url("**/meetings/live?*")
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("n")
    second = page.locator("#live-current-title").inner_text()
    page.keyboard.press("d")
    page.wait_for_timeout(1500)  # the state is saved at least every second
    # The drift timer is readable on the pressed button, in both themes.
    for theme in ("light", "dark"):
        page.evaluate(f"document.documentElement.setAttribute('data-theme', '{theme}')")
        clock = page.locator("#live-drift-clock")
        button = page.locator("#live-drift")
        ratio = contrast(
            clock.evaluate("e => getComputedStyle(e).color"),
            button.evaluate("e => getComputedStyle(e).backgroundColor"),
        )
        assert ratio >= 4.5, (theme, ratio)
    page.reload()
    assert page.locator("#live-current-title").inner_text() == second
    assert page.locator("#live-drift").get_attribute("aria-pressed") == "true"
    assert page.locator("#live-start").get_attribute("aria-pressed") == "true"  # still running
    assert page.locator("#live-total-clock").inner_text() != "0:00"
    # A checkpoint nudge is on screen; ending the meeting removes it.
    page.evaluate("document.getElementById('live-checkpoint').hidden = false")
    page.get_by_role("button", name="End meeting").click()
    assert page.locator("#live-checkpoint").is_hidden()
    page.reload()
    assert page.locator("#live-log").is_visible()  # ended, also after a reload
    assert page.locator("#live-checkpoint").is_hidden()
