"""`rapport transcripts show` lists the numbered utterances; `rapport transcripts relabel`
corrects them and prints how the figures moved."""

from __future__ import annotations

import json
from pathlib import Path

from rapport.i18n import gettext
from tests.conftest import RunCli

MEETING = (
    "[00:00:00] Anna: Hi Kari!\n"
    "[00:00:10] Kari: Where are we with the invoice for phase two?\n"
    "[00:01:00] Anna: I'll send you the corrected invoice for phase two by Friday.\n"
    "[00:02:00] Kari: The contract says the second milestone is due in March.\n"
    "[00:03:00] Anna: We will deliver the reports for the second milestone on time.\n"
    "[00:04:00] Kari: Thanks, bye.\n"
)


def _saved(cli: RunCli, tmp_path: Path) -> str:
    assert cli("clients", "add", "Nordic Rail").returncode == 0
    path = tmp_path / "m.txt"
    path.write_text(MEETING, encoding="utf-8")
    args = ("--client", "Nordic Rail", "--me", "Anna", "--on", "2026-11-23", "--save", "--json")
    result = cli("analyze", str(path), *args)
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["saved"]["analysis_id"])


def _row(stdout: str, number: int) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(f"│ {number} "))


def test_show_relabel_and_reset_in_text(cli: RunCli, tmp_path: Path) -> None:
    aid = _saved(cli, tmp_path)
    shown = cli("transcripts", "show", aid)
    assert shown.returncode == 0, shown.stderr
    # On the time basis; the last utterance has no length (nothing timed follows it).
    assert "Business 96%, personal 0%, other 4%" in shown.stdout
    assert "The contract says the second milestone" in _row(shown.stdout, 4)
    assert "business" in _row(shown.stdout, 4)
    assert f"rapport transcripts relabel {aid} NUMBER LABEL" in shown.stdout

    done = cli("transcripts", "relabel", aid, "3", "personal", "4", "Personal")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "utterance 3: business -> personal",
        "utterance 4: business -> personal",
        "personal share 0% -> 50%, drifts 0 -> 1",
    ]
    shown = cli("transcripts", "show", aid)
    assert "Business 46%, personal 50%, other 4%" in shown.stdout
    assert "personal (corrected; the labeller said business)" in _row(shown.stdout, 4)
    assert "100%" in _row(shown.stdout, 4)

    back = cli("transcripts", "relabel", aid, "3", "reset", "4", "business")
    assert back.stdout.splitlines() == [
        "utterance 3: back to the labeller's label, business",
        "utterance 4: back to the labeller's label, business",
        "personal share 50% -> 0%, drifts 1 -> 0",
    ]
    assert "Business 96%, personal 0%, other 4%" in cli("transcripts", "show", aid).stdout


def test_relabel_json_and_errors(cli: RunCli, tmp_path: Path) -> None:
    aid = _saved(cli, tmp_path)
    done = cli("transcripts", "relabel", aid, "2", "other", "--json")
    assert json.loads(done.stdout) == {
        "analysis_id": int(aid),
        "changes": [{"utterance": 2, "before": "business", "after": "other", "reset": False}],
        "personal_share": {"before": 0.0, "after": 0.0},
        "drifts": {"before": 0, "after": 0},
    }
    shown = json.loads(cli("transcripts", "show", aid, "--json").stdout)
    assert shown["utterances"][1]["label"] == "other"
    assert shown["corrections"][0]["model_label"] == "business"
    for args, message in (
        (("4",), "error: give utterance numbers and labels in pairs"),
        (("four", "personal"), "error: not an utterance number: 'four'"),
        (("4", "gossip"), "error: utterance 4: unknown label 'gossip'"),
        (("4", "personal", "4", "other"), "error: utterance 4 is given twice"),
        (("9", "personal"), "error: utterance 9: no such utterance (this meeting has 6)"),
    ):
        result = cli("transcripts", "relabel", aid, *args)
        assert result.returncode == 1
        assert result.stderr.startswith(message), result.stderr
    assert cli("transcripts", "relabel", "99", "1", "other").returncode == 1
    # Nothing of the refused commands was written.
    after = json.loads(cli("transcripts", "show", aid, "--json").stdout)
    assert [c["utterance"] for c in after["corrections"]] == [2]


def test_relabel_speaks_the_users_language(cli: RunCli, tmp_path: Path) -> None:
    aid = _saved(cli, tmp_path)
    done = cli("--lang", "nb", "transcripts", "relabel", aid, "4", "personal")
    assert done.returncode == 0, done.stderr
    template = "utterance {number}: {before} -> {after}"
    assert gettext("cli", "nb", template) != template
    first = gettext("cli", "nb", template).format(
        number=4,
        before=gettext("cli", "nb", "business"),
        after=gettext("cli", "nb", "personal"),
    )
    assert done.stdout.splitlines()[0] == first
    shown = cli("--lang", "ja", "transcripts", "show", aid)
    corrected = gettext("cli", "ja", "{label} (corrected; the labeller said {model})")
    assert corrected.format(
        label=gettext("cli", "ja", "personal"), model=gettext("cli", "ja", "business")
    ) in _row(shown.stdout, 4)
    refused = cli("--lang", "vi", "transcripts", "relabel", aid, "9", "other")
    assert refused.stderr.startswith("lỗi: không có phát ngôn 9 (cuộc họp này có 6)"), (
        refused.stderr
    )
