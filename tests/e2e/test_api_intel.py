"""The relationship-intelligence API: the same shapes as the CLI's --json."""

from __future__ import annotations

from typing import Any

from rapport.bootstrap import Container
from rapport.domain import assessment
from tests import intel_data


def test_assessment_endpoints(api: Any) -> None:
    items = api.get("/api/assessment/items").json()
    assert len(items) == len(assessment.ITEMS) and set(items[0]["text"]) == {
        "en",
        "ja",
        "vi",
        "zh-Hans",
        "nb",
    }
    answers = {i["id"]: 3 for i in items}
    taken = api.post("/api/assessment", json={"answers": answers, "lang": "vi"})
    assert taken.status_code == 201
    body = taken.json()
    assert body["components"]["reliability"] == 5.5 and body["trust"] == 3.0
    assert body["practices"][0] != body["practice_details"][0]["why"]["key"]
    bad = api.post("/api/assessment", json={"answers": {**answers, "c1": 0}})
    assert bad.status_code == 422 and "c1=0" in bad.json()["detail"]
    assert len(api.get("/api/assessment/history").json()) == 1


def test_trust_today_portfolio_and_announce_endpoints(container: Container, api: Any) -> None:
    ids = intel_data.build(container.workspace)
    everyone = api.get("/api/trust", params={"lang": "ja"}).json()
    assert everyone[0]["client"] == "Acme"
    one = api.get(f"/api/trust/{ids['Fjord']}").json()
    intimacy = one["components"]["intimacy"]["evidence"]
    drain = next(e for e in intimacy if e["key"].endswith(": a drain"))
    assert drain["effect"] < 0 and drain["params"] == {"share": 67, "budget": 10}
    assert api.get("/api/trust/9999").status_code == 404

    today = api.get("/api/today").json()
    assert [e["id"] for e in today["overdue"]] == [ids["silent"]]

    report = api.get("/api/portfolio", params={"since": "2021-01-01"}).json()
    curve = report["pareto_curve"]
    assert curve[0]["cumulative_share"] == 0.0 and curve[-1]["cumulative_share"] == 1.0
    assert report["tiers"]["A"] == ["Acme", "Fjord"]
    edges = {(e["from"], e["to"]): e["attributed_revenue"] for e in report["referral_edges"]}
    assert edges == {("Fjord", "Gamma"): 1500.0, ("Gamma", "Delta"): 500.0}

    announced = api.post(
        f"/api/commitments/{ids['at_risk']}/announce",
        json={"new_due_at": "2030-01-15T17:00:00+01:00"},
    )
    assert announced.status_code == 200
    assert announced.json()["commitment"]["due_at"].startswith("2030-01-15T16:00")
    naive = api.post(
        f"/api/commitments/{ids['later']}/announce", json={"new_due_at": "2030-01-15T17:00:00"}
    )
    assert naive.status_code == 422
    late = api.post(f"/api/commitments/{ids['silent']}/announce", json={})
    # overdue: too late for an early notice (a negative notice is never recorded)
    assert late.status_code == 422 and "before the client is told" in late.text
    again = api.post(
        f"/api/commitments/{ids['at_risk']}/announce",
        json={"new_due_at": "2030-02-15T17:00:00+01:00"},
    )
    assert again.status_code == 422 and "already announced" in again.text
    assert api.post("/api/commitments/9999/announce", json={}).status_code == 404
