"""The README tour runs as written (issue 13): its commands, parsed from README.md, in
order, on the state `make run` leaves (`rapport demo --if-empty` on a fresh workspace), with
the sample files from examples/, on both databases. When README and reality diverge (a
command renamed, a sample file missing, an option gone) this fails."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[2]


def tour_commands() -> list[list[str]]:
    """The command lines of the README's "A tour" code block (comments dropped)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## A tour", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "README.md: no ```sh block under '## A tour'"
    return [shlex.split(line, comments=True) for line in block[1].splitlines() if line.strip()]


def run_line(cli: RunCli, words: list[str], cwd: Path) -> tuple[str, str]:
    """Run one tour line (``rapport ...`` or ``echo TEXT | rapport ...``); return the
    command's name and its standard output. Every line must succeed."""
    given = None
    if "|" in words:
        at = words.index("|")
        assert words[0] == "echo", f"only `echo ... |` pipes are supported: {words}"
        given = " ".join(words[1:at]) + "\n"
        words = words[at + 1 :]
    assert words[0] == "rapport", f"a tour line that is not a rapport command: {words}"
    args = words[1:]
    if args[:2] == ["assess", "--lang"]:
        given = "4\n" * 40  # a statement at a time, answered on the 1-5 scale
    result = cli(*args, input=given, cwd=cwd)
    assert result.returncode == 0, f"{shlex.join(words)} failed:\n{result.stdout}{result.stderr}"
    name = " ".join(a for a in args[:2] if not a.startswith("-"))
    return name, result.stdout


def test_the_readme_tour_runs_as_written(cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    made = cli("demo", "--if-empty")  # what `make run` does first
    assert made.returncode == 0 and "demo workspace written" in made.stdout

    commands = tour_commands()
    assert len(commands) >= 10
    out: dict[str, str] = {}
    for words in commands:
        name, stdout = run_line(cli, words, tmp_path)
        out[name] = stdout

    # what each step is for, in the text a person reads
    assert "replaced the workspace with the demo for seed 7" in out["demo"]
    assert "Brightwell Legal" in out["trust Brightwell Legal"]
    assert out["portfolio"].strip()
    assert re.search(r"[\u3040-\u30ff]", out["assess"]), "the assessment is not in Japanese"
    assert "Ingrid" in out["draft check_in"]
    agenda = out["agenda"]
    assert agenda.count("Budget review") == 1 and agenda.count("Launch plan") == 1
    assert "part 1" not in agenda
    assert out["triage"].startswith("decision: ")
    assert "Promises you made" in out["analyze examples/meeting.vtt"]
    assert json.loads(out["classify"].splitlines()[0])["label"] == "personal"
    announced = out["commitment announce"]
    assert "The message to send" in announced and "send the revised estimate" in announced
    calendar = out["import ics"]
    assert "would create 13 interactions" in calendar
    assert len(calendar.splitlines()) <= 8, calendar  # a summary, not a line per occurrence
    assert (tmp_path / "workspace.json").stat().st_size > 10_000
    assert (tmp_path / "rapport-backup.db").stat().st_size > 10_000


def test_the_tour_announcement_is_recorded_once_and_never_late(cli: RunCli, tmp_path: Path) -> None:
    """`commitment announce last` lands on the promise just added; a second announcement,
    and one after the due date, are refused with one clear line and change nothing."""
    cli("demo", "--seed", "7")
    added = cli(
        "commitment",
        "add",
        "--client",
        "Brightwell Legal",
        "--text",
        "Send it",
        "--due",
        "+3d",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    promise = json.loads(added.stdout)
    first = cli("commitment", "announce", "last", "--new-due", "+10d", "--json")
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["commitment"]["id"] == promise["id"]
    assert data["notice"]["notice_days"] >= 2 and data["notice"]["before_due"]
    assert data["draft"]["language"] == "en" and "send it" in data["draft"]["body"]

    again = cli("commitment", "announce", str(promise["id"]), "--new-due", "+20d")
    assert again.returncode == 1
    errors = [line for line in again.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: commitment {promise['id']} was already announced")

    late = cli(
        "commitment",
        "add",
        "--client",
        "Brightwell Legal",
        "--text",
        "Old one",
        "--due",
        "2026-01-05",
        "--made-at",
        "2026-01-01",
        "--json",
    )
    assert late.returncode == 0, late.stderr
    late_id = json.loads(late.stdout)["id"]
    refused = cli("commitment", "announce", str(late_id), "--new-due", "+5d")
    assert refused.returncode == 1
    assert "before the client is told" in refused.stderr
    assert f"rapport commitment recommit {late_id} --new-due DATE" in refused.stderr
    shown = json.loads(cli("commitment", "list", "--json").stdout)
    old = next(c for c in shown if c["id"] == late_id)
    assert old["announced_at"] is None
    redone = cli("commitment", "recommit", "last", "--new-due", "+5d")
    assert redone.returncode == 0, redone.stderr
    assert redone.stdout.startswith(f"recorded: commitment {late_id} for ")
    assert "Old one" in redone.stdout

    bad = cli("commitment", "announce", "latest")
    assert bad.returncode == 1 and "a commitment id or `last`" in bad.stderr
