"""`rapport --help` and `--version` start fast because they load nothing heavy (issue 13):
the database layer, the web stack, Babel and the application's services load only for the
commands that need them. Checked through sys.modules in a fresh interpreter, never by
timing. The help is clean (no type shown for on/off flags) and offers shell completion."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "jinja2",
    "babel",
    "psycopg",
    "icalendar",
    "rich.markdown",
    "rapport.bootstrap",
    "rapport.storage",
    "rapport.web",
    "rapport.config",
    "rapport.i18n",
    "rapport.language",
)

PROBE = """
import contextlib, io, json, sys
sys.argv = ["rapport", *json.loads(sys.argv[1])]
from rapport.console import main
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit:
    pass
print(json.dumps({"out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run(*args: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin", "TERM": "dumb"},
    )
    data = json.loads(done.stdout.splitlines()[-1])
    return data["out"], set(data["modules"])


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))


@pytest.mark.parametrize(
    "args",
    [("--help",), ("--version",), ("agenda", "--help"), ("backup", "--help")],
    ids=["help", "version", "agenda-help", "backup-help"],
)
def test_help_and_version_load_nothing_heavy(args: tuple[str, ...]) -> None:
    out, modules = run(*args)
    assert out.strip()
    assert heavy(modules) == []


def test_version_prints_the_version() -> None:
    from rapport import __version__

    out, _ = run("--version")
    assert out.strip() == f"rapport {__version__}"


def test_help_shows_no_type_for_flags_and_offers_completion() -> None:
    out, _ = run("--help")
    assert "<bool>" not in out
    assert "--install-completion" in out and "--show-completion" in out
    assert "<str>" in out  # options that take a value still say so (--db, --lang)
    out, _ = run("agenda", "--help")
    assert "<bool>" not in out and "list[" not in out
    assert "--item TITLE:MIN" in out
    flags = [line for line in out.splitlines() if "--video" in line or "--json" in line]
    assert flags and all("<" not in line for line in flags)
    for command in (("meeting", "log"), ("projects", "add"), ("commitment", "announce")):
        out, _ = run(*command, "--help")
        assert "<bool>" not in out and "list[" not in out, out


def test_usage_names_arguments_in_capitals() -> None:
    out, _ = run("contacts", "add", "--help")
    assert "Usage: rapport contacts add [OPTIONS] NAME" in out and "{" not in out
    out, _ = run("backup", "--help")
    assert "Usage: rapport backup [OPTIONS] [FILE]" in out
