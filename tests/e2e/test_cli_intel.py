"""The relationship-intelligence commands, run as a user runs them, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

from rapport.bootstrap import Container
from rapport.domain import assessment
from tests import intel_data
from tests.conftest import RunCli

COMPONENTS = {"credibility", "reliability", "intimacy", "self_orientation"}
LANGS = {"en", "ja", "vi", "zh-Hans", "nb"}


def test_assess_items_answers_errors_history_and_interactive(cli: RunCli, tmp_path: Path) -> None:
    items = json.loads(cli("assess", "--items", "--json").stdout)
    assert len(items) == len(assessment.ITEMS)
    assert {i["component"] for i in items} == COMPONENTS
    assert all(set(i["text"]) == LANGS and isinstance(i["reverse"], bool) for i in items)

    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({i["id"]: 4 if not i["reverse"] else 2 for i in items}))
    taken = cli("assess", "--answers", str(answers), "--json")
    assert taken.returncode == 0, taken.stderr
    result = json.loads(taken.stdout)
    assert set(result["components"]) == COMPONENTS
    c, r, i, s = (
        result["components"][k]
        for k in ("credibility", "reliability", "intimacy", "self_orientation")
    )
    assert result["trust"] == round((c + r + i) / s, 2)
    assert result["strongest"] in COMPONENTS and result["opportunity"] in COMPONENTS
    assert len(result["practices"]) == 3 and all(isinstance(p, str) for p in result["practices"])

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"c1": 6, "nope": 3}))
    failed = cli("assess", "--answers", str(bad), "--json")
    assert failed.returncode == 1 and failed.stdout == ""
    line = failed.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line
    assert "unknown item id(s): nope" in line and "missing answers for" in line and "c1=6" in line

    interactive = cli("assess", "--lang", "ja", input="3\n" * len(items))
    assert interactive.returncode == 0, interactive.stderr
    assert "信頼" in interactive.stdout and "保存しました。" in interactive.stdout
    assert "{score}" not in interactive.stdout  # the table's header is a word, not a template

    history = json.loads(cli("assess", "--history", "--json").stdout)
    assert [h["language"] for h in history] == ["en", "ja"]
    assert history[1]["change"]["trust"] == round(history[1]["trust"] - history[0]["trust"], 2)


def test_trust_today_portfolio_and_announce(container: Container, cli: RunCli) -> None:
    ids = intel_data.build(container.workspace)

    one = cli("trust", "Acme", "--json")
    assert one.returncode == 0, one.stderr
    acme = json.loads(one.stdout)
    assert acme["client"] == "Acme" and set(acme["components"]) == COMPONENTS
    for comp in acme["components"].values():
        assert 0 <= comp["score"] <= 10 and 0 <= comp["confidence"] <= 1
        assert all({"text", "effect"} <= set(e) for e in comp["evidence"])
    texts = [e["text"] for e in acme["components"]["reliability"]["evidence"]]
    assert "Promises kept on time: 4 of 5" in texts
    assert "Promises missed without telling the client: 1" in texts

    everyone = json.loads(cli("trust", "--json", "--lang", "nb").stdout)
    assert everyone[0]["client"] == "Acme"  # most revenue at risk first
    assert len(everyone) == 5
    nb_texts = [e["text"] for e in everyone[0]["components"]["reliability"]["evidence"]]
    assert "Løfter holdt i tide: 4 av 5" in nb_texts
    keys = [e["key"] for e in everyone[0]["components"]["reliability"]["evidence"]]
    assert "Promises kept on time: {kept} of {total}" in keys

    today = json.loads(cli("today", "--json").stdout)
    assert set(today) == {"at_risk", "overdue", "touchpoints_due", "slipping", "hours"}
    assert [e["id"] for e in today["at_risk"]] == [ids["at_risk"]]
    assert [e["id"] for e in today["overdue"]] == [ids["silent"]]
    assert {"Fjord", "Gamma", "Delta", "Echo"} <= {t["client"] for t in today["touchpoints_due"]}

    since = cli("portfolio", "--json", "--since", "2021-01-01")
    report = json.loads(since.stdout)
    clients = report["clients"]
    assert [c["name"] for c in clients][:2] == ["Acme", "Fjord"]
    assert clients[0]["share"] == 0.6 and clients[0]["tier"] == "A"
    assert all(set(c) >= {"name", "revenue", "share", "cumulative_share", "tier"} for c in clients)
    referrals = {r["referrer"]: r["attributed_revenue"] for r in report["referrals"]}
    assert referrals == {"Fjord": 1500.0, "Gamma": 500.0}
    assert report["friends_share"] == 0.35
    assert [w["name"] for w in report["concentration"]["warnings"]] == ["Acme"]
    assert report["checklist_gaps"][0]["friend"] is True

    # The table a person reads (it used to crash on any revenue: a float in a Rich cell).
    table = cli("portfolio", "--since", "2021-01-01")
    assert table.returncode == 0, table.stderr
    acme_row = next(line for line in table.stdout.splitlines() if "Acme" in line)
    assert f"{clients[0]['revenue']:,.2f}" in acme_row and "60.0%" in acme_row
    assert "Fjord: 1,500.00" in table.stdout  # referrer and attributed revenue
    norsk = cli("portfolio", "--since", "2021-01-01", "--lang", "nb")
    assert norsk.returncode == 0, norsk.stderr
    assert "Fjord: 1\u00a0500,00" in norsk.stdout or "Fjord: 1 500,00" in norsk.stdout

    announced = cli(
        "commitment",
        "announce",
        str(ids["at_risk"]),
        "--new-due",
        "2030-01-15",
        "--at",
        "2026-01-01T09:00:00+00:00",
        "--json",
    )
    assert announced.returncode == 0, announced.stderr
    data = json.loads(announced.stdout)
    assert data["commitment"]["due_at"].startswith("2030-01-15T17:00")
    assert data["commitment"]["original_due_at"] is not None
    assert data["notice"]["client"] == "Acme" and data["notice"]["before_due"] is True
