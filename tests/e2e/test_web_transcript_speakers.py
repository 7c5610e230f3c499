"""Speakers on the transcript pages and in `rapport analyze`: a cue without a speaker is
"Unknown speaker" in the user's language, and when my name is not among the speakers the
page says so and lets me pick mine without uploading again."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from rapport.bootstrap import Container
from rapport.domain.model import LANGUAGES
from rapport.i18n import gettext
from tests.conftest import RunCli
from tests.e2e.web_support import seed, visible_text

ZOOM_VTT = """WEBVTT

1
00:00:00.000 --> 00:00:20.000
Dr. Jane Smith: Good morning. So here's the plan for the launch budget.

2
00:00:20.000 --> 00:01:00.000
Mr. Nguyen Van A: The print costs went up by ten percent, so we need a decision.

3
00:01:00.000 --> 00:01:30.000
Dr. Jane Smith: I'll send you the revised estimate by 2026-12-04.

4
00:01:30.000 --> 00:01:40.000
Thanks, talk soon!
"""


def upload(api: Any, data: dict[str, str], lang: str = "en", **kw: Any) -> Any:
    files = {"file": ("zoom.vtt", ZOOM_VTT.encode(), "text/vtt")}
    return api.post(f"/transcripts?lang={lang}", data=data, files=files, **kw)


def hidden(page: str, name: str) -> str:
    m = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)
    assert m is not None, f"no hidden field {name}"
    return html.unescape(m[1])


def my_share(page: str) -> str:
    text = visible_text(page)
    m = re.search(r"My share of the talking\s+(\S+)", text)
    assert m is not None
    return m[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_cue_without_a_speaker_is_an_unknown_speaker(api: Any, lang: str) -> None:
    page = upload(api, {"me": "Jane"}, lang)
    assert page.status_code == 200, page.text[:300]
    unknown = gettext("web", lang, "Unknown speaker")
    rows = re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', page.text)
    assert rows == ["Dr. Jane Smith", "Mr. Nguyen Van A", "Dr. Jane Smith", unknown]
    assert f"{unknown}: <strong>" in page.text  # talk share per speaker
    assert "None" not in visible_text(page.text) and "(unknown)" not in page.text


def test_my_name_matches_a_speaker_with_a_title(api: Any) -> None:
    page = upload(api, {"me": "Jane Smith"})
    assert 'id="me-missing"' not in page.text
    assert my_share(page.text) != "0%"


def test_me_missing_warns_and_offers_the_speakers_found(api: Any, container: Container) -> None:
    first = upload(api, {"me": "Me"})
    assert first.status_code == 200
    text = visible_text(first.text)
    assert "Me is not among the speakers (Dr. Jane Smith and Mr. Nguyen Van A)" in text
    assert my_share(first.text) == "0%"
    options = re.findall(r'<option value="([^"]*)">', first.text.split('id="choose-me"')[1])
    assert options == ["Dr. Jane Smith", "Mr. Nguyen Van A"]
    again = api.post(
        "/transcripts",
        data={
            "transcript": hidden(first.text, "transcript"),
            "filename": hidden(first.text, "filename"),
            "kept_me": hidden(first.text, "kept_me"),
            "me": "Dr. Jane Smith",
        },
    )
    assert again.status_code == 200
    assert 'id="me-missing"' not in again.text
    assert my_share(again.text) == "50%"  # 50 of the 100 seconds of talk
    assert "I'll send you the revised estimate by 2026-12-04." in visible_text(again.text)
    assert container.workspace.snapshot().interactions == []


def test_choosing_myself_then_saves_with_the_client(api: Any, container: Container) -> None:
    ids = seed(container.workspace)
    asked = upload(
        api,
        {"me": "Me", "client": str(ids["fjord"]), "save": "on", "on": "2026-11-20"},
        follow_redirects=False,
    )
    assert asked.status_code == 200  # not saved yet: first say who you are
    assert "Nothing is kept with the client until you choose." in asked.text
    assert not [i for i in container.workspace.snapshot().interactions if i.source == "transcript"]
    fields = {
        name: hidden(asked.text, name)
        for name in ("transcript", "filename", "kept_me", "client", "save", "on")
    }
    saved = api.post(
        "/transcripts", data={**fields, "me": "Dr. Jane Smith"}, follow_redirects=False
    )
    assert saved.status_code == 303
    stored = container.conversation.get(int(saved.headers["location"].rsplit("/", 1)[1])).result
    assert stored["me"] == "Dr. Jane Smith"
    assert stored["roles"]["Dr. Jane Smith"] == "me"
    assert stored["meeting_date"] == "2026-11-20"
    assert [p["text"] for p in stored["promises"]] == [
        "I'll send you the revised estimate by 2026-12-04."
    ]


def test_i_am_not_in_this_transcript_goes_on_with_my_name(api: Any, container: Container) -> None:
    ids = seed(container.workspace)
    asked = upload(api, {"me": "Kari", "client": str(ids["fjord"]), "save": "on"})
    fields = {name: hidden(asked.text, name) for name in ("transcript", "filename", "kept_me")}
    kept = api.post(
        "/transcripts",
        data={**fields, "client": str(ids["fjord"]), "save": "on", "me": "Mr. Nguyen Van A"}
        | {"keep_me": "on"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    stored = container.conversation.get(int(kept.headers["location"].rsplit("/", 1)[1])).result
    assert stored["me"] == "Kari" and "me" not in stored["roles"].values()
    page = api.get(kept.headers["location"]).text
    assert 'id="me-missing"' in page and 'id="choose-me"' not in page  # the warning stays


def test_a_tampered_kept_file_is_a_clear_error(api: Any) -> None:
    bad = api.post("/transcripts?lang=nb", data={"transcript": "not base64!", "me": "Anna"})
    assert bad.status_code == 422
    assert gettext("web", "nb", "Choose a transcript file.") in bad.text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_analyze_names_an_unknown_speaker_in_my_language(
    cli: RunCli, tmp_path: Path, lang: str
) -> None:
    path = tmp_path / "zoom.vtt"
    path.write_text(ZOOM_VTT, encoding="utf-8")
    result = cli("--lang", lang, "analyze", str(path), "--me", "Jane")
    assert result.returncode == 0, result.stderr
    unknown = gettext("conversation", lang, "Unknown speaker")
    assert any(line.startswith(unknown) and "10%" in line for line in result.stdout.splitlines())
    assert "(unknown)" not in result.stdout and "None" not in result.stdout
    data = json.loads(cli("analyze", str(path), "--me", "Jane", "--json").stdout)
    assert data["utterances"][-1]["speaker"] is None  # the JSON contract keeps null
