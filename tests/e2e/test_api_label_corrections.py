"""GET /api/transcripts/{id}/utterances and PATCH labels: the figures follow; access as for
every other operation (docs/security.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

TRANSCRIPT = (
    "[00:00:00] Anna: Good morning!\n"
    "[00:00:10] Kari: Where are we with the invoice for phase two?\n"
    "[00:01:00] Anna: I'll send it tomorrow, the numbers are checked.\n"
    "[00:02:00] Kari: The contract says the second milestone is due in March.\n"
    "[00:03:00] Anna: We will deliver the reports for the milestone on time.\n"
    "[00:04:00] Kari: Thanks, bye.\n"
)


def _stored(api: Any) -> tuple[int, int]:
    cid = api.post("/api/clients", json={"name": "Oslo Bikes"}).json()["id"]
    files = {"file": ("meeting.txt", TRANSCRIPT.encode(), "text/plain")}
    data = {"me": "Anna", "on": "2026-11-23", "client_id": str(cid), "save": "true"}
    saved = api.post("/api/transcripts", files=files, data=data)
    assert saved.status_code == 201, saved.text
    return cid, saved.json()["saved"]["analysis_id"]


def test_list_correct_and_reset_labels(api: Any) -> None:
    cid, aid = _stored(api)
    listed = api.get(f"/api/transcripts/{aid}/utterances")
    assert listed.status_code == 200
    rows = listed.json()
    assert [r["number"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert rows[3]["label"] == "business" and rows[3]["corrected"] is False
    assert rows[3]["model_label"] is None
    before = api.get(f"/api/transcripts/{aid}").json()

    body = {
        "labels": [{"utterance": 4, "label": "personal"}, {"utterance": 5, "label": "personal"}]
    }
    changed = api.patch(f"/api/transcripts/{aid}/utterances", json=body)
    assert changed.status_code == 200, changed.text
    result = changed.json()
    assert result["metrics"]["personal_share"] > before["metrics"]["personal_share"] + 0.4
    assert [c["utterance"] for c in result["corrections"]] == [4, 5]
    row = api.get(f"/api/transcripts/{aid}/utterances").json()[3]
    assert (row["label"], row["confidence"], row["corrected"]) == ("personal", 1.0, True)
    assert row["model_label"] == "business"
    trend = api.get("/api/transcripts", params={"client_id": cid}).json()
    assert trend[0]["personal_share"] == result["metrics"]["personal_share"]

    reset = {"labels": [{"utterance": 4, "label": None}, {"utterance": 5, "label": None}]}
    back = api.patch(f"/api/transcripts/{aid}/utterances", json=reset).json()
    assert back == before


def test_bad_corrections_are_4xx_and_change_nothing(api: Any) -> None:
    _cid, aid = _stored(api)
    before = api.get(f"/api/transcripts/{aid}").json()
    url = f"/api/transcripts/{aid}/utterances"
    out_of_range = api.patch(
        url,
        json={"labels": [{"utterance": 2, "label": "other"}, {"utterance": 7, "label": "other"}]},
    )
    assert out_of_range.status_code == 422
    assert out_of_range.json()["detail"] == "utterance 7: no such utterance (this meeting has 6)"
    twice = api.patch(
        url,
        json={"labels": [{"utterance": 2, "label": "other"}, {"utterance": 2, "label": "other"}]},
    )
    assert twice.status_code == 422
    assert twice.json()["detail"] == "utterance 2 is given twice"
    unknown = api.patch(url, json={"labels": [{"utterance": 2, "label": "gossip"}]})
    assert unknown.status_code == 422
    assert api.get(f"/api/transcripts/{aid}").json() == before
    assert api.get("/api/transcripts/999/utterances").status_code == 404
    assert api.patch("/api/transcripts/999/utterances", json={"labels": []}).status_code == 422
    missing = {"labels": [{"utterance": 1, "label": "other"}]}
    assert api.patch("/api/transcripts/999/utterances", json=missing).status_code == 404


def test_who_may_see_and_correct_labels(api: Any, api_as: Callable[[str, str], TestClient]) -> None:
    cid, aid = _stored(api)
    url = f"/api/transcripts/{aid}/utterances"
    fix = {"labels": [{"utterance": 2, "label": "personal"}]}
    mia = api_as("mia", "member")  # not shared with her: as if it did not exist
    assert mia.get(url).status_code == 404
    assert mia.patch(url, json=fix).status_code == 404
    rita = api_as("rita", "read-only")
    assert api.put(f"/api/clients/{cid}/shares/rita", json={"can_edit": False}).status_code == 200
    assert rita.get(url).status_code == 200
    assert rita.patch(url, json=fix).status_code == 403
    assert api.put(f"/api/clients/{cid}/shares/mia", json={"can_edit": False}).status_code == 200
    assert mia.get(url).status_code == 200
    assert mia.patch(url, json=fix).status_code == 403  # shared to read only
    assert api.get(f"/api/transcripts/{aid}").json()["corrections"] == []
    assert api.put(f"/api/clients/{cid}/shares/mia", json={"can_edit": True}).status_code == 200
    assert mia.patch(url, json=fix).status_code == 200
    assert [c["utterance"] for c in api.get(f"/api/transcripts/{aid}").json()["corrections"]] == [2]
