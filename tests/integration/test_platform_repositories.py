"""The platform's repositories (accounts, audit, jobs, webhooks) and the flush hooks, on
SQLite and PostgreSQL: the queries the accounts, audit, job and webhook services ask of
them."""

from __future__ import annotations

from datetime import timedelta

from rapport.bootstrap import Container
from rapport.clock import now
from rapport.domain.model import Client
from rapport.policy.roles import Role
from rapport.storage import flush_hooks
from rapport.storage.jobs_rows import JobRow
from rapport.storage.repositories import Repositories
from rapport.storage.team_rows import AuditRow, UserRow, WebSessionRow
from rapport.storage.webhook_rows import WebhookAttemptRow, WebhookRow


def _user(repos: Repositories, name: str, role: Role = Role.MEMBER) -> UserRow:
    row = UserRow(name=name, role=role.value, password_hash="x", created_at=now())
    repos.accounts.add(row)
    repos.flush()
    return row


def test_accounts_users_sessions_and_throttle(container: Container) -> None:
    db = container.db
    with db.transaction() as s:
        repos = Repositories(s)
        ann = _user(repos, "ann", Role.OWNER)
        _user(repos, "bob")
        at = now()
        repos.accounts.add(
            WebSessionRow(
                digest="d1",
                user_id=ann.id,
                csrf_token="c",
                created_at=at,
                expires_at=at + timedelta(days=1),
            )
        )
    with db.transaction() as s:
        repos = Repositories(s)
        assert [u.name for u in repos.accounts.users()] == ["ann", "bob"]
        assert repos.accounts.any_user()
        assert repos.accounts.user_named("bob") is not None
        assert repos.accounts.user_named("nobody") is None
        assert [o.name for o in repos.accounts.lock_enabled_owners(Role.OWNER.value)] == ["ann"]
        hit = repos.accounts.live_web_session("d1", now())
        assert hit is not None and hit[1].name == "ann"
        assert repos.accounts.live_web_session("d1", now() + timedelta(days=2)) is None
        repos.accounts.end_web_sessions(ann.id)
    with db.reading() as s:
        assert Repositories(s).accounts.web_session("d1") is None
    window = timedelta(minutes=15)
    with db.transaction() as s:
        repos = Repositories(s)
        taken = [
            repos.accounts.take_try("ann", "1.2.3.4", limit=2, window=window, at=now())
            for _ in range(3)
        ]
        assert taken == [True, True, False]
        repos.accounts.give_back_try("ann", "1.2.3.4")
        assert repos.accounts.take_try("ann", "1.2.3.4", limit=2, window=window, at=now())
        later = now() + timedelta(minutes=16)  # a new window
        assert repos.accounts.take_try("ann", "1.2.3.4", limit=2, window=window, at=later)
        repos.accounts.forget_tries("ann", "1.2.3.4")
        assert repos.accounts.take_try("ann", "1.2.3.4", limit=1, window=window, at=now())


def test_audit_entries_filter_count_and_prune(container: Container) -> None:
    db = container.db
    at = now()
    with db.transaction() as s:
        repos = Repositories(s)
        for i, actor in enumerate(("ann", "bob", "ann")):
            repos.audit.add(
                AuditRow(
                    at=at - timedelta(days=i),
                    actor=actor,
                    action="login",
                    entity="login",
                    entity_id=None,
                    client_id=None,
                    changes={},
                )
            )
    with db.transaction() as s:
        repos = Repositories(s)
        logins = repos.audit.entries(entity="login")
        assert [e.actor for e in logins] == ["ann", "bob", "ann"]  # newest first
        assert repos.audit.count(actor="ann", entity="login") == 2
        assert repos.audit.count(entity="login", since=at - timedelta(hours=1)) == 1
        assert repos.audit.count(entity="login", until=at - timedelta(hours=1)) == 2
        assert [e.actor for e in repos.audit.entries(entity="login", offset=1, limit=1)] == ["bob"]
        assert repos.audit.delete_before(at - timedelta(hours=36)) == 1
        assert repos.audit.count(entity="login") == 2


def test_clients_by_name_any_case_and_names(container: Container) -> None:
    client = container.workspace.add_client(Client(name="Acme Corp"))
    assert client.id is not None
    with container.db.reading() as s:
        repos = Repositories(s)
        assert repos.clients.id_by_name("acme CORP") == client.id
        assert repos.clients.id_by_name("nobody") is None
        assert repos.clients.names_of([client.id, client.id + 1000]) == {client.id: "Acme Corp"}
        assert repos.clients.name_now(client.id) == "Acme Corp"


def test_jobs_newest_unfinished_and_payloads(container: Container) -> None:
    db = container.db
    with db.transaction() as s:
        repos = Repositories(s)
        ann = _user(repos, "ann")
        for kind, status, user in (
            ("backup", "succeeded", None),
            ("webhook-delivery", "queued", ann.id),
            ("webhook-delivery", "failed", ann.id),
        ):
            repos.jobs.add(
                JobRow(
                    kind=kind,
                    payload={"delivery_id": 7},
                    user_id=user,
                    status=status,
                    progress=0.0,
                    attempts=0,
                    max_attempts=3,
                    created_at=now(),
                )
            )
    with db.transaction() as s:
        repos = Repositories(s)
        assert [j.kind for j in repos.jobs.newest()] == ["webhook-delivery"] * 2 + ["backup"]
        assert len(repos.jobs.newest(user_id=ann.id, everyone=False)) == 2
        assert len(repos.jobs.newest(user_id=None, everyone=False)) == 1  # the command line's
        assert [j.status for j in repos.jobs.newest(status="failed")] == ["failed"]
        (queued,) = repos.jobs.unfinished()
        assert repos.jobs.submitter(queued.id) == ann.id
        assert repos.jobs.unfinished_payloads("webhook-delivery") == [{"delivery_id": 7}]
        repos.jobs.update(queued.id, status="running", progress=0.5)
    with db.reading() as s:
        row = Repositories(s).jobs.by_id(queued.id)
        assert row is not None and (row.status, row.progress) == ("running", 0.5)


def test_webhooks_outbox_deliveries_and_removal(container: Container) -> None:
    db = container.db
    at = now()
    with db.transaction() as s:
        repos = Repositories(s)
        hook = WebhookRow(url="https://x.invalid/", events=[], secret_encrypted="s", created_at=at)
        repos.webhooks.add(hook)
        repos.flush()
        assert repos.webhooks.subscribers() == [(hook.id, [])]
        event = repos.webhooks.insert_event(
            public_id="evt_1", kind="ping", payload={"a": 1}, created_at=at
        )
        first = repos.webhooks.insert_delivery(
            public_id="dlv_1", webhook_id=hook.id, event_id=event, at=at
        )
        second = repos.webhooks.insert_delivery(
            public_id="dlv_2", webhook_id=hook.id, event_id=event, at=at
        )
        repos.webhooks.add(
            WebhookAttemptRow(
                delivery_id=first, attempted_at=at, status_code=500, error="x", duration_ms=3
            )
        )
    with db.transaction() as s:
        repos = Repositories(s)
        ((row, status),) = repos.webhooks.all_with_last_status()
        assert (row.id, status) == (hook.id, "pending")
        assert [d.id for d, _, _ in repos.webhooks.newest_deliveries(hook.id)] == [second, first]
        assert [(pid, kind) for _, pid, kind in repos.webhooks.deliveries_by_ids([first])] == [
            ("evt_1", "ping")
        ]
        assert [a.status_code for a in repos.webhooks.attempts_of([first, second])] == [500]
        assert repos.webhooks.delivery_number("dlv_2") == second
        assert repos.webhooks.delivery_number(first) == first
        assert repos.webhooks.event_number("evt_1") == event
        assert repos.webhooks.delivery_of_event("evt_1") in (first, second)
        assert repos.webhooks.pending_delivery_ids() == {first, second}
        repos.webhooks.set_delivery_state(
            first,
            status="failed",
            attempts=1,
            last_status=500,
            last_error="x",
            next_attempt_at=None,
            finished_at=at,
        )
    with db.reading() as s:
        found = Repositories(s).webhooks.for_attempt(first)
        assert found is not None and found[0].status == "failed" and found[2].id == hook.id
    with db.transaction() as s:
        Repositories(s).webhooks.remove(hook.id)
    with db.reading() as s:
        repos = Repositories(s)
        assert repos.webhooks.all_with_last_status() == []
        assert repos.webhooks.event_number("evt_1") is None  # the orphan event went too


def test_flush_hook_sees_the_rows_of_a_flush(container: Container) -> None:
    seen: list[tuple[str, str]] = []

    changed: list[set[str]] = []

    def hook(flush: flush_hooks.Flush) -> None:
        for label, rows in (("new", flush.new), ("dirty", flush.dirty), ("deleted", flush.deleted)):
            seen.extend((label, flush_hooks.table_of(r)) for r in rows if isinstance(r, UserRow))
        changed.extend(
            set(flush_hooks.changes_of(r, ["disabled", "name"]))
            for r in flush.dirty
            if isinstance(r, UserRow)
        )

    flush_hooks.on_flush(hook)
    flush_hooks.on_flush(hook)  # once only
    try:
        with container.db.transaction() as s:
            repos = Repositories(s)
            row = _user(repos, "cy")
            row.disabled = True
            repos.flush()
            assert flush_hooks.identity_of(row) == (row.id,)
            repos.accounts.delete(row)
    finally:
        flush_hooks._flush_hooks.remove(hook)
    assert seen == [("new", "users"), ("dirty", "users"), ("deleted", "users")]
    assert changed == [{"disabled"}]
