"""Outgoing webhooks (docs/webhooks.md) against a real HTTP receiver on loopback, on SQLite
and PostgreSQL: each event kind fires from the service layer, the signature verifies with
the secret shown once, a 500 is retried after the back-off and then delivered, a change
that is rolled back delivers nothing, the CLI and the API."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from rapport.bootstrap import Container
from rapport.crypto import webhook_signing
from rapport.domain.model import (
    Client,
    Commitment,
    CommitmentSize,
    CommitmentStatus,
    Interaction,
    InteractionKind,
    Tier,
)
from rapport.domain.triage import MeetingFormat
from rapport.services import events
from rapport.services.triage import TriageRequestIn
from rapport.services.webhooks import DeliveryInfo
from rapport.storage.orm import InteractionRow
from rapport.storage.webhook_rows import WebhookDeliveryRow, WebhookEventRow
from tests.conftest import RunCli
from tests.webhook_receiver import Receiver, receiver

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"
AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


@pytest.fixture
def acme(container: Container) -> Client:
    return container.workspace.add(Client(name="Acme", timezone="Europe/Oslo"))


def _settled(container: Container, timeout: float = 15.0) -> list[DeliveryInfo]:
    """Every delivery, once none is pending any more."""
    deadline = time.monotonic() + timeout
    while True:
        found = container.webhooks.deliveries()
        if all(d.status != "pending" for d in found) or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def _check_signed(received: Any, secret: str) -> dict[str, Any]:
    signature = received.headers["Rapport-Signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", signature)
    assert webhook_signing.verify(secret, received.body, signature)
    assert not webhook_signing.verify(secret + "x", received.body, signature)
    assert not webhook_signing.verify(secret, received.body + b" ", signature)
    body: dict[str, Any] = received.json
    assert received.headers["Rapport-Event"] == body["type"]
    assert received.headers["Rapport-Delivery"].startswith("dlv_")
    assert received.headers["Content-Type"] == "application/json"
    assert set(body) == {"id", "type", "created_at", "data"}
    assert body["id"].startswith("evt_")
    return body


def _interaction(client_id: int) -> Interaction:
    return Interaction(
        client_id=client_id,
        kind=InteractionKind.VIDEO,
        started_at=AT,
        duration_min=45,
        business_min=35,
        personal_min=10,
        summary="Quarterly review",
        source="manual",
    )


def _promise(client_id: int) -> Commitment:
    return Commitment(
        client_id=client_id,
        text="Send the estimate",
        to_whom="Anna",
        made_at=AT,
        due_at=AT + timedelta(days=4),
        size=CommitmentSize.SMALL,
        status=CommitmentStatus.OPEN,
        source="manual",
    )


def test_each_event_kind_fires_from_the_service_layer_signed(
    container: Container, acme: Client, hook: Receiver
) -> None:
    created = container.webhooks.add(hook.url)
    assert created.secret.startswith("whsec_")
    assert acme.id is not None
    ws = container.workspace
    ws.add(_interaction(acme.id))
    promise = ws.add(_promise(acme.id))
    assert promise.id is not None
    ws.commitment_done(promise.id, at=AT + timedelta(days=2))
    container.triage.decide(
        TriageRequestIn(
            client="Acme",
            start="2026-03-20T14:00",
            duration_min=90,
            format=MeetingFormat.IN_PERSON,
            purpose="Quarterly review",
        )
    )
    bodies = [_check_signed(r, created.secret) for r in hook.wait_for(4)]
    kinds = [b["type"] for b in bodies]
    assert kinds == ["interaction.created", "promise.created", "promise.updated", "triage.decided"]
    interaction, new, kept, triage = (b["data"] for b in bodies)
    assert interaction["client"] == {"id": acme.id, "name": "Acme"}
    assert interaction["interaction"]["kind"] == "video"
    assert interaction["interaction"]["duration_min"] == 45
    assert new["promise"]["status"] == "open"
    assert kept["promise"]["status"] == "done"
    assert kept["changes"]["status"] == ["open", "done"]
    assert triage["decision"]["client_id"] == acme.id
    assert triage["decision"]["decision"]
    assert "draft_body" not in triage["decision"] and "request" not in triage["decision"]
    deliveries = _settled(container)
    assert {d.status for d in deliveries} == {"succeeded"}
    assert all(d.log and d.log[-1].status_code == 200 for d in deliveries)
    if os.environ.get("RAPPORT_WRITE_WEBHOOK_DOCS"):
        _write_examples(bodies)
    _check_examples(bodies)


def test_a_rolled_back_change_delivers_nothing(
    container: Container, acme: Client, hook: Receiver
) -> None:
    container.webhooks.add(hook.url)
    with pytest.raises(RuntimeError), container.db.transaction() as s:
        s.add(
            InteractionRow(
                client_id=acme.id,
                kind=InteractionKind.CALL,
                started_at=AT,
                duration_min=15,
                source="manual",
            )
        )
        s.flush()  # the outbox rows are written here, in the same transaction...
        raise RuntimeError("...which is rolled back")
    with container.db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(WebhookEventRow)) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(WebhookDeliveryRow)) == 0
    time.sleep(0.3)
    assert hook.received == []


def test_no_webhooks_no_outbox_rows(container: Container, acme: Client) -> None:
    assert acme.id is not None
    container.workspace.add(_interaction(acme.id))
    with container.db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(WebhookEventRow)) == 0


def test_only_the_kinds_asked_for(container: Container, acme: Client, hook: Receiver) -> None:
    container.webhooks.add(hook.url, [events.PROMISE_CREATED])
    assert acme.id is not None
    container.workspace.add(_interaction(acme.id))
    container.workspace.add(_promise(acme.id))
    (only,) = hook.wait_for(1)
    assert only.json["type"] == "promise.created"
    time.sleep(0.3)
    assert len(hook.received) == 1


def test_a_500_is_retried_after_the_back_off_then_delivered(
    container: Container, acme: Client
) -> None:
    container.settings.webhook_retry_schedule = "1,1"
    with receiver([500, 200]) as r:
        created = container.webhooks.add(r.url)
        assert acme.id is not None
        container.workspace.add(_interaction(acme.id))
        first, second = r.wait_for(2, timeout=20)
        (delivery,) = _settled(container)
    assert first.body == second.body  # the same event, signed afresh
    assert first.headers["Rapport-Delivery"] == second.headers["Rapport-Delivery"]
    _check_signed(second, created.secret)
    assert delivery.status == "succeeded"
    assert [a.status_code for a in delivery.log] == [500, 200]
    assert delivery.log[0].error == "HTTP 500 Internal Server Error"
    waited = (delivery.log[1].at - delivery.log[0].at).total_seconds()
    assert waited >= 0.9


def test_after_the_last_retry_the_delivery_has_failed(container: Container, acme: Client) -> None:
    container.settings.webhook_retry_schedule = "0,0"
    with receiver([503]) as r:
        container.webhooks.add(r.url)
        assert acme.id is not None
        container.workspace.add(_interaction(acme.id))
        r.wait_for(3)
        (delivery,) = _settled(container)
    assert delivery.status == "failed"
    assert delivery.attempts == 3
    assert [a.status_code for a in delivery.log] == [503, 503, 503]
    assert delivery.finished_at is not None and delivery.next_attempt_at is None


def test_an_address_that_does_not_answer_is_an_error_in_the_log(
    container: Container, acme: Client
) -> None:
    from tests.live_server import free_port

    container.settings.webhook_retry_schedule = ""
    container.webhooks.add(f"http://127.0.0.1:{free_port()}/nobody")
    assert acme.id is not None
    container.workspace.add(_interaction(acme.id))
    (delivery,) = _settled(container)
    assert delivery.status == "failed"
    assert delivery.log[0].status_code is None
    assert "cannot reach the address" in (delivery.log[0].error or "")


def test_ping_and_redeliver(container: Container, hook: Receiver) -> None:
    created = container.webhooks.add(hook.url)
    ping = container.webhooks.test(created.webhook.id)
    assert ping.event == "ping"
    (received,) = hook.wait_for(1)
    body = _check_signed(received, created.secret)
    assert body["data"] == {"webhook_id": created.webhook.id, "message": "Rapport webhook test"}
    _settled(container)
    again = container.webhooks.redeliver(ping.delivery_id)
    assert again.delivery_id != ping.delivery_id and again.event_id == ping.event_id
    _, second = hook.wait_for(2)
    assert second.json["id"] == body["id"]
    assert second.headers["Rapport-Delivery"] == again.delivery_id


def test_the_secret_is_stored_encrypted_and_never_audited(
    container: Container, hook: Receiver
) -> None:
    from rapport.services.audit import AuditFilter
    from rapport.storage.webhook_rows import WebhookRow

    created = container.webhooks.add(hook.url)
    with container.db.reading() as s:
        stored = s.scalar(sa.select(WebhookRow.secret_encrypted))
    assert stored and created.secret not in stored
    entries = container.audit.entries(where=AuditFilter(entity="webhook"))
    assert entries and created.secret not in json.dumps([e.changes for e in entries])


def test_remove_drops_the_log(container: Container, hook: Receiver) -> None:
    created = container.webhooks.add(hook.url)
    container.webhooks.test(created.webhook.id)
    _settled(container)
    container.webhooks.remove(created.webhook.id)
    assert container.webhooks.all_webhooks() == []
    with container.db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(WebhookEventRow)) == 0


# --- the command line -------------------------------------------------------------------


def test_cli(cli: RunCli, container: Container, hook: Receiver) -> None:
    bad = cli("webhooks", "add", "ftp://example.com/x")
    assert bad.returncode != 0
    assert "not an http(s) address: ftp://example.com/x" in bad.stdout + bad.stderr
    bad_kind = cli("webhooks", "add", hook.url, "--event", "nope")
    assert (
        bad_kind.returncode != 0 and "unknown event kind nope" in bad_kind.stdout + bad_kind.stderr
    )

    added = cli("webhooks", "add", hook.url, "--event", "promise.created", "--json")
    assert added.returncode == 0, added.stderr
    info = json.loads(added.stdout)
    assert info["secret"].startswith("whsec_")
    assert info["webhook"]["events"] == ["promise.created"]
    text = cli("webhooks", "add", hook.url)
    assert text.returncode == 0
    assert "whsec_" in text.stdout and "once" in text.stdout

    listed = json.loads(cli("webhooks", "list", "--json").stdout)
    assert [w["url"] for w in listed] == [hook.url, hook.url]
    assert all("secret" not in json.dumps(w) for w in listed)
    table = cli("webhooks", "list").stdout
    assert hook.url in table and "promise.created" in table

    tested = cli("webhooks", "test", str(info["webhook"]["id"]))
    assert tested.returncode == 0, tested.stderr
    (received,) = hook.wait_for(1)
    assert webhook_signing.verify(
        info["secret"], received.body, received.headers["Rapport-Signature"]
    )
    _settled(container)
    log = json.loads(cli("webhooks", "deliveries", str(info["webhook"]["id"]), "--json").stdout)
    assert log[0]["event"] == "ping" and log[0]["status"] == "succeeded"
    assert log[0]["log"][0]["status_code"] == 200
    assert "succeeded" in cli("webhooks", "deliveries").stdout
    again = cli("webhooks", "redeliver", log[0]["delivery_id"])
    assert again.returncode == 0, again.stderr
    hook.wait_for(2)

    removed = cli("webhooks", "remove", str(info["webhook"]["id"]))
    assert removed.returncode == 0
    missing = cli("webhooks", "remove", str(info["webhook"]["id"]))
    assert missing.returncode != 0 and f"no webhook {info['webhook']['id']}" in (
        missing.stdout + missing.stderr
    )


def test_cli_in_japanese(cli: RunCli, hook: Receiver) -> None:
    added = cli("webhooks", "add", hook.url, env={"RAPPORT_LANGUAGE": "ja"})
    assert added.returncode == 0
    assert "一度だけ" in added.stdout


# --- the API ----------------------------------------------------------------------------


def test_api(api: Any, container: Container, hook: Receiver) -> None:
    bad = api.post("/api/webhooks", json={"url": "file:///etc/passwd"})
    assert bad.status_code == 422
    made = api.post("/api/webhooks", json={"url": hook.url, "events": ["interaction.created"]})
    assert made.status_code == 201
    body = made.json()
    secret, hook_id = body["secret"], body["webhook"]["id"]
    assert [w["id"] for w in api.get("/api/webhooks").json()] == [hook_id]
    assert "secret" not in json.dumps(api.get("/api/webhooks").json())
    ping = api.post(f"/api/webhooks/{hook_id}/test")
    assert ping.status_code == 202
    (received,) = hook.wait_for(1)
    assert webhook_signing.verify(secret, received.body, received.headers["Rapport-Signature"])
    _settled(container)
    log = api.get(f"/api/webhooks/{hook_id}/deliveries").json()
    assert log[0]["status"] == "succeeded"
    assert api.delete(f"/api/webhooks/{hook_id}").status_code == 200
    assert api.get(f"/api/webhooks/{hook_id}/deliveries").status_code == 404


def test_api_is_for_owners(api_as: Any, container: Container) -> None:
    member = api_as("mia", "member")
    assert member.get("/api/webhooks").status_code == 403
    assert member.post("/api/webhooks", json={"url": "http://127.0.0.1:9/x"}).status_code == 403


# --- the payload examples in docs/webhooks.md -------------------------------------------


def _example(body: dict[str, Any]) -> str:
    text = json.dumps(body, indent=2, ensure_ascii=False)
    text = re.sub(r'"evt_[0-9a-f]{24}"', '"evt_4f9c2d1e8a7b6c5d4e3f2a1b"', text)
    text = re.sub(
        r'"created_at": "[^"]+"', '"created_at": "2026-03-02T09:31:07.412000+00:00"', text
    )
    text = re.sub(
        r'"decided_at": "[^"]+"', '"decided_at": "2026-03-02T09:31:07.398000+00:00"', text
    )
    text = re.sub(r'"(id|client_id|webhook_id)": \d+', lambda m: f'"{m[1]}": 7', text)
    return text


def _blocks(bodies: list[dict[str, Any]]) -> dict[str, str]:
    return {b["type"]: _example(b) for b in bodies}


def _marker(kind: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- example {re.escape(kind)} -->\n```json\n)(.*?)(\n```)", re.DOTALL)


def _write_examples(bodies: list[dict[str, Any]]) -> None:
    doc = DOC.read_text(encoding="utf-8")
    for kind, block in _blocks(bodies).items():
        doc = _marker(kind).sub(lambda m, b=block: m[1] + b + m[3], doc)
    DOC.write_text(doc, encoding="utf-8")


def _check_examples(bodies: list[dict[str, Any]]) -> None:
    """docs/webhooks.md shows these very payloads (ids and times aside); regenerate with
    RAPPORT_WRITE_WEBHOOK_DOCS=1."""
    doc = DOC.read_text(encoding="utf-8")
    for kind, block in _blocks(bodies).items():
        found = _marker(kind).search(doc)
        assert found, f"docs/webhooks.md has no example for {kind}"
        assert found[2] == block, f"docs/webhooks.md: the {kind} example is out of date"


# --- the Integrations page --------------------------------------------------------------


def test_integrations_page_adds_tests_and_removes_webhooks(
    api: Any, container: Container, hook: Receiver
) -> None:
    page = api.get("/integrations", params={"lang": "ja"})
    assert page.status_code == 200
    assert "Webhook はまだありません。" in page.text
    bad = api.post("/integrations/webhooks", data={"url": "ftp://x"}, follow_redirects=False)
    assert bad.status_code == 422
    assert "http(s)" in bad.text
    added = api.post(
        "/integrations/webhooks",
        data={"url": hook.url, "events": ["promise.created", "promise.updated"]},
        follow_redirects=False,
    )
    assert added.status_code == 200
    assert "表示はこの一度だけです" in added.text
    (made,) = container.webhooks.all_webhooks()
    assert made.events == ["promise.created", "promise.updated"]
    secret = re.search(r'id="webhook-secret" aria-label="[^"]*" class="wide"', added.text)
    shown = re.search(r'value="(whsec_[^"]+)" id="webhook-secret"', added.text)
    assert secret and shown
    listed = api.get("/integrations")
    assert hook.url in listed.text and "whsec_" not in listed.text  # shown once only
    tested = api.post(f"/integrations/webhooks/{made.id}/test", follow_redirects=False)
    assert tested.status_code == 303
    (received,) = hook.wait_for(1)
    assert webhook_signing.verify(shown[1], received.body, received.headers["Rapport-Signature"])
    removed = api.post(f"/integrations/webhooks/{made.id}/remove", follow_redirects=False)
    assert removed.status_code == 303
    assert container.webhooks.all_webhooks() == []


# --- retries that outlive the process, and team mode's worker ---------------------------


def test_a_waiting_retry_survives_a_restart(settings: Any, container: Container) -> None:
    """Single-user mode: the retry waits as a delayed job (``jobs.run_after``); the process
    stops before it is due; ``rapport serve``'s start takes it up at its time."""
    from rapport.bootstrap import build
    from rapport.cli.serve import _resume_jobs

    container.settings.webhook_retry_schedule = "2"
    with receiver([500, 200]) as r:
        container.webhooks.add(r.url)
        acme = container.workspace.add(Client(name="Acme"))
        assert acme.id is not None
        container.workspace.add(_interaction(acme.id))
        r.wait_for(1)
        time.sleep(0.3)  # the retry is submitted, as a job that waits
        (delivery,) = container.webhooks.deliveries()
        assert delivery.status == "pending" and delivery.next_attempt_at is not None
        container.close()  # the server stops: the timer is dropped, the job stays queued
        restarted = build(settings.model_copy(update={"webhook_retry_schedule": "2"}))
        _resume_jobs(restarted)
        first, second = r.wait_for(2, timeout=20)
        (done,) = _settled(restarted)
        restarted.close()
    assert second.headers["Rapport-Delivery"] == first.headers["Rapport-Delivery"]
    assert done.status == "succeeded" and [a.status_code for a in done.log] == [500, 200]
    assert (done.log[1].at - done.log[0].at).total_seconds() >= 1.9


def test_team_mode_worker_delivers_and_retries_later(tmp_path: Path) -> None:
    """Team mode: deliveries go to the PostgreSQL queue; a real ``rapport worker`` sends
    them, and the retry is a scheduled job of the queue."""
    import subprocess
    import sys

    from rapport.bootstrap import build
    from rapport.config import Settings
    from tests.conftest import ROOT, _worker, fresh_postgres_database

    if os.environ.get("RAPPORT_TEST_SKIP_POSTGRES"):
        pytest.skip("PostgreSQL skipped")
    url = fresh_postgres_database(f"rapport_hooks_{_worker()}")
    secret = "test-secret-q7Vd2LmX9sR4tKw8ZpN1cB6yHf3Ja0E5gUe"
    c = build(
        Settings(
            database_url=url,
            data_dir=tmp_path / "data",
            mode="team",
            secret_key=secret,
            webhook_retry_schedule="1",
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}",
        "RAPPORT_DATABASE_URL": url,
        "RAPPORT_MODE": "team",
        "RAPPORT_SECRET_KEY": secret,
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "RAPPORT_WEBHOOK_RETRY_SCHEDULE": "1",
    }
    with receiver([500, 200]) as r:
        created = c.webhooks.add(r.url)
        acme = c.workspace.add(Client(name="Acme"))
        assert acme.id is not None
        c.workspace.add(_interaction(acme.id))
        (queued,) = c.webhooks.deliveries()
        assert queued.status == "pending" and r.received == []  # no worker yet
        worker = subprocess.Popen(
            [sys.executable, "-m", "rapport", "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            _first, second = r.wait_for(2, timeout=60)
            (done,) = _settled(c, timeout=30)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            c.close()
    _check_signed(second, created.secret)
    assert done.status == "succeeded" and [a.status_code for a in done.log] == [500, 200]
    assert (done.log[1].at - done.log[0].at).total_seconds() >= 0.9


def test_an_unreadable_secret_fails_the_delivery_with_the_reason(
    container: Container, hook: Receiver
) -> None:
    from rapport.storage.webhook_rows import WebhookRow

    created = container.webhooks.add(hook.url)
    with container.db.transaction() as s:  # as after a restore under another server key
        s.execute(sa.update(WebhookRow).values(secret_encrypted="gAAAAA-not-sealed-here"))
    container.webhooks.test(created.webhook.id)
    (delivery,) = _settled(container)
    assert delivery.status == "failed" and delivery.attempts == 1
    assert delivery.last_error is not None and "remove the webhook and add it again" in (
        delivery.last_error
    )
    assert hook.received == []


def test_recommitting_sends_the_old_promise_updated_and_the_new_one_created(
    container: Container, acme: Client, hook: Receiver
) -> None:
    from rapport.clock import now

    assert acme.id is not None
    overdue = _promise(acme.id)
    overdue.made_at = now() - timedelta(days=10)
    overdue.due_at = now() - timedelta(days=2)
    stored = container.workspace.add(overdue)
    assert stored.id is not None
    container.webhooks.add(hook.url, [events.PROMISE_UPDATED, events.PROMISE_CREATED])
    container.reliability.recommit(stored.id, new_due=now() + timedelta(days=3))
    updated, created = (r.json for r in hook.wait_for(2))
    assert updated["type"] == "promise.updated"
    assert updated["data"]["promise"]["id"] == stored.id
    assert updated["data"]["changes"]["status"] == ["open", "missed"]
    assert "announced_at" in updated["data"]["changes"]
    assert created["type"] == "promise.created"
    assert created["data"]["promise"]["status"] == "open"
    assert created["data"]["promise"]["text"] == "Send the estimate"


def test_a_command_delivers_its_event_before_it_exits(
    container: Container, acme: Client, hook: Receiver, cli_process: Any
) -> None:
    """``rapport interactions add`` in its own process: the first attempt is made by the
    command itself (its job thread) before it exits."""
    created = container.webhooks.add(hook.url)
    done = cli_process(
        "interactions", "add", "--client", "Acme", "--kind", "call",
        "--start", "2026-03-02 10:00", "--duration", "20", "--summary", "Check-in",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(hook.received) == 1  # already there when the command has exited
    body = _check_signed(hook.received[0], created.secret)
    assert body["type"] == "interaction.created"
    assert body["data"]["interaction"]["summary"] == "Check-in"


def test_a_booking_published_but_never_handed_over_is_sent_at_start_up(
    container: Container, acme: Client, hook: Receiver
) -> None:
    """The booking service's call, in its own transaction; the process "stops" before the
    hand-over (no dispatcher on the session); the next start (``resume``) sends it."""
    created = container.webhooks.add(hook.url, [events.BOOKING_CREATED])
    assert acme.id is not None
    start = datetime(2026, 3, 20, 14, tzinfo=UTC)
    with container.db.transaction() as s:
        s.info.pop(events.DISPATCH_KEY)
        event_id = events.publish(
            s,
            events.BOOKING_CREATED,
            events.booking_payload(
                booking_id=3,
                client_id=acme.id,
                client_name="Acme",
                start=start,
                duration_min=60,
                format="video",
            ),
        )
    assert event_id is not None
    time.sleep(0.3)
    assert hook.received == []
    (pending,) = container.webhooks.deliveries()
    assert container.webhooks.resume() == [pending.id]
    (received,) = hook.wait_for(1)
    body = _check_signed(received, created.secret)
    assert body["id"] == event_id and body["type"] == "booking.created"
    assert body["data"]["booking"] == {
        "id": 3,
        "client_id": acme.id,
        "start": "2026-03-20T14:00:00+00:00",
        "duration_min": 60,
        "format": "video",
        "created_at": body["data"]["booking"]["created_at"],
    }
    assert body["data"]["client"] == {"id": acme.id, "name": "Acme"}
    _settled(container)
    assert container.webhooks.resume() == []  # nothing pending any more


def test_a_booking_on_the_booking_page_publishes_booking_created(
    container: Container, hook: Receiver
) -> None:
    """BookingService.book publishes in the booking's transaction (no booking calendar here:
    its follow-up steps fail on their own, the booking and its event stand)."""
    client = container.workspace.add(
        Client(name="Bookco", tier_override=Tier.A, timezone="Europe/Oslo")  # type: ignore[arg-type]
    )
    assert client.id is not None
    created = container.webhooks.add(hook.url, [events.BOOKING_CREATED])
    slot = next(s for s in container.booking.offer(client).slots if 60 in s.lengths)
    booked = container.booking.book(
        client,
        start=slot.start,
        minutes=60,
        meeting_format="video",
        name="Sato",
        email="sato@example.jp",
        topic="Roadmap",
    )
    (received,) = hook.wait_for(1)
    body = _check_signed(received, created.secret)
    assert body["type"] == "booking.created"
    booking = body["data"]["booking"]
    assert booking["id"] == booked.id and booking["client_id"] == client.id
    assert booking["duration_min"] == 60 and booking["format"] == "video"
    assert datetime.fromisoformat(booking["start"]) == slot.start
    assert body["data"]["client"] == {"id": client.id, "name": "Bookco"}
    assert "Sato" not in received.body.decode() and "Roadmap" not in received.body.decode()
