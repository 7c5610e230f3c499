"""The developer's hooks (.pre-commit-config.yaml) use only tools installed with the
project (local hooks, nothing downloaded), and pre-commit accepts and runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent


def test_hooks_are_local_and_name_installed_tools() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing to download
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert set(hooks) == {"ruff", "ruff-format", "mypy", "lint-imports"}
    for hook in hooks.values():
        assert hook["language"] == "system"
        tool = Path(hook["entry"].split()[0])
        assert tool.parts[:2] == (".venv", "bin"), hook["entry"]  # where `make install` puts it
        assert shutil.which(tool.name, path=str(BIN)), f"{tool.name} is not installed"


def test_pre_commit_accepts_the_config_and_runs_the_ruff_hooks() -> None:
    pre_commit = shutil.which("pre-commit", path=str(BIN))
    assert pre_commit, "pre-commit comes with `pip install -e '.[dev]'`"
    checked = subprocess.run(
        [pre_commit, "validate-config", str(CONFIG)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    if not (ROOT / ".venv" / "bin" / "ruff").exists() or not (ROOT / ".git").exists():
        return  # the hooks' entries are relative to a checkout made with `make install`
    ran = subprocess.run(
        [pre_commit, "run", "--files", "setup.py", "src/rapport/__init__.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": str(BIN) + ":/usr/bin:/bin", "HOME": str(Path.home())},
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "ruff check" in ran.stdout and "ruff format" in ran.stdout
