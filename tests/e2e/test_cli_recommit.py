"""`rapport commitment recommit`: apologise for an overdue promise, as a user runs it."""

from __future__ import annotations

import json
from datetime import timedelta

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.model import Commitment, CommitmentStatus
from tests import intel_data
from tests.conftest import RunCli


def test_recommit_json_and_refusals(container: Container, cli: RunCli) -> None:
    ids = intel_data.build(container.workspace)
    done = cli("commitment", "recommit", str(ids["silent"]), "--new-due", "+5d", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["missed"]["id"] == ids["silent"] and data["missed"]["status"] == "missed"
    assert data["commitment"]["status"] == "open" and data["commitment"]["id"] != ids["silent"]
    assert data["commitment"]["text"] == "Send the budget"
    assert data["commitment"]["external_id"] == f"recommit:{ids['silent']}"
    assert data["notice"]["before_due"] is False and data["notice"]["notice_days"] < 0
    assert data["draft"]["kind"] == "early_notice" and data["draft"]["language"] == "en"
    assert "send the budget" in data["draft"]["body"]  # the promise, built into the sentence
    stored = container.workspace.get(Commitment, data["commitment"]["id"])
    assert stored.due_at > now() + timedelta(days=4)
    assert container.workspace.get(Commitment, ids["silent"]).status is CommitmentStatus.MISSED

    count = len(container.workspace.list(Commitment))
    again = cli("commitment", "recommit", str(ids["silent"]), "--new-due", "+5d")
    assert again.returncode == 1 and again.stdout == ""
    errors = [line for line in again.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: commitment {ids['silent']} is missed: only an open promise can be re-committed"
    ]
    early = cli("commitment", "recommit", str(ids["at_risk"]), "--new-due", "+9d")
    assert early.returncode == 1
    assert f"rapport commitment announce {ids['at_risk']}" in early.stderr
    container.workspace.add(
        Commitment(
            client_id=ids["Acme"],
            text="Old one",
            made_at=now() - timedelta(days=9),
            due_at=now() - timedelta(days=1),
        )
    )
    count += 1
    past = cli("commitment", "recommit", "last", "--new-due", "2020-01-01")
    assert past.returncode == 1 and "must be after the apology" in past.stderr
    assert len([line for line in past.stderr.splitlines() if line.startswith("error:")]) == 1
    assert len(container.workspace.list(Commitment)) == count  # refusals wrote nothing


def test_recommit_text_in_the_client_language(container: Container, cli: RunCli) -> None:
    ids = intel_data.build(container.workspace)
    late = container.workspace.add(
        Commitment(
            client_id=ids["Fjord"],
            text="Levere logoen",
            made_at=now() - timedelta(days=20),
            due_at=now() - timedelta(days=2),
        )
    )
    shown = cli(
        "commitment",
        "recommit",
        str(late.id),
        "--new-due",
        "+4d",
        env={"RAPPORT_LANGUAGE": "nb"},
    )
    assert shown.returncode == 0, shown.stderr
    first = shown.stdout.splitlines()[0]
    assert first.startswith(f"registrert: løfte {late.id} til Fjord er brutt")
    assert "levere logoen" in shown.stdout  # the drafted apology, in Norwegian
    assert "Meldingen som skal sendes:" in first
