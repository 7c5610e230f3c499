"""The HTML pages over HTTP, on both databases: every page in every language, the language
choice, friendly error pages, and the forms (including keeping what was typed)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import LANGUAGES, Client
from rapport.i18n import gettext, template_path
from tests.e2e.web_support import TRANSCRIPT, seed, visible_text


@cache
def _english_sentences() -> list[str]:
    """Longer UI messages without placeholders: none may show untranslated in ja/vi/zh/nb."""
    from babel.messages.pofile import read_po

    with template_path("web").open("rb") as fh:
        template = read_po(fh)
    return [
        str(m.id)
        for m in template
        if m.id
        and isinstance(m.id, str)
        and " " in m.id
        and len(m.id) >= 12
        and "%(" not in m.id
        and "{" not in m.id
    ]


def page_routes(ids: dict[str, int]) -> list[str]:
    fjord = ids["fjord"]
    return [
        "/today",
        "/portfolio",
        "/portfolio?window=all",
        "/meetings/triage",
        f"/meetings/triage?client={fjord}",
        "/meetings/agenda",
        "/transcripts",
        "/assessment",
        "/import",
        f"/promises/{ids['promise']}/announce",
        "/clients",
        "/clients?q=fjord&origin=friend&language=nb&tier=A",
        "/clients?sort=last_contact",
        "/clients?q=nobody-matches",
        "/clients/new",
        f"/clients/{fjord}",
        f"/clients/{ids['lee']}",
        f"/clients/{fjord}/edit",
        f"/clients/{fjord}/timeline",
        f"/clients/{fjord}/draft",
        f"/clients/{fjord}/draft?kind=deviation&reason=Holiday&new_date=2031-01-10",
        "/clients?sort=risk",
    ]


def assert_page_in(html: str, lang: str) -> None:
    assert f'<html lang="{lang}">' in html
    text = visible_text(html)
    assert gettext("web", lang, "Clients") in text
    if lang != "en":
        leftovers = [s for s in _english_sentences() if s in text]
        assert not leftovers, f"English left in the {lang} page: {leftovers}"
    assert "Traceback" not in html


def languages_for(db_url: str) -> tuple[str, ...]:
    """Every language on SQLite; on PostgreSQL (same templates, other storage) English and
    Japanese keep the suite fast while still covering both databases."""
    return LANGUAGES if db_url.startswith("sqlite") else ("en", "ja")


def test_every_page_renders_in_every_language(api: Any, container: Container, db_url: str) -> None:
    ids = seed(container.workspace)
    for lang in languages_for(db_url):
        for route in page_routes(ids):
            sep = "&" if "?" in route else "?"
            response = api.get(f"{route}{sep}lang={lang}")
            assert response.status_code == 200, (lang, route, response.text[:500])
            assert_page_in(response.text, lang)


def test_first_run_welcome_then_clients(api: Any, container: Container) -> None:
    welcome = api.get("/?lang=vi")
    assert welcome.status_code == 200
    assert_page_in(welcome.text, "vi")
    assert gettext("web", "vi", "Start from scratch") in welcome.text
    assert 'href="/clients/new"' in welcome.text
    seed(container.workspace)
    home = api.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/today"


def test_language_from_header_cookie_and_address(api: Any) -> None:
    assert '<html lang="ja">' in api.get("/clients", headers={"Accept-Language": "ja-JP"}).text
    weighted = {"Accept-Language": "fr;q=1, nb;q=0.8, en;q=0.5"}
    assert '<html lang="nb">' in api.get("/clients", headers=weighted).text
    chosen = api.get("/clients?lang=zh-Hans", headers={"Accept-Language": "ja"})
    assert '<html lang="zh-Hans">' in chosen.text
    assert chosen.cookies.get("rapport_lang") == "zh-Hans"
    # the saved choice wins over the browser's header from now on
    assert '<html lang="zh-Hans">' in api.get("/clients", headers={"Accept-Language": "ja"}).text


def test_unknown_page_is_a_friendly_404_in_the_chosen_language(api: Any) -> None:
    response = api.get("/no/such/page?lang=nb")
    assert response.status_code == 404
    assert '<html lang="nb">' in response.text
    assert gettext("web", "nb", "We could not find that page") in response.text
    missing = api.get("/clients/987654?lang=ja")
    assert missing.status_code == 404
    assert gettext("web", "ja", "We could not find that page") in missing.text


def test_malformed_address_is_a_friendly_422(api: Any) -> None:
    response = api.get("/clients/not-a-number?lang=vi")
    assert response.status_code == 422
    assert '<html lang="vi">' in response.text
    assert gettext("web", "vi", "Something in that request was not right") in response.text
    assert "Traceback" not in response.text and "int_parsing" not in response.text


def test_the_api_still_answers_json_errors(api: Any) -> None:
    assert api.get("/api/clients/987654").json() == {"detail": "no client with id 987654"}
    assert api.get("/api/clients/x").headers["content-type"].startswith("application/json")


def test_plotly_is_served_locally(api: Any) -> None:
    response = api.get("/vendor/plotly.min.js")
    assert response.status_code == 200
    assert "plotly" in response.text[:2000].lower()
    assert api.get("/static/css/rapport.css").status_code == 200


def test_add_client_then_it_is_listed(api: Any) -> None:
    form = {
        "name": "Hanoi Coffee Co",
        "kind": "organisation",
        "language": "vi",
        "timezone": "Asia/Ho_Chi_Minh",
        "origin": "referral",
        "cadence_days": "21",
        "personal_budget_pct": "15",
        "email": "hello@hanoi.example",
    }
    created = api.post("/clients/new", data=form, follow_redirects=False)
    assert created.status_code == 303
    page = api.get(created.headers["location"])
    assert "Hanoi Coffee Co" in page.text
    listed = api.get("/clients?language=vi")
    assert "Hanoi Coffee Co" in listed.text
    client = api.get("/api/clients").json()["items"][0]
    assert client["personal_budget"] == pytest.approx(0.15)
    assert client["cadence_days"] == 21


def test_a_form_with_mistakes_keeps_what_was_typed(api: Any) -> None:
    form = {
        "name": "",
        "language": "ja",
        "timezone": "Mars/Olympus",
        "origin": "friend",
        "kind": "person",
        "cadence_days": "often",
        "personal_budget_pct": "250",
        "email": "not-an-address",
        "notes": "Met at the Tokyo fair",
    }
    response = api.post("/clients/new?lang=ja", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'value="Mars/Olympus"' in html and 'value="not-an-address"' in html
    assert 'value="often"' in html and "Met at the Tokyo fair" in html
    assert re.search(r'<option value="person"\s+selected', html)
    for message in ("Please fill this in.", "Enter a whole number."):
        assert gettext("web", "ja", message) in html
    assert html.count('aria-invalid="true"') >= 5
    assert api.get("/api/clients").json()["total"] == 0


def test_duplicate_client_name_is_explained(api: Any, container: Container) -> None:
    seed(container.workspace)
    response = api.post(
        "/clients/new?lang=nb",
        data={
            "name": "Fjord Design AS",
            "kind": "organisation",
            "language": "nb",
            "timezone": "Europe/Oslo",
            "origin": "cold",
        },
    )
    assert response.status_code == 422
    assert gettext("web", "nb", "A client with this name already exists.") in response.text


def test_edit_a_client(api: Any, container: Container) -> None:
    ids = seed(container.workspace)
    edit = api.get(f"/clients/{ids['lee']}/edit")
    assert 'value="Jamie Lee"' in edit.text
    response = api.post(
        f"/clients/{ids['lee']}/edit",
        data={
            "name": "Jamie Lee-Park",
            "kind": "person",
            "language": "en",
            "timezone": "UTC",
            "origin": "cold",
            "cadence_days": "30",
            "personal_budget_pct": "10",
            "tier_override": "A",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert api.get(f"/api/clients/{ids['lee']}").json()["tier_override"] == "A"


def test_log_interaction_promise_note_contact_and_project(api: Any, container: Container) -> None:
    ids = seed(container.workspace)
    base = f"/clients/{ids['lee']}"
    posts = {
        "interactions": {
            "kind": "call",
            "started_at": "2026-11-02T09:30",
            "duration_min": "25",
            "business_min": "20",
            "personal_min": "5",
            "summary": "Budget call",
            "feedback_asked": "on",
        },
        "promises": {"text": "Send the meeting notes", "due_at": "2031-01-15", "size": "small"},
        "notes": {"text": "Has two kids, loves sailing"},
        "contacts": {"name": "Robin Park", "email": "robin@lee.example"},
        "projects": {"name": "Brand refresh", "status": "active", "scope_written": "on"},
    }
    for path, data in posts.items():
        response = api.post(f"{base}/{path}", data=data, follow_redirects=False)
        assert response.status_code == 303, (path, response.text[:300])
    page = api.get(base).text
    for text in (
        "Budget call",
        "Send the meeting notes",
        "Has two kids, loves sailing",
        "Robin Park",
        "Brand refresh",
    ):
        assert text in page
    promise = next(
        c for c in container.workspace.snapshot().commitments if c.text == "Send the meeting notes"
    )
    assert promise.due_at.year == 2031
    kept = api.post(f"/promises/{promise.id}/done", follow_redirects=False)
    assert kept.status_code == 303
    project = next(p for p in container.workspace.snapshot().projects if p.name == "Brand refresh")
    api.post(
        f"/projects/{project.id}/checklist",
        data={"scope_written": "on", "estimate_given": "on", "status": "active"},
    )
    after = container.workspace.get(type(project), project.id or 0)
    assert after.estimate_given and not after.agreement_signed


def test_interaction_form_errors_keep_the_form_open_and_filled(
    api: Any, container: Container
) -> None:
    ids = seed(container.workspace)
    response = api.post(
        f"/clients/{ids['fjord']}/interactions?lang=zh-Hans",
        data={
            "kind": "video",
            "started_at": "next blue moon",
            "duration_min": "30",
            "business_min": "30",
            "personal_min": "20",
            "summary": "Kept text",
        },
    )
    assert response.status_code == 422
    assert "Kept text" in response.text and 'value="next blue moon"' in response.text
    assert (
        gettext("web", "zh-Hans", "Business and personal minutes add up to more than the duration.")
        in response.text
    )
    assert re.search(
        r'<details class="add-form"\s+open>\s*<summary>'
        + re.escape(gettext("web", "zh-Hans", "Log an interaction")),
        response.text,
    )


def test_fill_the_demo_from_the_welcome_page(api: Any) -> None:
    filled = api.post("/demo?lang=ja", follow_redirects=False)
    assert filled.status_code == 303 and filled.headers["location"] == "/today?lang=ja"
    listing = api.get("/clients?lang=ja")
    assert_page_in(listing.text, "ja")
    assert api.get("/api/clients").json()["total"] >= 30
    again = api.post("/demo?lang=ja")
    assert again.status_code == 409
    assert gettext("web", "ja", "That clashes with something already saved") in again.text


def test_today_lists_the_overdue_promise_and_announce_early_records_it(
    api: Any, container: Container
) -> None:
    ids = seed(container.workspace)
    from rapport.clock import now
    from rapport.domain.model import Interaction, InteractionKind

    container.workspace.add(
        Interaction(
            client_id=ids["sakura"],
            kind=InteractionKind.VIDEO,
            started_at=now(),
            duration_min=30,
            summary="Quarterly review",
        )
    )
    today = api.get("/today?lang=en").text
    assert "Send the revised estimate" in today
    assert "Quarterly review" in today and f"/meetings/agenda?client={ids['sakura']}" in today
    assert f'href="/promises/{ids["promise"]}/recommit"' in today
    form = api.get(f"/promises/{ids['promise']}/announce?lang=en")
    assert form.status_code == 200
    # the notice is drafted in the client's language (Norwegian) and can be edited
    assert 'lang="nb"' in form.text and "<textarea" in form.text
    past = api.post(f"/promises/{ids['promise']}/announce", data={"new_due": "2001-01-01"})
    assert past.status_code == 422 and 'value="2001-01-01"' in past.text
    # the promise is two days overdue: too late for an early notice, and the page says why
    late = api.post(f"/promises/{ids['promise']}/announce", data={"new_due": "2031-03-01"})
    assert late.status_code == 422 and "before the client is told" in late.text
    from rapport.domain.model import Commitment

    assert container.workspace.get(Commitment, ids["promise"]).announced_at is None
    # one still ahead of its date is announced and re-committed
    soon = next(
        c for c in container.workspace.list(Commitment) if c.text == "Share the launch checklist"
    )
    assert soon.id is not None
    told = api.post(
        f"/promises/{soon.id}/announce", data={"new_due": "2031-03-01"}, follow_redirects=False
    )
    assert told.status_code == 303
    promise = container.workspace.get(Commitment, soon.id)
    assert promise.announced_at is not None and promise.due_at.year == 2031
    assert promise.original_due_at is not None


def test_an_edited_draft_downloads_as_eml(api: Any) -> None:
    response = api.post(
        "/drafts/eml",
        data={
            "kind": "early_notice",
            "language": "ja",
            "subject": "納期のご相談",
            "body": "いつもお世話になっております。\n編集した本文",
            "to": "a@b.example",
        },
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("message/rfc822")
    assert 'filename="rapport-early_notice.eml"' in response.headers["content-disposition"]
    import email
    from email import policy

    message = email.message_from_bytes(response.content, policy=policy.default)
    assert message["Subject"] == "納期のご相談" and message["To"] == "a@b.example"
    assert "編集した本文" in message.get_body().get_content()  # type: ignore[union-attr]


def test_triage_agenda_and_live_meeting_in_every_language(
    api: Any, container: Container, db_url: str
) -> None:
    ids = seed(container.workspace)
    for lang in languages_for(db_url):
        _triage_agenda_live(api, ids, lang)


def _triage_agenda_live(api: Any, ids: dict[str, int], lang: str) -> None:
    request = {
        "client": str(ids["fjord"]),
        "start": "2026-12-01T10:00",
        "duration_min": "90",
        "format": "in_person",
        "travel_min": "60",
        "organizer": "client",
        "essential": "on",
        "reason": "overload",
        "agenda": "Budget: 20\nPlan: 10",
        "purpose": "Q1 plan",
    }
    triaged = api.post(f"/meetings/triage?lang={lang}", data=request)
    assert triaged.status_code == 200, triaged.text[:500]
    assert_page_in(triaged.text, lang)
    assert 'class="draft" lang="nb"' in triaged.text  # the reply is in the client's language
    plan = {"client": str(ids["sakura"]), "items": "Budget: 20\nPlan: 10", "video": "on"}
    built = api.post(f"/meetings/agenda?lang={lang}", data=plan)
    assert built.status_code == 200 and "agenda-result" in built.text
    assert_page_in(built.text, lang)
    live = api.post(f"/meetings/live?lang={lang}", data=plan)
    # Redirected to a plain address (a reload posts nothing again), with no token in it.
    assert [r.status_code for r in live.history] == [303]
    assert live.url.path == "/meetings/live" and "csrf" not in str(live.url)
    assert live.status_code == 200 and 'id="live-plan"' in live.text
    assert_page_in(live.text, lang)
    assert 'lang="ja"' in live.text  # redirect and wrap-up phrases in Sakura's language


def test_meeting_forms_with_mistakes_keep_the_input(api: Any, container: Container) -> None:
    ids = seed(container.workspace)
    bad_agenda = api.post(
        "/meetings/agenda?lang=vi", data={"client": str(ids["lee"]), "items": "Budget twenty"}
    )
    assert bad_agenda.status_code == 422 and "Budget twenty" in bad_agenda.text
    bad_triage = api.post(
        "/meetings/triage?lang=nb",
        data={"client": str(ids["lee"]), "start": "", "duration_min": "x", "purpose": "Kept"},
    )
    assert bad_triage.status_code == 422 and 'value="Kept"' in bad_triage.text
    bad_log = api.post(
        "/meetings/log?lang=ja",
        data={
            "client": str(ids["lee"]),
            "start": "2026-11-20T10:00",
            "duration_min": "30",
            "kind": "video",
            "promises": "a promise without a date",
        },
    )
    assert bad_log.status_code == 422 and "a promise without a date" in bad_log.text
    assert (
        gettext(
            "web",
            "ja",
            'Write each promise as "what @ date", for example "Send the quote @ 2026-12-04".',
        )
        in bad_log.text
    )


def test_log_a_meeting_creates_the_interaction_and_promises(api: Any, container: Container) -> None:
    ids = seed(container.workspace)
    logged = api.post(
        "/meetings/log",
        data={
            "client": str(ids["lee"]),
            "start": "2026-11-20T10:00",
            "duration_min": "45",
            "business_min": "40",
            "personal_min": "5",
            "kind": "call",
            "promises": "Send the plan @ 2030-01-10\nCall the printer @ 2030-01-12",
            "decisions": "Go with option B",
            "drain": "2",
        },
        follow_redirects=False,
    )
    assert logged.status_code == 303
    ws = container.workspace.snapshot()
    meeting = next(i for i in ws.interactions if i.client_id == ids["lee"])
    assert (meeting.duration_min, meeting.business_min, meeting.personal_min) == (45, 40, 5)
    assert meeting.decisions == "Go with option B"
    texts = {c.text for c in ws.commitments if c.client_id == ids["lee"]}
    assert {"Send the plan", "Call the printer"} <= texts


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_upload_a_transcript_then_accept_its_promise(
    api: Any, container: Container, lang: str
) -> None:
    ids = seed(container.workspace)
    files = {"file": ("kickoff.vtt", TRANSCRIPT.encode(), "text/vtt")}
    quick = api.post(f"/transcripts?lang={lang}", data={"me": "Me", "video": "on"}, files=files)
    assert quick.status_code == 200, quick.text[:500]
    assert_page_in(quick.text, lang)
    assert 'data-chart="speaking-spec"' in quick.text and "Kari Nordmann" in quick.text
    saved = api.post(
        f"/transcripts?lang={lang}",
        data={"me": "Me", "client": str(ids["fjord"]), "save": "on", "on": "2026-11-20"},
        files=files,
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = api.get(saved.headers["location"] + f"?lang={lang}")
    assert page.status_code == 200
    assert "I'll send you the revised estimate by 2026-12-04." in visible_text(page.text)
    again = api.post(
        f"/transcripts?lang={lang}",
        data={"me": "Me", "client": str(ids["fjord"]), "save": "on"},
        files=files,
    )
    assert again.status_code == 422
    assert gettext("web", lang, "This transcript is already stored for this client.") in again.text
    accepted = api.post(
        "/transcripts/promises",
        data={
            "client": str(ids["fjord"]),
            "text": "Send the revised estimate",
            "due": "2026-12-04",
            "index": "0",
            "back": saved.headers["location"],
        },
        follow_redirects=False,
    )
    assert accepted.status_code == 303 and "accepted=0" in accepted.headers["location"]
    after = api.get(accepted.headers["location"].split("#")[0])
    assert gettext("web", "en", "Added to your promises") in after.text or lang != "en"
    dues = [
        c.due_at.date().isoformat()
        for c in container.workspace.snapshot().commitments
        if c.source == "transcript"
    ]
    assert dues == ["2026-12-04"]
    client_page = api.get(f"/clients/{ids['fjord']}?lang={lang}").text
    assert gettext("web", lang, "Analysed meetings") in client_page
    assert saved.headers["location"] in client_page


def test_a_broken_transcript_is_explained(api: Any) -> None:
    response = api.post(
        "/transcripts?lang=nb",
        files={"file": ("broken.vtt", b"WEBVTT\n\nnot a cue at all -->\n", "text/vtt")},
    )
    empty = api.post("/transcripts?lang=nb", files={"file": ("e.vtt", b"", "text/vtt")})
    assert empty.status_code == 422
    assert gettext("web", "nb", "The file is empty.") in empty.text
    assert response.status_code in (200, 422)
    assert "Traceback" not in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_take_the_assessment_in_every_language(api: Any, container: Container, lang: str) -> None:
    items = [i.id for i in container.assessment.items()]
    partial = {item: "4" for item in items[:-2]}
    missing = api.post(f"/assessment?lang={lang}", data=partial)
    assert missing.status_code == 422
    assert missing.text.count("checked") == len(partial)  # the answers given are kept
    assert gettext("web", lang, "Please choose an answer.") in missing.text
    taken = api.post(
        f"/assessment?lang={lang}", data={item: "4" for item in items}, follow_redirects=False
    )
    assert taken.status_code == 303
    result = api.get(taken.headers["location"] + f"?lang={lang}")
    assert result.status_code == 200
    assert_page_in(result.text, lang)
    assert 'data-chart="assessment-chart-spec"' in result.text
    again = api.post(
        f"/assessment?lang={lang}", data={item: "5" for item in items}, follow_redirects=True
    )
    assert again.status_code == 200 and gettext("web", lang, "History") in again.text


def test_import_a_csv_preview_then_write(api: Any) -> None:
    csv = b"name,language,timezone,origin\nOslo Sykkel,nb,Europe/Oslo,friend\n"
    files = {"file": ("clients.csv", csv, "text/csv")}
    preview = api.post("/import?lang=nb", data={"format": "csv", "action": "preview"}, files=files)
    assert preview.status_code == 200
    assert gettext("web", "nb", "Preview: nothing has been changed yet") in preview.text
    assert api.get("/api/clients").json()["total"] == 0
    done = api.post("/import?lang=nb", data={"format": "csv", "action": "import"}, files=files)
    assert done.status_code == 200 and gettext("web", "nb", "Imported") in done.text
    assert api.get("/api/clients").json()["items"][0]["name"] == "Oslo Sykkel"
    bad = api.post(
        "/import?lang=nb",
        data={"format": "csv", "action": "import"},
        files={"file": ("bad.csv", b"name,colour\nX,blue\n", "text/csv")},
    )
    assert bad.status_code == 422
    assert gettext("web", "nb", "Nothing was imported. Fix these lines and try again:") in bad.text
    assert "bad.csv" in bad.text


def test_long_lists_are_paged_and_counted(api: Any, container: Container) -> None:
    """A large workspace: the client list pages by 50 and keeps the filters in its links;
    Today shows the 20 most urgent per list with the full count and a link to all."""
    from datetime import timedelta

    from rapport.clock import now
    from rapport.domain.model import Commitment

    ws = container.workspace
    at = now()
    ids = []
    for i in range(55):
        client = ws.add_client(Client(name=f"Klient {i:02d}", language="nb"))
        assert client.id is not None
        ids.append(client.id)
    for i, cid in enumerate(ids[:25]):
        due = at - timedelta(days=i + 1)
        ws.add(Commitment(cid, f"Promise {i:02d}", due_at=due, made_at=due - timedelta(days=9)))
    first = api.get("/clients?lang=en&language=nb").text
    assert "Showing 1–50 of 55 clients" in first and "Page 1 of 2" in first
    assert 'href="/clients?language=nb&amp;sort=name&amp;page=2"' in first
    second = api.get("/clients?lang=en&language=nb&page=2").text
    assert "Showing 51–55 of 55 clients" in second and "Klient 54" in second
    assert "Klient 00" not in second and 'rel="prev"' in second
    today = api.get("/today?lang=en").text
    assert "Showing 20 of 25." in today and 'href="/today?all=1#overdue-title"' in today
    assert "Promise 24" in today and "Promise 04" not in today  # most overdue first
    everything = api.get("/today?lang=en&all=1").text
    assert "Promise 04" in everything and "Showing 20 of 25." not in everything
    limited = api.get("/api/today?limit=3").json()
    assert len(limited["overdue"]) == 3 and limited["counts"]["overdue"] == 25
