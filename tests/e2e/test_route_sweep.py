"""The route-table access sweep (docs/security.md, "How access is tested").

Every route the app mounts (pages, forms, API; read from ``app.routes`` itself, so a new
route cannot be missed) is called with every method, as:

* a logged-out visitor: 401 for /api, a redirect to /login for pages, never data;
* a workspace owner (``owner``) and the member who owns the record (``mia``): let through;
* a member who is a stranger to the record (``max``, the client is not shared with him):
  404 for the record, as if it did not exist, and nothing changed;
* a read-only account the client is shared with (``rita``): reads let through, writes
  refused with 403, nothing changed.

Each route has one line in ROUTES: what kind of route it is (which decides the answers
above) and how to fill its path and body from the records made for the test. A route
without a line fails the sweep with a message saying so: add one line for it.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import Mount

from rapport.bootstrap import Container, build
from rapport.config import Settings
from rapport.domain import assessment
from rapport.storage.schema import Base
from rapport.web.app import create_app
from tests.conftest import TEST_PASSWORD, make_account

ZOOM = Path(__file__).resolve().parent.parent / "fixtures" / "transcripts" / "zoom.vtt"
SECRET = "a-test-secret-key-that-is-long-enough-for-team-mode"
MARKER = "Zephyrine"
"""In the name of every record of the member's client: a stranger must never read it."""
FUTURE = "2030-03-04T10:00:00Z"


class Kind(Enum):
    RECORD = "a record of the member's client is named in the path"
    REFERENCE = "the member's client is named in the body or query"
    WORKSPACE = "any account may call it; it names no one's record"
    OWNER = "owners only"
    PERSONAL = "a record of the account that made it (a job, a self-assessment take)"
    TOKEN = "public: a secret token in the path is the key; any other token gets 404"


Ids = dict[str, Any]
Body = Callable[[Ids, str], dict[str, Any]]
"""The request's keyword arguments (json, data, files, params) from the records' ids and
the name of the account calling."""


def _none(_ids: Ids, _who: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Rule:
    kind: Kind
    body: Body = _none
    granted: frozenset[int] = field(default_factory=frozenset)
    """Answers other than 2xx/3xx that a granted caller may get (with the reason in the
    rule's comment)."""
    stores: bool = True
    """False for a POST that only computes an answer from what it is sent (an agenda, a
    draft): a read-only account may use the page form; /api refuses it every POST."""


def R(body: Body = _none) -> Rule:
    return Rule(Kind.RECORD, body)


def REF(body: Body, *, stores: bool = True) -> Rule:
    return Rule(Kind.REFERENCE, body, stores=stores)


def W(body: Body = _none, *, stores: bool = True) -> Rule:
    return Rule(Kind.WORKSPACE, body, stores=stores)


def O(body: Body = _none, *granted: int) -> Rule:  # noqa: E743 - reads as the kind
    return Rule(Kind.OWNER, body, frozenset(granted))


def P(body: Body = _none) -> Rule:
    return Rule(Kind.PERSONAL, body)


def TOKEN() -> Rule:
    return Rule(Kind.TOKEN)


def _webhook_url(who: str) -> str:
    """Nothing listens on port 9: a delivery fails at once (and, in the sweep, for good)."""
    return f"http://127.0.0.1:9/{who}-{next(UPLOADS)}"


def _calendar_url(_ids: Ids, who: str) -> str:
    """A new calendar address each call (the same one twice is refused); nothing listens
    on port 9, so a sync reports the server as unreachable."""
    return f"http://127.0.0.1:9/{who}-{next(UPLOADS)}.ics"


def _mailbox(who: str) -> dict[str, Any]:
    """A new mailbox each call (the same one twice is refused), on a port nothing answers."""
    return {
        "host": "127.0.0.1",
        "port": 9,
        "security": "none",
        "username": f"{who}-{next(UPLOADS)}@example.test",
        "password": "not-a-real-password",
    }


def _offers(container: Container, ids: Ids) -> None:
    """Promises found in sent mail, offered for the client: one for each accept and
    dismiss route, on a mailbox of their own (removing the other one takes its offers)."""
    from datetime import UTC, date, datetime

    from rapport.storage.mail_rows import MailPromiseRow

    mailbox = container.mail_sync.add(
        "127.0.0.1", username=f"offers-{next(UPLOADS)}@example.test", password="x", port=9
    )
    with container.db.transaction() as s:
        for n, route in enumerate(("api:accept", "api:dismiss", "page:accept", "page:dismiss")):
            row = MailPromiseRow(
                mailbox_id=mailbox.id,
                message_id=f"<{route}@example.test>",
                number=n,
                client_id=ids["client"],
                text="I'll send the estimate by Friday.",
                language="en",
                due=date(2030, 3, 8),
                made_at=datetime(2030, 3, 4, tzinfo=UTC),
                subject="Estimate",
                status="offered",
            )
            s.add(row)
            s.flush()
            ids[f"promise:{route}"] = row.id


def _promise(path: str, ids: Ids) -> str:
    where = "api" if path.startswith("/api/") else "page"
    return str(ids[f"promise:{where}:{path.rsplit('/', 1)[-1]}"])


def _json(value: Callable[[Ids, str], Any]) -> Body:
    return lambda ids, who: {"json": value(ids, who)}


def _form(value: Callable[[Ids, str], dict[str, str]]) -> Body:
    return lambda ids, who: {"data": value(ids, who)}


UPLOADS = itertools.count()


def _transcript(ids: Ids, _who: str, **fields: str) -> dict[str, Any]:
    # each upload a different file (the same one twice is refused as already stored)
    vtt = ZOOM.read_bytes() + f"\nNOTE {next(UPLOADS)}\n".encode()
    return {"files": {"file": ("meeting.vtt", vtt, "text/vtt")}, "data": fields}


CSV = b"client,kind,started_at,duration_min\nNobody,call,2026-01-05T10:00:00Z,30\n"
VCARD = b"BEGIN:VCARD\nVERSION:3.0\nFN:Vera Card\nEND:VCARD\n"
ANSWERS = {item.id: 4 for item in assessment.ITEMS}
EDITS = {  # a valid change for each record kind of the generic CRUD API
    "contacts": {"title": "Buyer"},
    "interactions": {"summary": "changed"},
    "commitments": {"text": "changed"},
    "revenue": {"note": "changed"},
    "projects": {"name": f"{MARKER} renamed"},
    "notes": {"text": "changed"},
}
CREATES: dict[str, Callable[[Ids, str], dict[str, Any]]] = {
    "contacts": lambda ids, who: {"name": f"{MARKER} {who}"},
    "interactions": lambda ids, who: {"kind": "call", "started_at": "2026-01-05T10:00:00Z"},
    "commitments": lambda ids, who: {"text": f"{MARKER} promise", "due_at": FUTURE},
    "revenue": lambda ids, who: {"on": "2026-01-01", "amount": "10.00"},
    "projects": lambda ids, who: {"name": f"{MARKER} {who}"},
    "notes": lambda ids, who: {"text": f"{MARKER} note"},
}


OPEN_PROMISE = [
    "/api/commitments/{item_id}/done",
    "/api/commitments/{item_id}/miss",
    "/api/commitments/{commitment_id}/announce",
    "/promises/{commitment_id}/done",
    "/promises/{commitment_id}/announce",
]
"""Routes that close or move a promise: each gets one (in PATH_VALUES)."""

OVERDUE_PROMISE = [
    "/api/commitments/{commitment_id}/recommit",
    "/promises/{commitment_id}/recommit",
]
"""Routes for a promise already overdue (apologise and re-commit): each gets one."""


def _crud() -> dict[tuple[str, str], Rule]:
    rules: dict[tuple[str, str], Rule] = {}
    for thing, edit in EDITS.items():
        make = CREATES[thing]
        rules |= {
            ("GET", f"/api/{thing}"): W(),
            ("POST", f"/api/{thing}"): REF(
                _json(lambda ids, who, make=make: {"client_id": ids["client"], **make(ids, who)})
            ),
            ("GET", f"/api/{thing}/{{item_id}}"): R(),
            ("PATCH", f"/api/{thing}/{{item_id}}"): R(_json(lambda ids, who, edit=edit: edit)),
            ("DELETE", f"/api/{thing}/{{item_id}}"): R(),
        }
    return rules


AGENDA = {"items": [{"title": "Budget", "minutes": 20}]}
PAGE_AGENDA = {"items": "Budget: 20", "video": "on"}
TRIAGE = {"start": "2030-03-04T10:00", "duration_min": 30, "format": "video"}

# One line per route: (METHOD, path as declared) -> its kind and how to fill it.
ROUTES: dict[tuple[str, str], Rule] = {
    # --- API: clients and their records
    ("GET", "/api/clients"): W(),
    ("POST", "/api/clients"): W(_json(lambda ids, who: {"name": f"New client of {who}"})),
    ("GET", "/api/clients/{client_id}"): R(),
    ("PATCH", "/api/clients/{client_id}"): R(_json(lambda ids, who: {"notes": "changed"})),
    ("DELETE", "/api/clients/{client_id}"): R(),
    **_crud(),
    ("POST", "/api/commitments/{item_id}/done"): R(),
    ("POST", "/api/commitments/{item_id}/miss"): R(),
    ("PATCH", "/api/projects/{item_id}/checklist"): R(_json(lambda i, w: {"scope_written": True})),
    ("POST", "/api/commitments/{commitment_id}/announce"): R(
        _json(lambda ids, who: {"new_due_at": "2030-05-01T10:00:00Z"})
    ),
    ("POST", "/api/commitments/{commitment_id}/recommit"): R(
        _json(lambda ids, who: {"new_due_at": "2030-05-01T10:00:00Z"})
    ),
    ("GET", "/api/trust/{client_id}"): R(),
    ("GET", "/api/clients/{client_id}/shares"): R(),
    ("PUT", "/api/clients/{client_id}/shares/{user}"): R(_json(lambda i, w: {"can_edit": False})),
    ("DELETE", "/api/clients/{client_id}/shares/{user}"): R(),
    # --- API: the whole workspace
    ("POST", "/api/import/{fmt}"): O(
        lambda ids, who: {"files": {"file": ("c.vcf", VCARD, "text/vcard")}, "params": {}}
    ),
    ("GET", "/api/export.json"): O(),
    ("GET", "/api/export.zip"): O(),
    ("GET", "/api/users"): O(),
    ("PATCH", "/api/users/{user}"): O(_json(lambda ids, who: {"role": "member"})),
    ("DELETE", "/api/users/{user}"): O(),
    ("POST", "/api/users"): O(
        _json(lambda ids, who: {"name": f"new-{next(UPLOADS)}", "password": "a long password"})
    ),
    ("PUT", "/api/users/{user}/password"): O(_json(lambda i, w: {"password": "yuri's new one"})),
    ("POST", "/api/me/password"): W(
        _json(lambda ids, who: {"current_password": TEST_PASSWORD, "new_password": TEST_PASSWORD})
    ),
    ("GET", "/api/tokens"): O(),
    ("POST", "/api/tokens"): O(_json(lambda ids, who: {"user": "yuri", "label": "sweep"})),
    ("DELETE", "/api/tokens/{token_id}"): O(),
    ("GET", "/api/backup"): O(),
    # a restore would replace the records the sweep works on: the file is not a backup, so
    # an owner is answered 422 (after the access check) and nothing changes.
    ("POST", "/api/restore"): O(
        lambda ids, who: {"files": {"file": ("b.json.gz", b"not a backup", "application/gzip")}},
        422,
    ),
    ("POST", "/api/classify"): W(_json(lambda i, w: {"lines": ["Hi", "The budget"]}), stores=False),
    ("GET", "/users"): O(),
    ("POST", "/users/{name}/{change}"): O(_form(lambda ids, who: {"role": "member"})),
    ("GET", "/api/audit"): O(),
    ("GET", "/api/me"): W(),
    ("GET", "/api/today"): W(),
    ("GET", "/api/trust"): W(),
    ("GET", "/api/portfolio"): W(),
    ("GET", "/api/triage"): W(),
    ("GET", "/api/assessment/items"): W(),
    ("GET", "/api/assessment/history"): W(),
    ("POST", "/api/assessment"): W(_json(lambda ids, who: {"answers": ANSWERS})),
    # --- API: meetings
    ("POST", "/api/drafts/{kind}"): REF(
        _json(lambda ids, who: {"client": ids["client_name"]}), stores=False
    ),
    ("POST", "/api/drafts/{kind}/eml"): REF(
        _json(lambda i, w: {"client": i["client_name"]}), stores=False
    ),
    ("POST", "/api/agenda"): REF(
        _json(lambda ids, who: {"client": ids["client_name"], **AGENDA}), stores=False
    ),
    ("POST", "/api/agenda/ics"): REF(
        _json(lambda ids, who: {"client": ids["client_name"], "start": FUTURE, **AGENDA}),
        stores=False,
    ),
    ("POST", "/api/triage"): REF(_json(lambda ids, who: {"client": ids["client_name"], **TRIAGE})),
    ("POST", "/api/meetings/log"): REF(
        _json(
            lambda ids, who: {
                "client": ids["client_name"],
                "start": "2026-01-05T10:00:00Z",
                "duration_min": 30,
            }
        )
    ),
    ("POST", "/api/agendas"): REF(
        _json(lambda ids, who: {"client": ids["client_name"], "start": FUTURE, **AGENDA})
    ),
    ("GET", "/api/agendas"): W(),
    ("GET", "/api/agendas/{agenda_id}"): R(),
    ("DELETE", "/api/agendas/{agenda_id}"): R(),
    # --- API: transcripts and jobs
    ("POST", "/api/transcripts"): REF(
        lambda ids, who: _transcript(ids, who, client_id=str(ids["client"]), save="true")
    ),
    ("GET", "/api/transcripts"): REF(lambda ids, who: {"params": {"client_id": ids["client"]}}),
    ("GET", "/api/transcripts/{analysis_id}"): R(),
    ("POST", "/api/transcripts/{analysis_id}/reanalyse"): R(),
    ("POST", "/api/transcripts/reanalyse"): REF(
        lambda ids, who: {"params": {"client_id": ids["client"]}}
    ),
    ("GET", "/api/transcripts/{analysis_id}/utterances"): R(),
    ("PATCH", "/api/transcripts/{analysis_id}/utterances"): R(
        _json(lambda ids, who: {"labels": [{"utterance": 1, "label": "personal"}]})
    ),
    ("GET", "/api/jobs"): W(),
    ("GET", "/api/jobs/{job_id}"): P(),
    ("POST", "/api/jobs/import/{fmt}"): W(
        lambda ids, who: {
            "files": {"file": ("i.csv", CSV, "text/csv")},
            "params": {"what": "interactions"},
        }
    ),
    ("POST", "/api/jobs/analyze"): REF(
        lambda ids, who: _transcript(ids, who, client_id=str(ids["client"]))
    ),
    # --- pages
    ("GET", "/"): W(),
    ("GET", "/vendor/plotly.min.js"): W(),
    # /demo fills an empty workspace only: an owner gets 409 here (clients exist).
    ("POST", "/demo"): O(_none, 409),
    ("GET", "/today"): W(),
    ("GET", "/portfolio"): W(),
    ("GET", "/audit"): O(),
    ("GET", "/settings"): O(),
    ("POST", "/settings"): O(_form(lambda ids, who: {"name": "Sweep Owner", "title": "CEO"})),
    ("GET", "/import"): W(),
    ("POST", "/import"): O(
        lambda ids, who: {
            "files": {"file": ("c.vcf", VCARD, "text/vcard")},
            "data": {"format": "vcard"},
        }
    ),
    ("GET", "/clients"): W(),
    ("GET", "/clients/new"): W(),
    ("POST", "/clients/new"): W(
        _form(
            lambda ids, who: {
                "name": f"Page client of {who}",
                "kind": "organisation",
                "language": "en",
                "timezone": "UTC",
                "origin": "cold",
            }
        )
    ),
    ("GET", "/clients/{client_id}"): R(),
    ("GET", "/clients/{client_id}/edit"): R(),
    ("POST", "/clients/{client_id}/edit"): R(
        _form(
            lambda ids, who: {
                "name": ids["client_name"],
                "kind": "organisation",
                "language": "en",
                "timezone": "UTC",
                "origin": "cold",
                "notes": "changed",
            }
        )
    ),
    ("GET", "/clients/{client_id}/timeline"): R(),
    ("GET", "/clients/{client_id}/draft"): R(),
    ("POST", "/clients/{client_id}/interactions"): R(
        _form(lambda ids, who: {"kind": "call", "started_at": "2026-01-05T10:00"})
    ),
    ("POST", "/clients/{client_id}/promises"): R(
        _form(lambda ids, who: {"text": "Send it", "due_at": "2030-03-04T10:00", "size": "small"})
    ),
    ("POST", "/clients/{client_id}/notes"): R(_form(lambda ids, who: {"text": "seen"})),
    ("POST", "/clients/{client_id}/contacts"): R(_form(lambda ids, who: {"name": "Page Person"})),
    ("POST", "/contacts/{contact_id}/address"): R(
        _form(lambda ids, who: {"address_form": "formal", "address_name": "Ms Person"})
    ),
    ("POST", "/clients/{client_id}/projects"): R(
        _form(lambda ids, who: {"name": "Page project", "status": "active"})
    ),
    ("POST", "/projects/{project_id}/checklist"): R(_form(lambda i, w: {"scope_written": "on"})),
    ("POST", "/promises/{commitment_id}/done"): R(),
    ("POST", "/promises/{commitment_id}/reopen"): R(),
    ("GET", "/promises/{commitment_id}/announce"): R(),
    ("POST", "/promises/{commitment_id}/announce"): R(
        _form(lambda ids, who: {"new_due": "2030-05-01T10:00"})
    ),
    ("GET", "/promises/{commitment_id}/recommit"): R(),
    ("POST", "/promises/{commitment_id}/recommit"): R(
        _form(lambda ids, who: {"new_due": "2030-05-01T10:00"})
    ),
    ("GET", "/meetings/triage"): W(),
    ("POST", "/meetings/triage"): REF(
        _form(
            lambda ids, who: {
                "client": str(ids["client"]),
                "start": "2030-03-04T10:00",
                "duration_min": "30",
                "format": "video",
                "organizer": "me",
                "reason": "none",
            }
        )
    ),
    ("GET", "/meetings/agenda"): W(),
    ("POST", "/meetings/agenda"): REF(
        _form(lambda ids, who: {"client": str(ids["client"]), **PAGE_AGENDA}), stores=False
    ),
    ("POST", "/meetings/agenda/save"): REF(
        _form(
            lambda ids, who: {
                "client": str(ids["client"]),
                "start": "2030-03-04T10:00",
                **PAGE_AGENDA,
            }
        )
    ),
    ("POST", "/meetings/live"): REF(
        _form(lambda ids, who: {"client": str(ids["client"]), **PAGE_AGENDA}), stores=False
    ),
    ("GET", "/meetings/live"): REF(
        lambda ids, who: {"params": {"client": str(ids["client"]), **PAGE_AGENDA}}, stores=False
    ),
    ("POST", "/meetings/log"): REF(
        _form(
            lambda ids, who: {
                "client": str(ids["client"]),
                "start": "2026-01-05T10:00",
                "duration_min": "30",
                "kind": "video",
            }
        )
    ),
    ("GET", "/transcripts"): W(),
    ("POST", "/transcripts"): REF(
        lambda ids, who: _transcript(
            ids, who, client=str(ids["client"]), save="on", me="Dr. Jane Smith"
        )
    ),
    ("GET", "/transcripts/progress"): W(),
    ("GET", "/transcripts/{analysis_id}"): R(),
    ("POST", "/transcripts/{analysis_id}/reanalyse"): R(),
    ("POST", "/transcripts/{analysis_id}/labels"): R(
        _form(lambda ids, who: {"utterance": "1", "label": "personal"})
    ),
    ("POST", "/transcripts/promises"): REF(
        _form(lambda ids, who: {"client": str(ids["client"]), "text": "Do it", "due": "2030-03-04"})
    ),
    ("GET", "/assessment"): W(),
    ("POST", "/assessment"): W(_form(lambda ids, who: {k: str(v) for k, v in ANSWERS.items()})),
    ("GET", "/assessment/{take_id}"): P(),
    ("POST", "/drafts/eml"): W(
        _form(lambda ids, who: {"kind": "email", "subject": "Hello", "body": "Hi"}), stores=False
    ),
    # --- calendar sync and the ICS feed (docs/integrations.md)
    ("GET", "/api/calendars"): O(),
    ("POST", "/api/calendars"): O(_json(lambda ids, who: {"url": _calendar_url(ids, who)})),
    ("DELETE", "/api/calendars/{calendar_id}"): O(),
    ("POST", "/api/sync"): O(),
    ("GET", "/integrations"): O(),
    ("POST", "/integrations/calendars"): O(_form(lambda ids, w: {"url": _calendar_url(ids, w)})),
    ("POST", "/integrations/sync"): O(),
    # --- contact sync (CardDAV, docs/integrations.md)
    ("GET", "/api/addressbooks"): O(),
    ("POST", "/api/addressbooks"): O(_json(lambda ids, who: {"url": _calendar_url(ids, who)})),
    ("DELETE", "/api/addressbooks/{addressbook_id}"): O(),
    ("POST", "/integrations/addressbooks"): O(_form(lambda ids, w: {"url": _calendar_url(ids, w)})),
    ("POST", "/integrations/feed/reset"): O(),
    # choosing calendars, unmatched organisers, agendas written back (davcal)
    ("POST", "/api/calendars/discover"): O(
        _json(lambda ids, w: {"url": "http://127.0.0.1:9/"}), 400
    ),
    ("PATCH", "/api/calendars/{calendar_id}"): O(_json(lambda ids, w: {"write_agendas": False})),
    ("GET", "/api/sync/unmatched"): O(),
    ("POST", "/api/sync/unmatched/client"): O(_json(lambda ids, w: {"email": "no@x.test"}), 404),
    ("POST", "/api/sync/unmatched/ignore"): O(_json(lambda ids, w: {"email": f"{w}@x.test"})),
    ("POST", "/integrations/calendars/choose"): O(
        _form(lambda ids, w: {"calendars": _calendar_url(ids, w)})
    ),
    ("POST", "/integrations/calendars/{calendar_id}/agendas"): O(),
    ("POST", "/integrations/unmatched/client"): O(
        _form(lambda ids, w: {"email": "no@x.test"}), 404
    ),
    ("POST", "/integrations/unmatched/ignore"): O(_form(lambda ids, w: {"email": f"{w}@x.test"})),
    # --- outgoing webhooks (docs/webhooks.md)
    ("GET", "/api/webhooks"): O(),
    ("POST", "/api/webhooks"): O(_json(lambda ids, who: {"url": _webhook_url(who)})),
    ("DELETE", "/api/webhooks/{webhook_id}"): O(),
    ("GET", "/api/webhooks/{webhook_id}/deliveries"): O(),
    ("POST", "/api/webhooks/{webhook_id}/test"): O(),
    ("POST", "/integrations/webhooks"): O(_form(lambda ids, who: {"url": _webhook_url(who)})),
    ("POST", "/integrations/webhooks/{webhook_id}/test"): O(),
    ("POST", "/integrations/webhooks/{webhook_id}/remove"): O(),
    ("GET", "/feed/{token}.ics"): TOKEN(),
    # --- booking pages (docs/integrations.md "Booking page")
    # made on first use: a read-only account cannot make one (403), only read one made
    ("GET", "/api/clients/{client_id}/booking-link"): Rule(Kind.RECORD, granted=frozenset({403})),
    ("POST", "/api/clients/{client_id}/booking-link/reset"): R(),
    ("GET", "/api/bookings"): W(),
    ("DELETE", "/api/bookings/{booking_id}"): R(),
    ("POST", "/clients/{client_id}/booking-link"): R(),
    ("GET", "/book/{token}"): TOKEN(),
    ("POST", "/book/{token}"): TOKEN(),
    ("GET", "/book/{token}/done/{booking_id}"): TOKEN(),
    ("POST", "/book/{token}/cancel/{booking_id}"): TOKEN(),
    # --- e-mail logging (docs/integrations.md "E-mail logging (IMAP)")
    ("GET", "/api/mailboxes"): O(),
    ("POST", "/api/mailboxes"): O(_json(lambda ids, who: _mailbox(who))),
    ("DELETE", "/api/mailboxes/{mailbox_id}"): O(),
    # nothing listens on port 9: the owner is let through and told the server is unreachable
    ("GET", "/api/mailboxes/{mailbox_id}/folders"): O(_none, 400),
    ("GET", "/api/mail-promises"): O(),
    ("POST", "/api/mail-promises/{promise_id}/accept"): O(),
    ("POST", "/api/mail-promises/{promise_id}/dismiss"): O(),
    ("POST", "/integrations/mailboxes"): O(_form(lambda ids, who: _mailbox(who))),
    ("POST", "/integrations/promises/{promise_id}/accept"): O(),
    ("POST", "/integrations/promises/{promise_id}/dismiss"): O(),
    # --- outgoing mail (docs/integrations.md); nothing listens on port 9: a test is a 422
    ("GET", "/api/mail/smtp"): O(),
    ("PUT", "/api/mail/smtp"): O(_json(lambda ids, who: {"host": "127.0.0.1", "port": 9})),
    ("DELETE", "/api/mail/smtp"): O(),
    ("POST", "/api/mail/test"): O(_json(lambda ids, who: {"to": "a@example.test"}), 422),
    ("POST", "/integrations/mail"): O(_form(lambda ids, w: {"host": "127.0.0.1", "port": "9"})),
    ("POST", "/integrations/mail/test"): O(_form(lambda ids, w: {"to": "a@example.test"})),
    ("POST", "/integrations/mail/remove"): O(),
    # --- reminders and the daily digest: each account its own (no address set: a 422)
    ("GET", "/digest"): W(),
    ("POST", "/digest/send"): O(_none, 422),
    ("GET", "/api/digest"): W(),
    ("POST", "/api/digest/send"): O(_json(lambda ids, who: {}), 422),
    ("GET", "/api/notifications"): W(),
}

# Routes the sweep does not call, each with the reason.
NOT_SWEPT: dict[tuple[str, str], str] = {
    ("GET", "/healthz"): "public: answers whether the server is up, no data",
    ("GET", "/login"): "public: the login form",
    ("POST", "/login"): "public: logging in (tests/e2e/test_security_login.py)",
    ("GET", "/setup"): "public: the first-run password form, single-user mode only",
    ("POST", "/setup"): "public: first-run password, refused once one is set",
    ("POST", "/logout"): "ends the caller's own session only (test_security_login.py)",
    ("GET", "/openapi.json"): "public: the API's schema, no data",
    ("GET", "/docs"): "public: the API's documentation page",
    ("GET", "/redoc"): "public: the API's documentation page",
}
NOT_SWEPT_MOUNTS = {
    "/static": "public: CSS, scripts and images, no data",
    "/docs/assets": "public: the scripts and styles of the API documentation pages",
}

PATH_VALUES: dict[str, Callable[[str, Ids], str]] = {
    # how each path parameter is filled (the path tells which record an item_id is)
    "client_id": lambda path, ids: str(ids["client"]),
    "item_id": lambda path, ids: str(ids.get(path, ids[path.split("/")[2]])),
    "commitment_id": lambda path, ids: str(ids.get(path, ids["commitments"])),
    "project_id": lambda path, ids: str(ids["projects"]),
    "contact_id": lambda path, ids: str(ids["contacts"]),
    "analysis_id": lambda path, ids: str(ids["analysis"]),
    "agenda_id": lambda path, ids: str(ids["agenda"]),
    "job_id": lambda path, ids: str(ids["job"]),
    "take_id": lambda path, ids: str(ids["take"]),
    "token_id": lambda path, ids: str(ids["token"]),
    "calendar_id": lambda path, ids: str(ids["calendar"]),
    "booking_id": lambda path, ids: str(ids["booking"]),
    "mailbox_id": lambda path, ids: str(ids["mailbox"]),
    "promise_id": _promise,
    "addressbook_id": lambda path, ids: str(ids["addressbook"]),
    # the routes that remove a webhook each remove their own
    "webhook_id": lambda path, ids: str(ids.get(path, ids["webhook"])),
    "token": lambda path, ids: "not-a-feed-token",  # a wrong token: 404 for everyone
    # an account's own routes work on yuri, a spare account; shares go to zoe
    "user": lambda path, ids: "yuri" if path.startswith("/api/users") else "zoe",
    "name": lambda path, ids: "yuri",
    "change": lambda path, ids: "role",
    "kind": lambda path, ids: "email",
    "fmt": lambda path, ids: "vcard" if path == "/api/import/{fmt}" else "csv",
}

SAFE = {"GET", "HEAD", "OPTIONS"}
VOLATILE = {
    "audit_log": "refusals are not audited, but logins and token use are",
    "api_tokens": "last use of a token is noted on every call",
    "web_sessions": "sessions are touched on every call",
    "login_attempts": "not touched by bearer-token calls; kept out for clarity",
    "client_scores": "a cache of computed facts, refreshed on reads",
    "trust_snapshots": "monthly snapshots an owner's read of trust may store",
    "webhook_deliveries": "an owner's test ping is attempted in the background",
    "webhook_attempts": "an owner's test ping is attempted in the background",
}


def route_table(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, from its own route table (included routers
    flattened). Fails on a mount the sweep does not know."""
    found: list[tuple[str, str]] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, Mount):
            assert context.path in NOT_SWEPT_MOUNTS, (
                f"{context.path} is mounted but the access sweep does not know it: add it to "
                "NOT_SWEPT_MOUNTS (with the reason) in tests/e2e/test_route_sweep.py"
            )
            continue
        assert context.methods, f"{context.path}: a route without methods the sweep cannot call"
        found += [
            (m, str(context.path_format)) for m in sorted(context.methods or ()) if m != "HEAD"
        ]
    return found


def unknown_routes(app: Any) -> list[tuple[str, str]]:
    return [r for r in route_table(app) if r not in ROUTES and r not in NOT_SWEPT]


def test_a_new_route_without_a_rule_is_reported(sweep_app: Any) -> None:
    @sweep_app.post("/api/widgets/{widget_id}")
    def _widget(widget_id: int) -> None: ...

    assert unknown_routes(sweep_app) == [("POST", "/api/widgets/{widget_id}")]


def test_every_route_has_a_rule(sweep_app: Any) -> None:
    table = route_table(sweep_app)
    unknown = unknown_routes(sweep_app)
    assert not unknown, (
        "routes the access sweep does not know how to fill or classify: "
        f"{unknown}. Add one line each to ROUTES (or NOT_SWEPT with the reason) in "
        "tests/e2e/test_route_sweep.py"
    )
    stale = [r for r in [*ROUTES, *NOT_SWEPT] if r not in table]
    assert not stale, f"rules for routes the app no longer has: {stale}; remove them"
    for path in {p for _m, p in table}:
        for name in re.findall(r"\{(\w+)\}", path):
            assert name in PATH_VALUES, (
                f"{path}: the sweep cannot fill {{{name}}}; add it to PATH_VALUES"
            )


# --- the records and accounts ------------------------------------------------------------
@dataclass
class Team:
    container: Container
    app: Any
    anonymous: TestClient
    as_: dict[str, TestClient]
    records: list[Ids]
    team_mode: bool


@pytest.fixture
def sweep_app(container: Container) -> Any:
    return create_app(container)


def _records(mia: TestClient, n: int) -> Ids:
    """A client of Mia's with one record of every kind; their ids."""
    name = f"{MARKER} {n}"
    made = mia.post("/api/clients", json={"name": name})
    assert made.status_code == 201, made.text
    ids: Ids = {"client": made.json()["id"], "client_name": name}
    for thing, make in CREATES.items():
        body = {"client_id": ids["client"], **make(ids, "mia")}
        answer = mia.post(f"/api/{thing}", json=body)
        assert answer.status_code == 201, (thing, answer.text)
        ids[thing] = answer.json()["id"]
    for path in OPEN_PROMISE:  # a promise of its own, still open when the route is called
        body = {"client_id": ids["client"], **CREATES["commitments"](ids, "mia")}
        ids[path] = mia.post("/api/commitments", json=body).json()["id"]
    for path in OVERDUE_PROMISE:  # an open promise of its own, past its date
        body = {
            "client_id": ids["client"],
            **CREATES["commitments"](ids, "mia"),
            "due_at": "2025-01-02T10:00:00Z",
        }
        ids[path] = mia.post("/api/commitments", json=body).json()["id"]
    saved = mia.post("/api/agendas", json={"client": name, "start": FUTURE, **AGENDA})
    assert saved.status_code == 201, saved.text
    ids["agenda"] = saved.json()["id"]
    analysed = mia.post(
        "/api/transcripts", **_transcript(ids, "mia", client_id=str(ids["client"]), save="true")
    )
    assert analysed.status_code in (200, 201), analysed.text
    ids["analysis"] = analysed.json()["saved"]["analysis_id"]
    job = mia.post("/api/jobs/import/csv", files={"file": ("i.csv", CSV, "text/csv")})
    assert job.status_code == 202, job.text
    ids["job"] = job.json()["id"]
    take = mia.post("/api/assessment", json={"answers": ANSWERS})
    assert take.status_code == 201, take.text
    ids["take"] = take.json()["id"]
    return ids


@pytest.fixture
def team(settings: Settings) -> Iterator[Team]:
    """Owner, two members and a read-only account: in team mode on PostgreSQL (as a team
    server runs), in single-user mode with the same accounts on SQLite."""
    found = open_team(settings)
    yield found
    close_team(found)


def open_team(settings: Settings, prepare: Callable[[Container], None] | None = None) -> Team:
    """The accounts and records of :func:`team`; ``prepare`` first fills the new workspace
    (with the demo, say) before they are made."""
    team_mode = str(settings.database_url).startswith("postgresql")
    if team_mode:
        settings = Settings(
            database_url=settings.database_url,
            data_dir=settings.data_dir,
            mode="team",
            secret_key=SECRET,
        )
    container = build(settings)
    container.settings.webhook_retry_schedule = ""  # a failed ping is not tried again
    if prepare is not None:
        prepare(container)
    app = create_app(container)
    tokens = {
        name: make_account(container, name, role)
        for name, role in [
            ("owner", "owner"),
            ("mia", "member"),
            ("max", "member"),
            ("rita", "read-only"),
            ("zoe", "member"),
            ("yuri", "member"),
        ]
    }
    clients = {
        name: TestClient(app, headers={"Authorization": f"Bearer {t}"}, follow_redirects=False)
        for name, t in tokens.items()
    }
    records = [_records(clients["mia"], n) for n in range(2)]
    for ids in records:
        share = clients["owner"].put(f"/api/clients/{ids['client']}/shares/rita", json={})
        assert share.status_code == 200, share.text
        spare = clients["owner"].post("/api/tokens", json={"user": "zoe", "label": "spare"})
        assert spare.status_code == 201, spare.text
        ids["token"] = spare.json()["id"]
        calendar = clients["owner"].post("/api/calendars", json={"url": _calendar_url(ids, "o")})
        assert calendar.status_code == 201, calendar.text
        ids["calendar"] = calendar.json()["id"]
        ids["booking"] = _booking(container, ids["client"])
        mailbox = clients["owner"].post("/api/mailboxes", json=_mailbox("o"))
        assert mailbox.status_code == 201, mailbox.text
        ids["mailbox"] = mailbox.json()["id"]
        _offers(container, ids)

        book = clients["owner"].post("/api/addressbooks", json={"url": _calendar_url(ids, "b")})
        assert book.status_code == 201, book.text
        ids["addressbook"] = book.json()["id"]
        for key in (
            "webhook",
            "/api/webhooks/{webhook_id}",
            "/integrations/webhooks/{webhook_id}/remove",
        ):
            webhook = clients["owner"].post(
                "/api/webhooks", json={"url": _webhook_url("o"), "events": ["booking.created"]}
            )
            assert webhook.status_code == 201, webhook.text
            ids[key] = webhook.json()["webhook"]["id"]
    anonymous = TestClient(app, follow_redirects=False)
    return Team(container, app, anonymous, clients, records, team_mode)


def close_team(team: Team) -> None:
    for client in [team.anonymous, *team.as_.values()]:
        client.close()
    team.container.close()


def _booking(container: Container, client_id: int) -> int:
    """A booking of the client's, made on its booking page's offer."""
    client = container.workspace.find_client(client_id)
    offer = container.booking.offer(client)
    slot = offer.slots[0]
    booked = container.booking.book(
        client,
        start=slot.start,
        minutes=slot.lengths[0],
        meeting_format=offer.formats[0].value,
        name="Zed",
        email="zed@example.test",
    )
    return booked.id


def _snapshot(container: Container) -> dict[str, list[Any]]:
    """Every row of every table but the volatile ones, to tell that nothing changed."""
    found: dict[str, list[Any]] = {}
    with container.db.reading() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in VOLATILE:
                continue
            rows = s.execute(sa.select(table)).all()
            found[table.name] = sorted(json.dumps(list(r), default=str) for r in rows)
    return found


def _url(path: str, ids: Ids) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES[m.group(1)](path, ids), path)


@dataclass(frozen=True)
class Call:
    who: str
    method: str
    path: str
    rule: Rule
    ids: Ids

    def send(self, team: Team) -> Any:
        client = team.anonymous if self.who == "anonymous" else team.as_[self.who]
        return client.request(
            self.method, _url(self.path, self.ids), **self.rule.body(self.ids, self.who)
        )

    def __str__(self) -> str:
        return f"{self.method} {self.path} as {self.who}"


def _unchanged(team: Team, call: Call, expected: set[int]) -> Any:
    """The call answers one of ``expected`` and changes no row."""
    before = _snapshot(team.container) if call.method not in SAFE else None
    answer = call.send(team)
    assert answer.status_code in expected, f"{call}: {answer.status_code} {answer.text[:300]}"
    if before is not None:
        assert _snapshot(team.container) == before, f"{call} changed data"
    return answer


def _granted(call: Call, answer: Any) -> None:
    ok = answer.status_code < 400 or answer.status_code in call.rule.granted
    assert ok, f"{call}: {answer.status_code} {answer.text[:300]}"


MISSING = {"client": 2_000_000_000, "client_name": "No Such Client"}


def _hidden(team: Team, call: Call) -> None:
    """A stranger to the record gets what a missing one gets, and changes nothing. A
    record named in the path: 404; named in a body or form: 404, or 422 where a missing
    reference is bad input (the same status as for a client that does not exist)."""
    if call.rule.kind is Kind.RECORD:
        _unchanged(team, call, {404})
        return
    hidden = _unchanged(team, call, {404, 422})
    missing = Call(call.who, call.method, call.path, call.rule, {**call.ids, **MISSING})
    assert _unchanged(team, missing, {404, 422}).status_code == hidden.status_code, (
        f"{call}: a hidden client answers differently from a missing one"
    )


def _write_order(route: tuple[str, str]) -> tuple[int, str]:
    """Deletes last, the client itself after everything of it."""
    method, path = route
    return (2 if path == "/api/clients/{client_id}" else int(method == "DELETE"), path)


@pytest.mark.slow  # every route as five callers (about 11 s per database)
def test_every_route_answers_each_role_as_the_policy_says(team: Team) -> None:
    table = [r for r in route_table(team.app) if r not in NOT_SWEPT]
    assert set(table) <= set(ROUTES), "see test_every_route_has_a_rule"
    first, second = team.records
    reads = [r for r in table if r[0] in SAFE]
    writes = sorted((r for r in table if r[0] not in SAFE), key=_write_order)
    stranger = "max"

    # 1. Nobody logged in: 401 or the login page, never data, nothing changed.
    for method, path in table:
        call = Call("anonymous", method, path, ROUTES[(method, path)], first)
        if call.rule.kind is Kind.TOKEN:
            _unchanged(team, call, {404})
            continue
        answer = _unchanged(team, call, {401} if path.startswith("/api/") else {303})
        if answer.status_code == 303:
            assert answer.headers["location"].startswith("/login?next="), call
        assert MARKER not in answer.text, call

    # 2. Reads, as everyone.
    for method, path in reads:
        rule = ROUTES[(method, path)]
        for who in ("owner", "mia", stranger, "rita"):
            call = Call(who, method, path, rule, first)
            kind = rule.kind
            if kind is Kind.TOKEN:
                _unchanged(team, call, {404})
            elif kind is Kind.OWNER and who != "owner":
                _unchanged(team, call, {403})
            elif kind in (Kind.RECORD, Kind.REFERENCE) and who == stranger:
                _hidden(team, call)
            elif kind is Kind.PERSONAL and who in (stranger, "rita"):
                _unchanged(team, call, {404})
            elif kind is Kind.PERSONAL and who == "owner" and path.startswith("/assessment"):
                # a take is its maker's own; in single-user mode the owner is everyone
                expected = {200} if not team.team_mode else {404}
                _unchanged(team, call, expected)
            else:
                answer = call.send(team)
                _granted(call, answer)
                if who == stranger:
                    assert MARKER not in answer.text, f"{call} showed the hidden client"

    # 3. Writes refused: the stranger, the read-only account, members on owners' routes.
    for method, path in writes:
        rule = ROUTES[(method, path)]
        for who in (stranger, "rita", "mia"):
            call = Call(who, method, path, rule, first)
            if rule.kind is Kind.TOKEN:  # a wrong token: 404 for everyone, logged in or not
                _unchanged(team, call, {404})
            elif who == "rita" and not rule.stores and not path.startswith("/api/"):
                _unchanged(team, call, set(range(200, 400)))  # answered, nothing stored
            elif who == "rita" or rule.kind is Kind.OWNER:
                _unchanged(team, call, {403})
            elif who == stranger and rule.kind in (Kind.RECORD, Kind.REFERENCE):
                _hidden(team, call)
            elif who == stranger and rule.kind is Kind.PERSONAL:
                _unchanged(team, call, {404})

    # 4. Writes granted: the member who owns the record (first set of records), the
    #    owner (second set), and everyone's own on workspace routes.
    for method, path in writes:
        rule = ROUTES[(method, path)]
        for who, ids in (("mia", first), ("owner", second)):
            if rule.kind is Kind.TOKEN:  # with a real token: tests/e2e/test_booking_page.py
                continue
            if rule.kind is Kind.OWNER and who != "owner":
                continue
            call = Call(who, method, path, rule, ids)
            _granted(call, call.send(team))
        if rule.kind is Kind.WORKSPACE:
            call = Call(stranger, method, path, rule, first)
            _granted(call, call.send(team))
