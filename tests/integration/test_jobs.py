"""Background jobs: submitted, tracked in the ``jobs`` table, retried, reported.

Single-user mode runs them on a thread of this process (both engines); team mode puts them
on the PostgreSQL queue, where a real ``rapport worker`` process runs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from rapport.bootstrap import Container, build
from rapport.config import Settings
from rapport.services.jobs import InProcessRunner, JobInfo, encode, job_kind
from tests.conftest import ROOT, RunCli, _worker, fresh_postgres_database

JOB_SETTINGS = {"job_modules": "tests.job_kinds", "job_retry_seconds": 0, "job_max_attempts": 3}


def _wait(container: Container, job_id: int, timeout: float = 120) -> JobInfo:
    deadline = time.monotonic() + timeout
    while not (info := container.jobs.status(job_id)).done:
        assert time.monotonic() < deadline, f"job {job_id} did not finish: {info}"
        time.sleep(0.05)
    return info


@pytest.fixture
def single(db_url: str, tmp_path: Path) -> Iterator[Container]:
    c = build(Settings(database_url=db_url, data_dir=tmp_path / "data", **JOB_SETTINGS))
    yield c
    c.close()


def test_in_process_a_job_that_fails_once_is_retried(single: Container, tmp_path: Path) -> None:
    assert isinstance(single.jobs, InProcessRunner)
    job_id = single.jobs.submit("test-flaky", {"marker": str(tmp_path / "marker")})
    info = _wait(single, job_id)
    assert (info.status, info.attempts, info.result, info.error) == (
        "succeeded",
        2,
        {"answer": 42},
        None,
    )
    assert info.progress == 1.0


def test_in_process_a_job_that_always_fails_ends_failed_with_its_error(
    single: Container,
) -> None:
    info = _wait(single, single.jobs.submit("test-broken", {}))
    assert (info.status, info.attempts) == ("failed", 3)
    assert info.error == "OSError: disk on fire"
    assert [j.id for j in single.jobs.list(status="failed")] == [info.id]


def test_a_job_is_handed_the_services_it_names(single: Container) -> None:
    """A handler names what it needs by keyword (docs/architecture.md, "Jobs"); the runner
    builds those for the submitting account and hands over nothing else."""
    info = _wait(single, single.jobs.submit("test-needs", {}))
    assert (info.status, info.result) == ("succeeded", {"mode": "single", "actor": "local"})


def test_a_job_naming_a_service_rapport_lacks_fails_with_the_name(single: Container) -> None:
    info = _wait(single, single.jobs.submit("test-unknown-service", {}))
    assert info.status == "failed"
    assert info.error == "LookupError: no service called 'mailbox'"


def test_a_handler_that_takes_the_container_is_refused_at_registration() -> None:
    def old_style(container: object, payload: object, progress: object) -> dict[str, object]:
        return {}

    with pytest.raises(TypeError, match=r"\(payload, progress, \*, <services>\)"):
        job_kind("test-old-style")(old_style)


def test_an_import_job_writes_all_rows_and_reports(single: Container) -> None:
    csv = b"name,language\nAlpha,en\nBeta,ja\n"
    job_id = single.jobs.submit(
        "import", {"format": "csv", "data": encode(csv), "source": "c.csv", "what": "clients"}
    )
    info = _wait(single, job_id)
    assert info.status == "succeeded", info.error
    assert sorted(c.name for c in single.workspace.snapshot().clients) == ["Alpha", "Beta"]


def test_a_bad_import_fails_at_once_with_the_problem(single: Container) -> None:
    job_id = single.jobs.submit(
        "import", {"format": "csv", "data": encode(b"nonsense\n\x00\x01"), "what": "clients"}
    )
    info = _wait(single, job_id)
    assert (info.status, info.attempts) == ("failed", 1)  # bad input is not retried
    assert info.error


@pytest.mark.slow
def test_team_mode_worker_retries_and_reports_failures(tmp_path: Path) -> None:
    url = fresh_postgres_database(f"rapport_jobs_{_worker()}")
    # team mode refuses to run without a real (unpredictable) secret
    secret = "test-secret-q7Vd2LmX9sR4tKw8ZpN1cB6yHf3Ja0E5gUe"
    env_settings = {**JOB_SETTINGS, "mode": "team", "secret_key": secret}
    c = build(Settings(database_url=url, data_dir=tmp_path / "data", **env_settings))  # type: ignore[arg-type]
    _ = c.db  # migrated
    flaky = c.jobs.submit("test-flaky", {"marker": str(tmp_path / "marker")})
    broken = c.jobs.submit("test-broken", {})
    assert c.jobs.status(flaky).status == "queued"  # nobody runs it until a worker does

    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "RAPPORT_DATABASE_URL": url,
        "RAPPORT_MODE": "team",
        "RAPPORT_SECRET_KEY": secret,
        "RAPPORT_JOB_MODULES": "tests.job_kinds",
        "RAPPORT_JOB_RETRY_SECONDS": "0",
        "RAPPORT_JOB_MAX_ATTEMPTS": "3",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "rapport", "worker", "--concurrency", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        ok = _wait(c, flaky)
        failed = _wait(c, broken)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        c.close()
    assert (ok.status, ok.attempts, ok.result) == ("succeeded", 2, {"answer": 42})
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert failed.error == "OSError: disk on fire"


def test_api_import_job_is_accepted_and_pollable(api: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(api, TestClient)
    files = {"file": ("c.csv", b"name,language\nGamma,en\n", "text/csv")}
    started = api.post("/api/jobs/import/csv", files=files, params={"what": "clients"})
    assert started.status_code == 202
    job_id = started.json()["id"]
    deadline = time.monotonic() + 60
    while (job := api.get(f"/api/jobs/{job_id}").json())["status"] not in ("succeeded", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert job["status"] == "succeeded", job["error"]
    assert api.get("/api/clients").json()["total"] == 1
    assert api.get("/api/jobs/999999").status_code == 404


def test_cli_lists_and_shows_jobs(single: Container, cli: RunCli) -> None:
    info = _wait(single, single.jobs.submit("test-broken", {}))
    env = {"RAPPORT_JOB_MODULES": "tests.job_kinds"}
    listed = cli("jobs", "list", "--status", "failed", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "test-broken" in listed.stdout and "disk on fire" in listed.stdout
    shown = cli("jobs", "show", str(info.id), "--json", env=env)
    assert json.loads(shown.stdout)["error"] == "OSError: disk on fire"
    missing = cli("jobs", "show", "424242")
    assert missing.returncode == 1 and "no job 424242" in missing.stderr
    worker = cli("worker")
    assert worker.returncode == 1 and "RAPPORT_MODE=team" in worker.stderr


def test_jobs_left_unfinished_by_a_killed_server_run_again_at_start(single: Container) -> None:
    """Single-user mode: the server died while a job ran (its row says running) and
    another waited in the queue; the next start takes both up. A job that was on its last
    attempt when it was interrupted ends failed, with the reason."""
    store = single.jobs.store  # type: ignore[attr-defined]
    csv = encode(b"name,language\nRiver AS,nb\n")
    interrupted = store.create("import", {"format": "csv", "data": csv, "what": "clients"}, 3)
    store.begin_attempt(interrupted)  # ... and then the process was killed
    waiting = store.create(
        "import", {"format": "csv", "data": encode(b"name\nLake AB\n"), "what": "clients"}, 3
    )
    last = store.create("import", {"format": "csv", "data": csv, "what": "clients"}, 1)
    store.begin_attempt(last)

    settings = single.settings
    restarted = InProcessRunner(
        single,
        store,
        retry_seconds=settings.job_retry_seconds,
        max_attempts=settings.job_max_attempts,
    )
    assert restarted.resume_unfinished() == [interrupted, waiting]
    done = _wait(single, interrupted)
    assert (done.status, done.attempts) == ("succeeded", 2)
    assert _wait(single, waiting).status == "succeeded"
    failed = single.jobs.status(last)
    assert failed.status == "failed" and failed.error is not None
    assert "interrupted" in failed.error
    assert sorted(c.name for c in single.workspace.list_clients()) == ["Lake AB", "River AS"]
    restarted.close()
