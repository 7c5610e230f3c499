"""The package as a user gets it: the wheel is built from the sources, installed with pipx
(a fresh virtual environment holding only what the wheel declares, fetched by pip), and
used: ``rapport --version``, ``rapport demo``, ``rapport serve`` answering a page in
Japanese from the compiled catalogs it ships. A single-user install has none of the team
or training packages, and team mode then says in one line what to install.

Slow (a full install, about 15 s from pip's cache and minutes without it): the full suite
runs it once (``make test``); ``make test-fast`` leaves it out.
"""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, TEST_PASSWORD
from tests.live_server import free_port

pytestmark = pytest.mark.slow

SKIPPED = {".git", ".venv", "build", "dist", "__pycache__", ".mypy_cache", ".pytest_cache"}
TEAM_AND_TRAINING = ("psycopg", "procrastinate", "sklearn", "scipy", "itsdangerous")


def _copy_sources(target: Path) -> Path:
    """The working tree without build leftovers (a stale build/ would leak into the wheel)."""

    def ignore(_folder: str, names: list[str]) -> set[str]:
        return {
            n
            for n in names
            if n in SKIPPED or n.endswith((".egg-info", ".mo", "_cache")) or n == ".hypothesis"
        }

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    sources = _copy_sources(work / "src")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(sources)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = dist.glob("rapport-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pipx install`` of the wheel; the folder that holds the ``rapport`` command."""
    home = tmp_path_factory.mktemp("pipx")
    env = {**os.environ, "PIPX_HOME": str(home / "home"), "PIPX_BIN_DIR": str(home / "bin")}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [sys.executable, "-m", "pipx", "install", str(wheel)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return home


def _rapport(
    home: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(home / "bin" / "rapport"), *args],
        env={**_clean_env(home), **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _clean_env(home: Path) -> dict[str, str]:
    """The user's environment, without this test run's virtual environment or settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "VIRTUAL_ENV"))}
    env["RAPPORT_DATA_DIR"] = str(home / "data")
    return env


def test_the_wheel_ships_compiled_catalogs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for lang in ("ja", "vi", "zh_Hans", "nb"):
        for domain in ("web", "cli", "auth"):
            assert f"rapport/locale/{lang}/LC_MESSAGES/{domain}.mo" in names, (lang, domain)
    assert "rapport/language/model/labeller.json" in names
    assert "rapport/language/model/labeller.weights.gz" in names
    assert not [n for n in names if n.startswith(("tests/", "scripts/", "bench/"))]


def test_the_installed_wheel_runs_demo_and_serves_a_page(installed: Path) -> None:
    version = _rapport(installed, "--version")
    assert version.returncode == 0 and version.stdout.startswith("rapport "), version.stderr

    venv = installed / "home" / "venvs" / "rapport"
    site = next(venv.glob("lib/python*/site-packages"))
    present = [name for name in TEAM_AND_TRAINING if (site / name).exists()]
    assert present == [], f"a single-user install should not hold {present}"

    demo = _rapport(installed, "demo", "--today", "2026-03-01")
    assert demo.returncode == 0, demo.stderr
    assert "40 clients" in demo.stdout
    password = _rapport(installed, "password", "set", stdin=TEST_PASSWORD + "\n")
    assert password.returncode == 0, password.stderr

    port = free_port()
    server = subprocess.Popen(
        [str(installed / "bin" / "rapport"), "serve", "--port", str(port)],
        env=_clean_env(installed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/healthz", server)
        jar = http.cookiejar.CookieJar()
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = urllib.parse.urlencode({"name": "owner", "password": TEST_PASSWORD}).encode()
        browser.open(f"{base}/login", data=form, timeout=30)
        page = browser.open(f"{base}/clients?lang=ja", timeout=30)
        html = page.read().decode()
        assert page.status == 200 and page.url.endswith("/clients?lang=ja")
        assert "<title>顧客" in html  # Japanese, from the shipped .mo catalogs
        docs = urllib.request.urlopen(f"{base}/docs/assets/swagger-ui-bundle.js", timeout=30)
        assert docs.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within 60 s")


def test_team_mode_without_the_team_extra_says_what_to_install(installed: Path) -> None:
    answer = _rapport(
        installed,
        "serve",
        env={"RAPPORT_MODE": "team", "RAPPORT_SECRET_KEY": "x" * 64},
    )
    assert answer.returncode == 1
    assert answer.stderr.strip().splitlines() == [
        "error: team mode needs `pip install rapport[team]` (psycopg is not installed)"
    ]
