"""Agendas saved for a planned meeting: service, CLI, API and the Today page, on both
databases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.agenda import Topic
from rapport.domain.model import Client
from rapport.errors import InvalidInputError, NotFoundError
from rapport.i18n import gettext
from rapport.jsonable import plain
from rapport.services.meetings import MeetingLog
from tests.conftest import RunCli


def _client(container: Container) -> Client:
    return container.workspace.add_client(
        Client(name="Sakura KK", language="ja", timezone="Asia/Tokyo", personal_budget=0.1)
    )


def test_service_saves_lists_by_day_gets_and_deletes(container: Container) -> None:
    _client(container)
    agendas = container.agendas
    topics = [Topic("Budget review", 20)]
    # 23:30 in Tokyo on 1 December is 14:30 UTC: the day is read in the zone asked for
    view = agendas.build("Sakura KK", topics, video=True, start="2026-12-01T23:30")
    saved = agendas.save(view, topics, "video")
    assert saved.start == datetime(2026, 12, 1, 14, 30, tzinfo=UTC)
    assert saved.items == plain(view.items()) and saved.opening_line == view.opening_line
    assert saved.topics == [{"title": "Budget review", "minutes": 20}]
    assert [a.id for a in agendas.saved(date(2026, 12, 1), "Asia/Tokyo")] == [saved.id]
    assert agendas.saved(date(2026, 12, 2), "Asia/Tokyo") == []
    assert [a.id for a in agendas.saved(date(2026, 12, 1))] == [saved.id]  # UTC setting
    assert agendas.get_saved(saved.id).client == "Sakura KK"
    # logging the meeting (a little late) links it to the agenda it was planned with
    logged = container.meetings.log(MeetingLog("Sakura KK", "2026-12-01T23:40", 30))
    assert agendas.get_saved(saved.id).interaction_id == logged.interaction.id
    agendas.delete_saved(saved.id)
    with pytest.raises(NotFoundError):
        agendas.get_saved(saved.id)
    with pytest.raises(InvalidInputError, match="--start"):
        agendas.save(agendas.build("Sakura KK", topics), topics, "video")
    with pytest.raises(InvalidInputError, match="format"):
        agendas.save(view, topics, "carrier pigeon")
    assert agendas.saved() == []


def test_cli_saves_and_lists(cli: RunCli, container: Container) -> None:
    _client(container)
    saved = cli(
        "agenda", "--client", "Sakura KK", "--item", "Launch:15", "--call",
        "--start", "2026-12-01T10:00", "--save",
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    assert "saved agenda 1" in saved.stderr
    listed = cli("agenda", "list", "--day", "2026-12-01", "--json")
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert entry["id"] == 1 and entry["format"] == "call" and entry["client"] == "Sakura KK"
    assert entry["start"] == "2026-12-01T01:00:00+00:00"
    assert entry["items"][0]["kind"] == "opening"


def test_api_save_list_get_delete(api: Any, container: Container) -> None:
    _client(container)
    body = {
        "client": "Sakura KK",
        "items": [{"title": "Budget review", "minutes": 20}],
        "start": "2026-12-01T10:00",
        "format": "video",
    }
    created = api.post("/api/agendas", json=body)
    assert created.status_code == 201, created.text
    agenda_id = created.json()["id"]
    saved_items = created.json()["items"]
    assert [i["kind"] for i in saved_items].count("business") == 1
    assert [c["at_min"] for c in saved_items[1]["checkpoints"]] == [5, 10, 15]
    assert [a["id"] for a in api.get("/api/agendas?day=2026-12-01").json()] == [agenda_id]
    assert api.get("/api/agendas?day=2026-12-02").json() == []
    assert api.get(f"/api/agendas/{agenda_id}").json()["format"] == "video"
    assert api.post("/api/agendas", json={**body, "start": ""}).status_code == 422
    assert api.delete(f"/api/agendas/{agenda_id}").status_code == 204
    assert api.get(f"/api/agendas/{agenda_id}").status_code == 404


def test_saved_agenda_for_today_is_on_the_today_page(api: Any, container: Container) -> None:
    client = _client(container)
    form = {
        "client": str(client.id),
        "items": "Budget review: 20",
        "video": "on",
        "start": "",
    }
    missing = api.post("/meetings/agenda/save?lang=nb", data=form)
    assert missing.status_code == 422
    assert gettext("web", "nb", "Give the start of the meeting to save its agenda.") in (
        missing.text
    )
    assert "Budget review: 20" in missing.text  # input kept
    start = now().astimezone(ZoneInfo("Asia/Tokyo")).replace(second=0, microsecond=0)
    form["start"] = start.strftime("%Y-%m-%dT%H:%M")
    saved = api.post("/meetings/agenda/save?lang=en", data=form)
    assert saved.status_code == 200, saved.text[:500]
    assert 'id="agenda-saved"' in saved.text
    assert [a.start for a in container.agendas.saved(now().date())] == [start]
    for lang in ("en", "ja"):
        page = api.get(f"/today?lang={lang}").text
        assert gettext("web", lang, "Today's meetings") in page
        assert "Budget review" in page
        assert 'action="/meetings/live"' in page and "Budget review: 20" in page
        assert gettext("web", lang, "Start live meeting") in page
    tomorrow = container.agendas.build(
        "Sakura KK",
        [Topic("Not today", 5)],
        start=(start + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
    )
    container.agendas.save(tomorrow, [Topic("Not today", 5)], "in_person")
    assert "Not today" not in api.get("/today?lang=en").text
