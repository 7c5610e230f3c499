"""Apologise and re-commit over HTTP, on both databases: the page of an overdue promise
drafts the apology and records the re-commitment; the API does the same."""

from __future__ import annotations

from typing import Any

from rapport.bootstrap import Container
from rapport.domain import commitments as ledger
from rapport.domain.model import Commitment, CommitmentStatus
from rapport.i18n import gettext
from tests import intel_data
from tests.e2e.web_support import seed


def test_an_overdue_promise_gets_the_apology_page_and_is_recommitted(
    api: Any, container: Container
) -> None:
    ids = seed(container.workspace)
    overdue = ids["promise"]  # two days overdue, for Fjord (Norwegian)
    today = api.get("/today?lang=en").text
    assert f'href="/promises/{overdue}/recommit"' in today
    assert f'href="/promises/{overdue}/announce"' not in today
    client_page = api.get(f"/clients/{ids['fjord']}?lang=en").text
    assert f'href="/promises/{overdue}/recommit"' in client_page
    # the old link still works: it leads to the apology
    moved = api.get(f"/promises/{overdue}/announce", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/promises/{overdue}/recommit"

    page = api.get(f"/promises/{overdue}/recommit?lang=en")
    assert page.status_code == 200
    assert "Apologise to Fjord" in page.text and "I apologised and re-committed" in page.text
    # the apology is drafted in the client's language, editable
    assert 'lang="nb"' in page.text and "<textarea" in page.text
    for lang in ("ja", "vi", "zh-Hans", "nb"):
        shown = api.get(f"/promises/{overdue}/recommit?lang={lang}").text
        assert gettext("web", lang, "I apologised and re-committed") in shown

    past = api.post(f"/promises/{overdue}/recommit", data={"new_due": "2001-01-01"})
    assert past.status_code == 422 and 'value="2001-01-01"' in past.text
    assert container.workspace.get(Commitment, overdue).status is CommitmentStatus.OPEN

    done = api.post(
        f"/promises/{overdue}/recommit?lang=en",
        data={"new_due": "2031-03-01"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/clients/{ids['fjord']}?saved=recommitted#promises"
    confirmed = api.get(f"/clients/{ids['fjord']}?saved=recommitted&lang=en").text
    assert "the overdue promise is marked missed" in confirmed
    assert "Apologised late" in confirmed  # the miss, in the earlier promises
    old = container.workspace.get(Commitment, overdue)
    assert old.status is CommitmentStatus.MISSED and old.announced_at is not None
    again = [c for c in container.workspace.list(Commitment) if ledger.replaced_id(c) == overdue]
    assert len(again) == 1 and again[0].status is CommitmentStatus.OPEN
    assert again[0].text == old.text and again[0].due_at.year == 2031
    # settled now: the page says so and records nothing more
    assert "This promise is no longer open." in api.get(f"/promises/{overdue}/recommit").text


def test_a_promise_not_yet_due_keeps_the_announce_flow(api: Any, container: Container) -> None:
    seed(container.workspace)
    soon = next(
        c for c in container.workspace.list(Commitment) if c.text == "Share the launch checklist"
    )
    moved = api.get(f"/promises/{soon.id}/recommit", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/promises/{soon.id}/announce"
    refused = api.post(f"/promises/{soon.id}/recommit", data={"new_due": "2031-03-01"})
    assert refused.status_code == 422 and "not due yet" in refused.text
    assert container.workspace.get(Commitment, soon.id).status is CommitmentStatus.OPEN


def test_recommit_api(container: Container, api: Any) -> None:
    ids = intel_data.build(container.workspace)
    naive = api.post(
        f"/api/commitments/{ids['silent']}/recommit", json={"new_due_at": "2030-01-15T17:00:00"}
    )
    assert naive.status_code == 422
    missing = api.post(f"/api/commitments/{ids['silent']}/recommit", json={})
    assert missing.status_code == 422
    early = api.post(
        f"/api/commitments/{ids['at_risk']}/recommit",
        json={"new_due_at": "2030-01-15T17:00:00+01:00"},
    )
    assert early.status_code == 422 and "not due yet" in early.text
    done = api.post(
        f"/api/commitments/{ids['silent']}/recommit",
        json={"new_due": "2030-01-15T17:00:00+01:00"},
    )
    assert done.status_code == 200, done.text
    data = done.json()
    assert data["missed"]["status"] == "missed" and data["missed"]["id"] == ids["silent"]
    assert data["commitment"]["status"] == "open"
    assert data["commitment"]["due_at"].startswith("2030-01-15T16:00")
    assert data["notice"]["before_due"] is False
    again = api.post(
        f"/api/commitments/{ids['silent']}/recommit",
        json={"new_due_at": "2030-02-15T17:00:00+01:00"},
    )
    assert again.status_code == 422 and "only an open promise" in again.text
    assert (
        api.post(
            "/api/commitments/9999/recommit", json={"new_due_at": "2030-02-15T17:00:00Z"}
        ).status_code
        == 404
    )
