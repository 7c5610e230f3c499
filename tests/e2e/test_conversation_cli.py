"""`rapport classify` (the measuring contract) and `rapport analyze` through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, RunCli


def rapport(
    *args: str, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, for what needs no database (run once, not per backend)."""
    return subprocess.run(
        [sys.executable, "-m", "rapport", *args],
        input=input,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "RAPPORT_DATABASE_URL": "sqlite:///:memory:",
            **(env or {}),
        },
        timeout=300,
    )


MEETING_VTT = """WEBVTT

1
00:00:00.000 --> 00:00:05.000
Anna Berg: Hi Kari, good morning!

2
00:00:05.000 --> 00:00:15.000
Kari Nordmann: Morning. How was your weekend?

3
00:00:15.000 --> 00:00:35.000
Anna Berg: Lovely, we went hiking in the mountains with the kids.

4
00:00:35.000 --> 00:01:30.000
Kari Nordmann: Where are we with the migration? The invoice for March is still open too.

5
00:01:30.000 --> 00:02:30.000
Anna Berg: The migration is two weeks behind. I'll send you the revised plan by Friday.

6
00:02:30.000 --> 00:02:40.000
Anna Berg: Thanks, bye!
"""


def test_classify_writes_one_object_per_line_in_order() -> None:
    lines = [
        "How was your weekend?",
        "",
        "The invoice for March is still open.",
        "明日までに見積書をお送りします。",
        "周末你去哪儿玩了？",
        "Cuối tuần của anh thế nào?",
        "Takk for i dag, ha det!",
    ]
    result = rapport("classify", "--json", input="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == lines
    for r in records:
        assert set(r) >= {"text", "label", "language", "confidence"}
        assert r["label"] in {"business", "personal", "other"}
        assert 0 <= r["confidence"] <= 1
    assert records[1]["label"] == "other"
    assert [r["language"] for r in records[3:]] == ["ja", "zh-Hans", "vi", "nb"]
    assert records[0]["label"] == "personal"
    assert records[2]["label"] == "business"


def test_analyze_saves_the_meeting_and_accepts_promises(cli: RunCli, tmp_path: Path) -> None:
    assert cli("clients", "add", "Nordic Rail").returncode == 0
    path = tmp_path / "meeting.vtt"
    path.write_text(MEETING_VTT, encoding="utf-8")
    result = cli(
        "analyze",
        str(path),
        "--client",
        "Nordic Rail",
        "--me",
        "Anna Berg",
        "--on",
        "2026-11-23T10:30",
        "--save",
        "--accept-promises",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["basis"] == "time"
    assert data["speakers"] == ["Anna Berg", "Kari Nordmann"]
    assert set(data["metrics"]) >= {
        "personal_share",
        "talk_share",
        "longest_monologue",
        "drifts",
        "questions",
        "self_reference",
        "quiet_stretches",
    }
    assert abs(sum(data["metrics"]["talk_share"].values()) - 1) < 0.01
    assert data["promises"] == [
        {
            "speaker": "Anna Berg",
            "text": "The migration is two weeks behind. I'll send you the revised plan by Friday.",
            "due": "2026-11-27",
            "line": 20,
        }
    ]
    saved = data["saved"]
    assert len(saved["commitment_ids"]) == 1

    shown = json.loads(cli("transcripts", "show", str(saved["analysis_id"]), "--json").stdout)
    assert shown["interaction_id"] == saved["interaction_id"]
    assert len(shown["utterances"]) == 6


def test_analyze_prints_a_summary_in_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "meeting.vtt"
    path.write_text(MEETING_VTT, encoding="utf-8")
    result = rapport("analyze", str(path), "--me", "Anna", env={"RAPPORT_LANGUAGE": "nb"})
    assert result.returncode == 0, result.stderr
    assert "Taletid: du" in result.stdout
    assert "Løfter du ga:" in result.stdout


def test_malformed_transcript_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:0x,000 --> x\nYo\n")
    result = rapport("analyze", str(path))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error: bad.srt:5: not a valid SRT cue")


def test_classify_reads_crlf_and_a_bom() -> None:
    result = rapport("classify", input="\ufeffHow was your weekend?\r\n\r\nok\r\n")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == ["How was your weekend?", "", "ok"]
    assert records[1]["label"] == "other"
