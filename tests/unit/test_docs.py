"""Docs kept in step: every CLI command and every setting is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from rapport.cli import app
from rapport.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def _docs_text() -> str:
    parts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(parts)


def _command_paths(group: Any, prefix: str = "rapport") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            paths += _command_paths(command, path)
        else:
            paths.append(path)
    return paths


def test_every_cli_command_is_documented() -> None:
    root = typer.main.get_command(app)
    docs = _docs_text()
    missing = [p for p in _command_paths(root) if f"`{p}" not in docs]
    assert not missing, f"commands missing from README/docs: {missing}"


def test_every_setting_is_documented() -> None:
    settings_doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`{name}`" not in settings_doc]
    assert not missing, f"settings missing from docs/settings.md: {missing}"
