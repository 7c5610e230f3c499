"""The container files (Dockerfile, compose.yaml; docs/deployment.md, "Containers") are
checked without building or running anything: hadolint lints the Dockerfile,
check-jsonschema validates compose.yaml against the Compose Specification's JSON schema (the
copy it ships, no download), and the structure a team server relies on is asserted: a
non-root user, a health check on /healthz, PostgreSQL, migrations before the servers, and
commands the CLI really has."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from rapport.cli.app import app
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    assert found, f"{name} is not installed (it comes with `pip install -e '.[dev]'`)"
    return found


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return loaded


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    lint = subprocess.run(
        [_tool("hadolint"), "--no-color", str(DOCKERFILE)], capture_output=True, text=True
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def _schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
    )


def test_compose_file_matches_the_compose_specification(tmp_path: Path) -> None:
    checked = _schema_check(COMPOSE)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The check is real: a misspelt condition is refused.
    broken = tmp_path / "compose.yaml"
    broken.write_text(
        COMPOSE.read_text().replace("service_completed_successfully", "service_done", 1)
    )
    assert _schema_check(broken).returncode != 0


def test_the_image_runs_as_a_user_with_a_health_check() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    stages = re.findall(r"^FROM (\S+)", text, re.MULTILINE)
    assert stages and all(base.endswith("-slim-bookworm") for base in stages), stages
    users = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("0", "root"), users
    health = re.search(r"^HEALTHCHECK .*?\n(?:\s+.*\n)*", text, re.MULTILINE)
    assert health and "/healthz" in health.group(0)
    assert re.search(r'^ENTRYPOINT \["rapport"\]', text, re.MULTILINE)
    assert '"rapport[team]"' in text  # PostgreSQL's driver and the job queue
    # What the image copies is in the repository and let through .dockerignore.
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", text, re.MULTILINE):
        for name in source.split():
            assert (ROOT / name).exists(), name
    allowed = (ROOT / ".dockerignore").read_text()
    for name in ("pyproject.toml", "setup.py", "README.md", "src/"):
        assert f"!{name}" in allowed, name


def test_compose_runs_postgres_migrations_web_and_worker() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", "migrate", "web", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        service = services[name]
        assert service["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
        env = service["environment"]
        assert env["RAPPORT_MODE"] == "team"
        assert env["RAPPORT_DATABASE_URL"].startswith("postgresql://rapport:")
        assert "@db:5432/" in env["RAPPORT_DATABASE_URL"]
        assert env["RAPPORT_SECRET_KEY"].startswith("${RAPPORT_SECRET_KEY:?")
    assert services["web"]["command"][0] == "serve"
    assert services["worker"]["command"][0] == "worker"
    assert services["worker"]["healthcheck"] == {"disable": True}  # it serves no /healthz


@pytest.mark.parametrize("service", ["migrate", "web", "worker"])
def test_compose_commands_are_commands_the_cli_has(service: str) -> None:
    command = _compose()["services"][service]["command"]
    words = [w for w in command if not w.startswith("$")]
    options = [w for w in words if w.startswith("--")]
    subcommand = [w for w in words if not w.startswith("--")]
    shown = CliRunner().invoke(app, [*subcommand, "--help"], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    for option in options:
        assert option in shown.output, (service, option)
