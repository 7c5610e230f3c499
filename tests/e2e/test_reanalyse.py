"""`rapport transcripts reanalyse` (text and --json), POST /api/transcripts/.../reanalyse
with access decided as for corrections, the transcript page's button, and `rapport analyze`
taking the labels you corrected before."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from rapport.bootstrap import Container
from rapport.i18n import gettext
from rapport.services.analysis import labeller_version
from tests.conftest import RunCli
from tests.e2e.test_cli_label_corrections import MEETING
from tests.integration.test_reanalysis import _as_if_older

LINE_4 = "The contract says the second milestone is due in March."


def _saved(cli: RunCli, tmp_path: Path, client: str = "Nordic Rail") -> int:
    assert cli("clients", "add", client).returncode == 0
    path = tmp_path / f"{client}.txt"
    path.write_text(MEETING, encoding="utf-8")
    args = ("--client", client, "--me", "Anna", "--on", "2026-11-23", "--save", "--json")
    result = cli("analyze", str(path), *args)
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["saved"]["analysis_id"])


def test_reanalyse_in_text_and_json(cli: RunCli, tmp_path: Path, container: Container) -> None:
    aid = _saved(cli, tmp_path)
    other = _saved(cli, tmp_path, "Oslo Bikes")
    assert cli("transcripts", "relabel", str(aid), "2", "other").returncode == 0
    _as_if_older(container, aid)
    done = cli("transcripts", "reanalyse", str(aid))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"meeting {aid} (Nordic Rail.txt): personal share 79% -> 0%, drifts 0 -> 0, "
        "5 labels changed"
    ]
    shown = json.loads(cli("transcripts", "show", str(aid), "--json").stdout)
    assert shown["labeller"] == labeller_version()
    assert shown["utterances"][1]["label"] == "other"  # the correction stayed

    _as_if_older(container, other)
    every = cli("transcripts", "reanalyse", "--all", "--json")
    assert every.returncode == 0, every.stderr
    result = json.loads(every.stdout)
    assert result["labeller"] == labeller_version()
    assert [(m["analysis_id"], m["skipped"]) for m in result["meetings"]] == [
        (aid, True),
        (other, False),
    ]
    moved = result["meetings"][1]
    assert moved["labeller"] == {"before": None, "after": labeller_version()}
    assert moved["personal_share"] == {"before": 1.0, "after": 0.0}
    text = cli("transcripts", "reanalyse", "--all", "--client", "Oslo Bikes", "--force")
    assert text.stdout.splitlines()[-1] == (
        f"1 meeting analysed again, 0 already current (labeller {labeller_version()})"
    )
    nb = cli("--lang", "nb", "transcripts", "reanalyse", "--all")
    assert nb.stdout.splitlines()[0] == gettext(
        "cli", "nb", "meeting {id} ({name}): already labelled by the current labeller"
    ).format(id=aid, name="Nordic Rail.txt")
    for args, message in (
        ((), "error: give one stored meeting ID, or --all"),
        ((str(aid), "--all"), "error: give one stored meeting ID, or --all"),
        ((str(aid), "--force"), "error: --client and --force go with --all"),
        (("99",), "error: no stored transcript analysis with id 99"),
        (("--all", "--client", "Nobody"), "error:"),
    ):
        refused = cli("transcripts", "reanalyse", *args)
        assert refused.returncode == 1, args
        assert refused.stderr.startswith(message), refused.stderr


def test_analyze_takes_the_labels_you_corrected_before(cli: RunCli, tmp_path: Path) -> None:
    aid = _saved(cli, tmp_path)
    assert cli("transcripts", "relabel", str(aid), "4", "personal").returncode == 0
    path = tmp_path / "later.txt"
    path.write_text(f"Anna: Good morning.\nKari: {LINE_4.upper()}\n", encoding="utf-8")
    plain = json.loads(cli("analyze", str(path), "--me", "Anna", "--json").stdout)
    learned = plain["utterances"][1]
    assert (learned["label"], learned["confidence"], learned["learned"]) == ("personal", 1.0, True)
    assert plain["utterances"][0]["learned"] is False
    assert cli("transcripts", "relabel", str(aid), "4", "reset").returncode == 0
    again = json.loads(cli("analyze", str(path), "--me", "Anna", "--json").stdout)
    assert again["utterances"][1]["learned"] is False


def _upload(api: Any, name: str, text: str, cid: int | None = None) -> Any:
    data = {"me": "Anna", "on": "2026-11-23"}
    if cid is not None:
        data |= {"client_id": str(cid), "save": "true"}
    files = {"file": (name, text.encode(), "text/plain")}
    return api.post("/api/transcripts", files=files, data=data)


def test_reanalyse_over_the_api_with_access(
    api: Any, api_as: Callable[[str, str], TestClient], container: Container
) -> None:
    cid = api.post("/api/clients", json={"name": "Oslo Bikes"}).json()["id"]
    aid = _upload(api, "m.txt", MEETING, cid).json()["saved"]["analysis_id"]
    _as_if_older(container, aid)
    url = f"/api/transcripts/{aid}/reanalyse"
    mia = api_as("mia", "member")  # not shared with her: as if it did not exist
    assert mia.post(url).status_code == 404
    assert mia.post("/api/transcripts/reanalyse").json()["meetings"] == []
    rita = api_as("rita", "read-only")
    assert api.put(f"/api/clients/{cid}/shares/rita", json={"can_edit": False}).status_code == 200
    assert rita.post(url).status_code == 403
    assert rita.post("/api/transcripts/reanalyse").status_code == 403
    assert api.put(f"/api/clients/{cid}/shares/mia", json={"can_edit": False}).status_code == 200
    assert mia.post(url).status_code == 403
    assert mia.post("/api/transcripts/reanalyse").json()["meetings"] == []
    assert "labeller" not in api.get(f"/api/transcripts/{aid}").json()

    done = api.post(url)
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["labeller"] == labeller_version()
    assert (
        body["reanalysed"]["personal_share"]["after"]
        < body["reanalysed"]["personal_share"]["before"]
    )
    assert api.get(f"/api/transcripts/{aid}").json()["metrics"] == body["metrics"]
    every = api.post("/api/transcripts/reanalyse", params={"client_id": cid}).json()
    assert [m["skipped"] for m in every["meetings"]] == [True]
    assert api.post("/api/transcripts/999/reanalyse").status_code == 404
    assert api.post("/api/transcripts/0/reanalyse").status_code == 422
    assert api.post("/api/transcripts/reanalyse", params={"client_id": 0}).status_code == 422

    # A correction teaches uploads of the workspace; only those who can see that client.
    body = {"labels": [{"utterance": 4, "label": "personal"}]}
    assert api.patch(f"/api/transcripts/{aid}/utterances", json=body).status_code == 200
    later = f"Anna: Good morning.\nKari: {LINE_4}\n"
    assert _upload(api, "later.txt", later).json()["utterances"][1]["learned"] is True
    stranger = api_as("sam", "member")
    assert _upload(stranger, "later.txt", later).json()["utterances"][1]["learned"] is False


def test_the_stored_page_shows_the_labeller_and_reanalyses(
    api: Any, container: Container, cli: RunCli, tmp_path: Path
) -> None:
    aid = _saved(cli, tmp_path)
    _as_if_older(container, aid)
    page = api.get(f"/transcripts/{aid}?lang=ja")
    assert f'action="/transcripts/{aid}/reanalyse"' in page.text
    assert "<script>" not in page.text and "onclick" not in page.text
    older = gettext(
        "web",
        "ja",
        "Labelled by an older labeller, from before versions were recorded; the current one "
        "is %(current)s.",
    )
    assert older % {"current": labeller_version()} in page.text
    sent = api.post(f"/transcripts/{aid}/reanalyse", follow_redirects=False)
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/transcripts/{aid}?reanalysed=1"
    shown = api.get(f"/transcripts/{aid}?reanalysed=1&lang=en")
    assert "Analysed again with the current labeller." in shown.text
    assert f"Labelled by the current labeller (version {labeller_version()})." in shown.text
    assert api.post("/transcripts/999/reanalyse").status_code == 404

    # An utterance labelled from an earlier correction says so.
    assert cli("transcripts", "relabel", str(aid), "4", "personal").returncode == 0
    files = {"file": ("later.txt", f"Me: Good morning.\nKari: {LINE_4}\n".encode(), "text/plain")}
    upload = api.post("/transcripts?lang=en", files=files, data={"me": "Me"})
    assert upload.status_code == 200
    assert "Labelled as you corrected before." in upload.text
