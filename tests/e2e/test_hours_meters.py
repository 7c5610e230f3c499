"""Meeting hours against the caps wherever a meeting is decided: Today, the client, triage
and the agenda builder, on the command line, the API and the web pages (docs/meetings.md).

The workspace: a weekly cap of 4 hours; Acme (cap 3 hours a month) had a 90-minute video
call two minutes ago and has a 2-hour meeting booked in two minutes: 1.5 held + 2 booked =
3.5 of 3 this month (over), 3.5 of 4 this week. A 60-minute request would make 4.5 of both.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.config import Settings
from rapport.domain.model import Client, Interaction, InteractionKind
from tests.conftest import RunCli

WEEK_CAP = {"RAPPORT_WEEKLY_MEETING_HOURS_CAP": "4"}


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_dir=tmp_path / "data", weekly_meeting_hours_cap=4)


def _workspace(container: Container) -> dict[str, Any]:
    ws = container.workspace
    acme = ws.add_client(Client(name="Acme", monthly_meeting_hours_cap=3))
    calm = ws.add_client(Client(name="Calm Co", monthly_meeting_hours_cap=10))
    assert acme.id is not None and calm.id is not None
    at = now().replace(microsecond=0)
    ws.add(Interaction(acme.id, InteractionKind.VIDEO, at - timedelta(minutes=2), 90))
    ws.add(Interaction(acme.id, InteractionKind.IN_PERSON, at + timedelta(minutes=2), 120))
    ws.add(Interaction(acme.id, InteractionKind.EMAIL, at - timedelta(minutes=3), 30))  # no meeting
    request = {
        "client": "Acme",
        "start": (at + timedelta(minutes=5)).isoformat(),
        "duration_min": 60,
        "format": "video",
    }
    return {"acme": acme.id, "calm": calm.id, "request": request, "at": at}


def _check_effect(hours: dict[str, Any]) -> None:
    week, month = hours["week"], hours["month"]
    assert (week["used"], week["booked"], week["cap"]) == (1.5, 2.0, 4.0)
    assert (month["used"], month["booked"], month["cap"]) == (1.5, 2.0, 3.0)
    assert week["after"] == month["after"] == 4.5
    assert week["over_after"] and month["over_after"]
    assert month["effect"] == "This would make 4.5 of 3 hours this month."
    assert week["effect"] == "This would make 4.5 of 4 hours this week."


def test_the_api_shows_the_meters_and_the_effect_of_a_request(
    api: Any, container: Container
) -> None:
    ids = _workspace(container)
    today = api.get("/api/today").json()["hours"]
    assert today["week"] == {
        "used": 1.5,
        "booked": 2.0,
        "cap": 4.0,
        "text": "Meeting hours this week: 1.5 held + 2 booked of 4",
    }
    assert [(c["client"], c["used"], c["booked"], c["cap"]) for c in today["clients_over_cap"]] == [
        ("Acme", 1.5, 2.0, 3.0)
    ]
    assert today["clients_over_cap"][0]["text"] == "Acme: 3.5 of 3 hours this month"
    trust = api.get(f"/api/trust/{ids['acme']}", params={"snapshot": "false"}).json()
    assert {k: trust["hours"]["month"][k] for k in ("used", "booked", "cap")} == {
        "used": 1.5,
        "booked": 2.0,
        "cap": 3.0,
    }
    triaged = api.post("/api/triage", json=ids["request"])
    assert triaged.status_code == 201, triaged.text
    _check_effect(triaged.json()["hours"])
    agenda = api.post(
        "/api/agenda",
        json={
            "client": "Acme",
            "start": ids["request"]["start"],
            "items": [{"title": "Budget", "minutes": 20}],
        },
    )
    assert agenda.is_success, agenda.text
    hours = agenda.json()["hours"]
    assert hours["month"]["after"] > 3.5 and hours["month"]["over_after"]
    # a meeting already in the calendar is not counted twice
    booked = (ids["at"] + timedelta(minutes=2)).isoformat()
    again = api.post("/api/triage", json={**ids["request"], "start": booked}).json()["hours"]
    assert again["in_calendar"] and again["month"]["after"] == 3.5


def test_the_command_line_shows_the_meters(cli: RunCli, container: Container) -> None:
    ids = _workspace(container)
    today = json.loads(cli("today", "--json", env=WEEK_CAP).stdout)
    assert {k: today["hours"]["week"][k] for k in ("used", "booked", "cap")} == {
        "used": 1.5,
        "booked": 2.0,
        "cap": 4.0,
    }
    assert [c["client"] for c in today["hours"]["clients_over_cap"]] == ["Acme"]
    text = cli("today", env=WEEK_CAP).stdout
    assert "Meeting hours this week: 1.5 held + 2 booked of 4" in text
    assert "Acme: 3.5 of 3 hours this month" in text and "Calm Co" not in text
    nb = cli("today", "--lang", "nb", env=WEEK_CAP).stdout
    assert "Møtetimer denne uken: 1,5 holdt + 2 avtalt av 4" in nb

    trust = json.loads(cli("trust", "Acme", "--json", "--no-snapshot").stdout)
    assert {k: trust["hours"]["month"][k] for k in ("used", "booked", "cap")} == {
        "used": 1.5,
        "booked": 2.0,
        "cap": 3.0,
    }
    shown = cli("trust", "Acme", "--no-snapshot").stdout
    assert "Meeting hours this month: 1.5 held + 2 booked of 3" in shown
    calm = json.loads(cli("trust", "Calm Co", "--json", "--no-snapshot").stdout)
    assert calm["hours"]["month"] == {
        "used": 0.0,
        "booked": 0.0,
        "cap": 10.0,
        "text": "Meeting hours this month: 0 held + 0 booked of 10",
    }

    path = Path(container.settings.data_dir) / "request.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ids["request"]), encoding="utf-8")
    decided = json.loads(cli("triage", "--request", str(path), "--json", env=WEEK_CAP).stdout)
    _check_effect(decided["hours"])
    said = cli("triage", "--request", str(path), env=WEEK_CAP).stdout
    assert "This would make 4.5 of 3 hours this month." in said
    assert "This would make 4.5 of 4 hours this week." in said

    args = ["agenda", "-c", "Acme", "-i", "Budget:20", "--start", ids["request"]["start"]]
    built = cli(*args, env=WEEK_CAP)
    assert "Meeting hours this month: 1.5 held + 2 booked of 3 — This would make" in built.stdout
    assert json.loads(cli(*args, "--json", env=WEEK_CAP).stdout)["hours"]["month"]["over_after"]
    email = cli(*args, "--email", env=WEEK_CAP).stdout
    assert "Meeting hours" not in email  # what the client reads never shows your caps


def test_the_pages_show_the_meters(api: Any, container: Container) -> None:
    ids = _workspace(container)
    today = api.get("/today", params={"lang": "en"}).text
    assert 'id="hours-week"' in today and 'data-cap="4.0"' in today
    assert "Meeting hours this week: 1.5 held + 2 booked of 4" in today
    assert f'<a href="/clients/{ids["acme"]}">Acme: 3.5 of 3 hours this month</a>' in today
    ja = api.get("/today", params={"lang": "ja"}).text
    assert "今週の打ち合わせ時間：実施 1.5 時間 + 予定 2 時間（上限 4 時間）" in ja

    client = api.get(f"/clients/{ids['acme']}", params={"lang": "en"}).text
    assert 'id="hours-month"' in client and "hours-meter over" in client
    assert "Meeting hours this month: 1.5 held + 2 booked of 3" in client
    assert "<meter" in client

    form = {
        "client": str(ids["acme"]),
        "start": ids["request"]["start"][:16],
        "duration_min": "60",
        "format": "video",
        "organizer": "client",
        "essential": "on",
        "reason": "none",
    }
    triaged = api.post("/meetings/triage?lang=en", data=form)
    assert triaged.status_code == 200, triaged.text[:500]
    assert "This would make 4.5 of 3 hours this month." in triaged.text
    assert "This would make 4.5 of 4 hours this week." in triaged.text
    vi = api.post("/meetings/triage?lang=vi", data=form).text
    assert "Nếu nhận cuộc họp này, tháng này sẽ thành 4,5 trên 3 giờ." in vi

    plan = {"client": str(ids["acme"]), "items": "Budget: 20", "start": form["start"]}
    built = api.post("/meetings/agenda?lang=en", data=plan)
    assert built.status_code == 200 and 'id="hours-month"' in built.text
    assert "Meeting hours this month: 1.5 held + 2 booked of 3" in built.text
    assert "This would make" in built.text
