"""POST /api/transcripts and reading stored analyses back."""

from __future__ import annotations

from typing import Any

TRANSCRIPT = (
    "[00:00:00] Anna: Good morning!\n"
    "[00:00:10] Kari: Where are we with the invoice for phase two?\n"
    "[00:01:00] Anna: I'll send it tomorrow.\n"
    "[00:01:30] Kari: Thanks, bye.\n"
)


def test_upload_analyses_and_saves(api: Any) -> None:
    cid = api.post("/api/clients", json={"name": "Oslo Bikes"}).json()["id"]
    files = {"file": ("meeting.txt", TRANSCRIPT.encode(), "text/plain")}
    preview = api.post("/api/transcripts", files=files, data={"me": "Anna", "on": "2026-11-23"})
    assert preview.status_code == 200, preview.text
    assert preview.json()["promises"][0]["due"] == "2026-11-24"
    assert "saved" not in preview.json()

    saved = api.post(
        "/api/transcripts",
        files=files,
        data={"me": "Anna", "on": "2026-11-23", "client_id": str(cid), "save": "true"},
    )
    assert saved.status_code == 201, saved.text
    analysis_id = saved.json()["saved"]["analysis_id"]
    stored = api.get(f"/api/transcripts/{analysis_id}").json()
    assert stored["client_id"] == cid
    assert stored["metrics"]["talk_share"] == saved.json()["metrics"]["talk_share"]
    trend = api.get("/api/transcripts", params={"client_id": cid}).json()
    assert [p["analysis_id"] for p in trend] == [analysis_id]


def test_malformed_upload_is_422_with_the_line(api: Any) -> None:
    files = {"file": ("bad.json", b'[{"text": "a",\n}]', "application/json")}
    response = api.post("/api/transcripts", files=files)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("bad.json:2: invalid JSON")


def test_unknown_analysis_is_404(api: Any) -> None:
    assert api.get("/api/transcripts/999").status_code == 404
