"""vCard files (3.0 and 4.0, one or many cards; vobject) -> contacts in a :class:`Plan`.

ORG names the client (matched case-insensitively; created when missing); FN (or N) the
contact; the first EMAIL, TEL and TITLE are kept, NOTE becomes the contact's notes.
The external id is ``vcard:`` + UID, or a stable hash of name, email and organisation.
"""

from __future__ import annotations

import re
from typing import Any

import vobject
from vobject.base import ParseError, VObjectError

from rapport.domain import validation
from rapport.domain.model import Client, Contact
from rapport.domain.names import name_key
from rapport.errors import FIELD_ERROR, InvalidInputError
from rapport.importers.plan import (
    Known,
    Plan,
    PlannedItem,
    Skipped,
    decode_text,
    no_client,
    stable_id,
)
from rapport.texts import N_

_BEGIN = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE | re.MULTILINE)


def read_vcard(data: bytes, source: str, known: Known, *, client: str | None = None) -> Plan:
    """Read every card; cards without ORG go to ``client`` if given, else are skipped."""
    plan = Plan(source=source, format="vcard", what="contacts")
    text = decode_text(data, source)
    if not text.strip():
        plan.problem(f"{source}:1", N_("the file is empty (expected BEGIN:VCARD)"))
        return plan
    fallback = None
    if client is not None:
        fallback = known.client(client)
        if fallback is None:
            plan.problem(source, FIELD_ERROR, field="--client", error=no_client(client, known))
            return plan
    starts = [text.count("\n", 0, m.start()) + 1 for m in _BEGIN.finditer(text)]
    cards = _components(text, source, plan)
    new_clients: dict[str, str] = {}
    seen: dict[str, str] = {}
    for n, card in enumerate(cards, start=1):
        where = f"{source}:{starts[n - 1]}" if n <= len(starts) else f"{source}: card {n}"
        if card.name.upper() != "VCARD":
            plan.problem(where, N_("expected a vCard, found {found}"), found=card.name)
            continue
        name = _name(card)
        if not name:
            plan.problem(where, N_("card has no name (FN or N)"))
            continue
        org = _org(card)
        if org is None and fallback is None:
            plan.skip.append(
                Skipped("contact", name, "no ORG on the card (assign with --client)", where)
            )
            continue
        owner = org if org is not None else (fallback.name if fallback else "")
        values = card_fields(card)
        contact = Contact(
            client_id=0,
            name=name,
            email=values["email"],
            phone=values["phone"],
            title=values["title"],
            notes=values["notes"] or "",
        )
        uid = values["uid"]
        contact.external_id = (
            f"vcard:{uid}"[:500] if uid else stable_id("vcard", name, contact.email, owner.lower())
        )
        try:
            validation.validate_contact(contact)
        except InvalidInputError as exc:
            plan.problem(where, exc.text)
            continue
        existing = known.client(owner)
        owner_name = existing.name if existing else new_clients.get(name_key(owner), owner)
        label = f"{name} ({owner_name})"
        if contact.external_id in seen:
            plan.skip.append(
                Skipped("contact", label, f"same card as {seen[contact.external_id]}", where)
            )
            continue
        seen[contact.external_id] = f"line {where.rsplit(':', 1)[-1]}"
        if known.has_contact(contact):
            plan.skip.append(Skipped("contact", label, "already present", where))
            continue
        if existing is None and name_key(owner) not in new_clients:
            new_clients[name_key(owner)] = owner
            plan.create.append(PlannedItem("client", owner, Client(name=owner), where))
            plan.note(
                "clients created from ORG get language en, time zone UTC and origin cold; "
                "change them with the clients commands"
            )
        if existing is not None:
            assert existing.id is not None
            contact.client_id = existing.id
        plan.create.append(PlannedItem("contact", label, contact, where, client_name=owner_name))
    return plan


L_INVALID = N_("not a valid vCard: {reason}")


def card_fields(card: Any) -> dict[str, str | None]:
    """What a contact takes from one parsed card (as an import reads it): name (FN, else
    N), the first EMAIL, TEL and TITLE, NOTE, the first ORG and the UID. Contact sync
    (rapport.services.contact_sync) reads cards with it too."""
    return {
        "name": _name(card),
        "email": _first(card, "email"),
        "phone": _phone(_first(card, "tel")),
        "title": _first(card, "title"),
        "notes": _first(card, "note"),
        "org": _org(card),
        "uid": _first(card, "uid"),
    }


def read_cards(text: str, source: str) -> list[Any]:
    """Every component of a vCard text; an unreadable one raises InvalidInputError with the
    parser's reason (contact sync reads one card per resource)."""
    plan = Plan(source=source, format="vcard", what="contacts")
    cards = _components(text, source, plan)
    if plan.details:
        raise InvalidInputError(plan.details[0].what)
    return cards


def _components(text: str, source: str, plan: Plan) -> list[Any]:
    cards: list[Any] = []
    try:
        cards.extend(vobject.readComponents(text, ignoreUnreadable=False))
    except ParseError as exc:
        line = _line_of(text, exc)
        plan.problem(f"{source}:{line}" if line else source, L_INVALID, reason=_reason(exc))
    except VObjectError as exc:
        plan.problem(source, L_INVALID, reason=_reason(exc))
    except ValueError as exc:  # undecodable values: base64, quoted-printable, charset
        where = f"{source}: card {len(cards) + 1}"
        message = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
        plan.problem(where, L_INVALID, reason=message)
    return cards


def _line_of(text: str, exc: ParseError) -> int | None:
    """The line the parser failed on (vobject's own count is off after folded lines)."""
    bad = str(getattr(exc, "msg", "")).partition("Failed to parse line: ")[2].strip()
    if bad:
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() == bad:
                return number
    reported = getattr(exc, "lineNumber", None)
    return reported if isinstance(reported, int) else None


def _reason(exc: VObjectError) -> str:
    message = str(getattr(exc, "msg", "") or exc)
    return re.sub(r"^At line \d+: ", "", message).strip() or type(exc).__name__


def _value(line: Any) -> str:
    value = line.value
    if isinstance(value, list):
        value = ";".join(str(v) for v in value if v)
    return str(value).strip()


def _first(card: Any, key: str) -> str | None:
    for line in card.contents.get(key, []):
        value = _value(line)
        if value:
            return value
    return None


def _name(card: Any) -> str | None:
    fn = _first(card, "fn")
    if fn:
        return fn
    for line in card.contents.get("n", []):
        n = line.value
        parts = [getattr(n, "given", ""), getattr(n, "family", "")]
        flat = " ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts).strip()
        if flat:
            return flat
    return None


def _org(card: Any) -> str | None:
    for line in card.contents.get("org", []):
        value = line.value
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, str) and first.strip():
            return first.strip()
    return None


def _phone(value: str | None) -> str | None:
    if value and value.lower().startswith("tel:"):
        return value[4:]
    return value
