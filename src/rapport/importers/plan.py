"""The common shape of every import: a file is read into a :class:`Plan`.

A plan says what would be created, what is skipped (already present, or not importable,
with the reason) and which problems the file has, each as ``FILE:LINE: message`` (or
``FILE: record N: message`` for formats without useful line numbers). Importers never
write: the import service applies a plan without problems in one transaction.

:class:`Known` is what an importer may know about the workspace already stored: clients,
contacts and the external ids and natural keys of what earlier imports created. It is
plain data, so importers are tested without a database.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from rapport.domain.model import Client, Contact, Interaction, RevenueEntry, Workspace
from rapport.domain.names import name_key
from rapport.errors import NO_CLIENT_NAMED, NO_CLIENT_NAMED_HINT, ImportProblem, Problem
from rapport.texts import N_, Text


@dataclass(slots=True)
class PlannedItem:
    """One thing the import would create."""

    entity: str
    """client, contact, interaction, revenue, commitment, project or note."""
    label: str
    obj: Any
    """The domain dataclass to store (its client_id may be filled in when applied)."""
    where: str
    client_name: str | None = None
    """The client this belongs to, by name, when it may be created by the same import."""
    referred_by: str | None = None
    """For clients: the referring client's name."""


@dataclass(slots=True)
class Skipped:
    entity: str
    label: str
    reason: str
    where: str
    group: str = ""
    """What the skipped thing belongs to, for summaries (a calendar series' title): the CLI
    counts skips by reason and names a few groups instead of printing every one."""


@dataclass(slots=True)
class Plan:
    source: str
    format: str
    what: str = ""
    create: list[PlannedItem] = field(default_factory=list)
    skip: list[Skipped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Each problem in English, ``FILE:LINE: message``."""
    details: list[Problem] = field(default_factory=list)
    """The same problems, translatable (what the CLI prints in the user's language)."""
    notes: list[str] = field(default_factory=list)
    keep_ids: bool = False
    """True for workspace JSON: rows keep the ids they had in the file."""

    def problem(self, where: str, message: str | Text, **params: object) -> None:
        """Record a problem at ``where``: an English template (marked with ``N_``) and its
        parameters, or a :class:`Text` such as a caught error's ``.text``."""
        problem = Problem(where, message if isinstance(message, Text) else Text(message, params))
        self.details.append(problem)
        self.problems.append(problem.english)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for item in self.create:
            out[item.entity] = out.get(item.entity, 0) + 1
        return out

    def raise_problems(self) -> None:
        if self.problems:
            raise ImportProblem(self.details)

    def report(self, *, dry_run: bool) -> dict[str, Any]:
        """The plan as stable JSON-ready data (what the CLI's --json and the API return)."""
        return {
            "source": self.source,
            "format": self.format,
            "what": self.what,
            "dry_run": dry_run,
            "created" if not dry_run else "would_create": self.counts(),
            "items": [
                {"entity": i.entity, "label": i.label, "where": i.where} for i in self.create
            ],
            "skipped": [
                {"entity": s.entity, "label": s.label, "reason": s.reason, "where": s.where}
                for s in self.skip
            ],
            "notes": list(self.notes),
            "problems": list(self.problems),
        }


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text with or without a byte-order mark; anything else is one clear problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportProblem(
            [
                Problem(
                    f"{source}:{line}",
                    Text(N_("not UTF-8 text (save the file as UTF-8 and try again)")),
                )
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportProblem(
            [Problem(f"{source}:{line}", Text(N_("contains a NUL byte; is this a binary file?")))]
        )
    return text


def stable_id(prefix: str, *parts: object) -> str:
    """A short, stable external id from the parts that identify a record."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:24]
    return f"{prefix}:{digest}"


def utc_key(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def interaction_key(
    client_id: int | None, client_name: str, at: datetime, kind: str
) -> tuple[Any, ...]:
    return (client_id if client_id is not None else client_name.lower(), utc_key(at), kind)


def revenue_key(
    client_id: int | None, client_name: str, on: date, amount: Decimal, currency: str, kind: str
) -> tuple[Any, ...]:
    return (
        client_id if client_id is not None else client_name.lower(),
        on.isoformat(),
        str(amount.quantize(Decimal("0.01"))),
        currency.upper(),
        kind,
    )


PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk",
        "live.com", "live.no", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.co.jp",
        "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com",
        "mail.ru", "yandex.ru", "yandex.com", "zoho.com", "fastmail.com", "hey.com",
        "online.no", "qq.com", "163.com", "126.com", "sina.com", "foxmail.com",
        "naver.com", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp",
    }
)  # fmt: skip
"""Mail services anyone can sign up to: sharing one of these domains says nothing about
which client a person belongs to."""


def email_domain(email: str) -> str:
    """The domain of an e-mail address, lower case (``""`` without one)."""
    _, at, domain = email.strip().lower().rpartition("@")
    return domain.strip().rstrip(".") if at else ""


@dataclass
class Known:
    """What is already stored, as far as importers need to know."""

    workspace: Workspace = field(default_factory=Workspace)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Stored rows of the other workspace tables by table name (workspace JSON reads them)."""
    _by_name: dict[str, Client] = field(default_factory=dict, init=False)
    _by_email: dict[str, Client] = field(default_factory=dict, init=False)
    _contact_emails: set[str] = field(default_factory=set, init=False)
    _by_domain: dict[str, set[int]] = field(default_factory=dict, init=False)
    _external: set[tuple[str, str]] = field(default_factory=set, init=False)
    _natural: set[tuple[str, tuple[Any, ...]]] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        ws = self.workspace
        by_id = {c.id: c for c in ws.clients}
        for c in ws.clients:
            self._by_name[name_key(c.name)] = c
            if c.email:
                self._by_email.setdefault(c.email.lower(), c)
                self._add_domain(c.email, c)
        for contact in ws.contacts:
            if contact.email:
                self._contact_emails.add(contact.email.lower())
                owner = by_id.get(contact.client_id)
                if owner is not None:
                    self._by_email[contact.email.lower()] = owner
                    self._add_domain(contact.email, owner)
        entity_lists: tuple[tuple[str, list[Any]], ...] = (
            ("contact", ws.contacts),
            ("interaction", ws.interactions),
            ("commitment", ws.commitments),
            ("revenue", ws.revenue),
        )
        for entity, items in entity_lists:
            for obj in items:
                if obj.external_id:
                    self._external.add((entity, obj.external_id))
        for i in ws.interactions:
            self._natural.add(
                ("interaction", interaction_key(i.client_id, "", i.started_at, i.kind))
            )
        for r in ws.revenue:
            self._natural.add(
                ("revenue", revenue_key(r.client_id, "", r.on, r.amount, r.currency, r.kind))
            )

    # clients ------------------------------------------------------------------------------
    def _add_domain(self, email: str, client: Client) -> None:
        domain = email_domain(email)
        if domain and domain not in PUBLIC_MAIL_DOMAINS and client.id is not None:
            self._by_domain.setdefault(domain, set()).add(client.id)

    def client(self, name: str) -> Client | None:
        """The client of that name, regardless of case and Unicode form (:func:`name_key`)."""
        return self._by_name.get(name_key(name))

    def client_names(self) -> list[str]:
        return [c.name for c in self.workspace.clients]

    def client_for_email(self, email: str) -> Client | None:
        return self._by_email.get(email.strip().lower())

    def clients_for_domain(self, email: str) -> list[Client]:
        """The clients whose own or contacts' addresses share ``email``'s domain (none for
        public mail services such as gmail.com; several means the domain is ambiguous)."""
        ids = self._by_domain.get(email_domain(email), set())
        return [c for c in self.workspace.clients if c.id in ids]

    def has_contact_email(self, email: str) -> bool:
        return email.strip().lower() in self._contact_emails

    # idempotency ------------------------------------------------------------------------
    def has_external(self, entity: str, external_id: str) -> bool:
        return (entity, external_id) in self._external

    def has_natural(self, entity: str, key: tuple[Any, ...]) -> bool:
        return (entity, key) in self._natural

    def has_interaction(self, obj: Interaction) -> bool:
        return self.has_natural(
            "interaction", interaction_key(obj.client_id, "", obj.started_at, obj.kind)
        )

    def has_revenue(self, obj: RevenueEntry) -> bool:
        key = revenue_key(obj.client_id, "", obj.on, obj.amount, obj.currency, obj.kind)
        return self.has_natural("revenue", key)

    def has_contact(self, obj: Contact) -> bool:
        if obj.external_id and self.has_external("contact", obj.external_id):
            return True
        return bool(obj.email) and self.has_contact_email(obj.email or "")


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate closest to ``name``, if any is close enough."""
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        close = [lowered[m] for m in difflib.get_close_matches(name.lower(), lowered, n=1)]
    return close[0] if close else None


def did_you_mean(name: str, candidates: list[str]) -> str:
    """`` (did you mean X?)`` for the closest candidate, or an empty string."""
    close = closest(name, candidates)
    return f" (did you mean {close}?)" if close else ""


def no_client(name: str, known: Known, extra: list[str] | None = None) -> Text:
    close = closest(name, known.client_names() + (extra or []))
    if close:
        return Text(NO_CLIENT_NAMED_HINT, {"name": name, "suggestion": close})
    return Text(NO_CLIENT_NAMED, {"name": name})
