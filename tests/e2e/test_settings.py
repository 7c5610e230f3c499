"""Your profile and settings (issue 12, item 1): `rapport settings` / `rapport profile`, the
layering defaults < stored < RAPPORT_* environment, the export, and the web page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import Container, build
from rapport.config import Settings
from rapport.domain.model import LANGUAGES, Client
from tests.conftest import RunCli


def settings_json(cli: RunCli, **env: str) -> dict[str, Any]:
    shown = cli("settings", "show", "--json", env=env or None)
    assert shown.returncode == 0, shown.stderr
    data: dict[str, Any] = json.loads(shown.stdout)
    return data


def test_set_show_unset_and_where_each_value_comes_from(cli: RunCli) -> None:
    start = settings_json(cli)
    assert start["settings"]["name"] == "" and start["sources"]["name"] == "default"
    for key in ("name", "title", "company", "time_zone", "language", "weekly_meeting_hours"):
        assert key in start["settings"]
    assert cli("settings", "set", "name", "Ann Example").returncode == 0
    assert cli("settings", "set", "time_zone", "Europe/Oslo").returncode == 0
    assert cli("settings", "set", "weekly_meeting_hours", "12,5").returncode == 0
    assert cli("settings", "set", "signature.ja", "株式会社サンプル\n営業部").returncode == 0
    shown = settings_json(cli)
    assert shown["settings"]["name"] == "Ann Example"
    assert shown["settings"]["time_zone"] == "Europe/Oslo"
    assert shown["settings"]["weekly_meeting_hours"] == "12.5"
    assert shown["sources"]["name"] == "stored"
    # the environment wins over the stored value (servers), and says so
    env = settings_json(cli, RAPPORT_ME="Env Name")
    assert (env["settings"]["name"], env["sources"]["name"]) == ("Env Name", "environment")
    assert cli("profile", "--json").stdout.count("Ann Example") == 1
    assert cli("settings", "unset", "name").returncode == 0
    assert settings_json(cli)["settings"]["name"] == ""


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("colour", "red", "unknown setting colour"),
        ("time_zone", "Mars/Base", "unknown time zone 'Mars/Base'"),
        ("language", "fr", "unknown language 'fr'"),
        ("weekly_meeting_hours", "many", "not a number"),
        ("weekly_meeting_hours", "0", "above 0"),
        ("working_hours", "17:00-09:00", "HH:MM-HH:MM"),
        ("email", "ann", "not an email address"),
    ],
)
def test_a_bad_key_or_value_is_one_line_and_stores_nothing(
    cli: RunCli, key: str, value: str, says: str
) -> None:
    result = cli("settings", "set", key, value)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr
    assert settings_json(cli)["sources"].get(key, "default") == "default"


def test_stored_settings_flow_into_the_settings_the_services_read(settings: Settings) -> None:
    first = build(settings)
    first.profile.set("weekly_meeting_hours", "9")
    first.profile.set("name", "Ann Example")
    first.close()
    again = build(Settings(database_url=settings.database_url, data_dir=settings.data_dir))
    _ = again.db  # the composition root applies the stored settings
    assert again.settings.weekly_meeting_hours_cap == 9.0
    assert again.settings.me == "Ann Example"
    again.close()
    env = build(
        Settings(
            database_url=settings.database_url,
            data_dir=settings.data_dir,
            weekly_meeting_hours_cap=20,
        )
    )
    _ = env.db
    assert env.settings.weekly_meeting_hours_cap == 20  # the environment (or a flag) wins
    env.close()


def test_drafts_are_signed_with_the_name_and_warn_while_it_is_unset(cli: RunCli) -> None:
    cli("clients", "add", "Fjordlys AS", "--language", "nb", "--timezone", "Europe/Oslo")
    unnamed = cli("draft", "check_in", "--client", "Fjordlys AS", "--lang", "en", "--json")
    assert unnamed.returncode == 0
    assert "Me" not in json.loads(unnamed.stdout)["body"].split()
    assert "rapport settings set name" in unnamed.stderr
    cli("settings", "set", "name", "Ann Example")
    for lang in LANGUAGES:
        for kind in ("check_in", "feedback", "reschedule", "deviation", "shorten"):
            out = cli("draft", kind, "--client", "Fjordlys AS", "--lang", lang, "--json")
            assert out.returncode == 0, out.stderr
            draft = json.loads(out.stdout)
            assert set(draft) >= {"subject", "body"}
            assert "Ann Example" in draft["body"], (kind, lang, draft["body"])
            assert "rapport settings set name" not in out.stderr


def test_the_settings_travel_with_the_workspace_export(
    cli: RunCli, tmp_path: Path, db_url: str
) -> None:
    cli("settings", "set", "name", "Ann Example")
    cli("settings", "set", "company", "Example AS")
    out = tmp_path / "ws.json"
    assert cli("export", "json", str(out)).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    stored = {r["key"]: r["value"] for r in doc["profile_settings"]}
    assert stored == {"name": "Ann Example", "company": "Example AS"}
    if db_url.startswith("sqlite"):
        second = f"sqlite:///{tmp_path / 'second.db'}"
        env = {"RAPPORT_DATABASE_URL": second}
        assert cli("import", "json", str(out), env=env).returncode == 0
        assert settings_json(cli, **env)["settings"]["company"] == "Example AS"


def test_the_settings_page_in_every_language_saves_and_refuses_bad_values(
    api: Any, container: Container
) -> None:
    container.workspace.add(Client(name="Fjordlys AS", language="nb", timezone="Europe/Oslo"))
    home = api.get("/clients")
    assert 'href="/settings"' in home.text and "name-missing" in home.text
    for lang in LANGUAGES:
        page = api.get(f"/settings?lang={lang}")
        assert page.status_code == 200
        assert 'name="name"' in page.text and 'name="signature.ja"' in page.text
    bad = api.post("/settings", data={"name": "Ann Example", "time_zone": "Mars/Base"})
    assert bad.status_code == 422 and "Mars/Base" in bad.text
    assert container.profile.stored() == {}  # nothing half-written
    good = api.post(
        "/settings",
        data={"name": "Ann Example", "time_zone": "Europe/Oslo", "company": "Example AS"},
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert container.profile.stored()["name"] == "Ann Example"
    assert "name-missing" not in api.get("/clients").text
    assert "Ann Example" in api.get("/settings").text
