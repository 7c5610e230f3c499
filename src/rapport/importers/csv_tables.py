"""CSV files of clients, contacts, interactions or revenue (stdlib csv) -> a :class:`Plan`.

The header says which table the file holds (or ``what`` forces it); see
:mod:`rapport.importers.columns` and docs/import-export.md for the column spec.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.parser import isoparse

from rapport.domain import validation
from rapport.domain.model import (
    Client,
    ClientKind,
    Contact,
    Interaction,
    InteractionKind,
    Origin,
    RevenueEntry,
    RevenueKind,
    Tier,
)
from rapport.domain.names import name_key
from rapport.domain.when import When, parse_day
from rapport.errors import FIELD_ERROR, InvalidInputError
from rapport.importers.columns import ALIASES, TABLES, TableSpec, detect
from rapport.importers.csv_cells import restore
from rapport.importers.plan import (
    Known,
    Plan,
    PlannedItem,
    Skipped,
    closest,
    decode_text,
    interaction_key,
    no_client,
    revenue_key,
    stable_id,
    utc_key,
)
from rapport.texts import N_, Text

Row = dict[str, str]


def read_csv(data: bytes, source: str, known: Known, *, what: str | None = None) -> Plan:
    """Read a CSV file into a plan; every problem found is listed with its line."""
    plan = Plan(source=source, format="csv")
    text = decode_text(data, source)
    if not text.strip():
        plan.problem(f"{source}:1", N_("the file is empty (expected a header row, e.g. name,kind)"))
        return plan
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header_row = next(reader)
    except csv.Error as exc:
        plan.problem(f"{source}:1", N_("cannot read the header: {reason}"), reason=exc)
        return plan
    header = [ALIASES.get(_norm(h), _norm(h)) for h in header_row]
    spec = _choose_spec(header, what, source, plan)
    if spec is None:
        return plan
    plan.what = spec.name
    rows = _rows(reader, header, source, plan)
    handler = {
        "clients": _clients,
        "contacts": _contacts,
        "interactions": _interactions,
        "revenue": _revenue,
    }
    handler[spec.name](rows, source, known, plan)
    return plan


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's dialect with the header's delimiter. Only the delimiter is sniffed: a header
    says nothing about quoting, and a sniffed ``doublequote=False`` would misread the
    doubled quotes that spreadsheets (and Rapport's export) write inside quoted cells."""
    first = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        return csv.excel

    class Sniffed(csv.excel):
        pass

    Sniffed.delimiter = delimiter
    return Sniffed


def _norm(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _choose_spec(header: list[str], what: str | None, source: str, plan: Plan) -> TableSpec | None:
    where = f"{source}:1"
    if what is not None:
        spec = TABLES.get(what)
        if spec is None:
            plan.problem(
                where,
                N_("unknown table {what}: use clients, contacts, interactions or revenue"),
                what=repr(what),
            )
            return None
    else:
        spec = detect(header)
        if spec is None:
            plan.problem(
                where,
                N_(
                    "cannot tell which table this is from the header ({header}); expected "
                    "clients (name, ...), contacts (client, name, ...), interactions (client, "
                    "start, ...) or revenue (client, date, amount, ...), or say which with --what"
                ),
                header=", ".join(header) or "empty",
            )
            return None
    ok = True
    for column in spec.required:
        if column not in header:
            plan.problem(
                where,
                N_("missing column {column} for {table}"),
                column=repr(column),
                table=spec.name,
            )
            ok = False
    seen: set[str] = set()
    for column in header:
        if not column:
            continue  # spreadsheets often add empty columns at the end
        if column in seen:
            plan.problem(where, N_("column {column} appears twice"), column=repr(column))
            ok = False
        seen.add(column)
        if column not in spec.columns:
            hint = closest(column, list(spec.columns))
            plan.problem(
                where,
                N_(
                    "unknown column {column} for {table} (did you mean {suggestion}?); "
                    "columns: {columns}"
                )
                if hint
                else N_("unknown column {column} for {table}; columns: {columns}"),
                column=repr(column),
                table=spec.name,
                suggestion=hint,
                columns=", ".join(spec.columns),
            )
            ok = False
    return spec if ok else None


def _rows(reader: Any, header: list[str], source: str, plan: Plan) -> list[tuple[str, Row]]:
    rows: list[tuple[str, Row]] = []
    line = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            plan.problem(f"{source}:{line}", N_("cannot read this row: {reason}"), reason=exc)
            break
        where = f"{source}:{line}"
        line = reader.line_num + 1
        if not any(f.strip() for f in fields):
            continue
        if len(fields) > len(header):
            plan.problem(
                where,
                N_("{count} fields but the header has {columns}"),
                count=len(fields),
                columns=len(header),
            )
            continue
        values = {
            name: (restore(fields[i].strip()) if i < len(fields) else "")
            for i, name in enumerate(header)
        }
        if values.pop("", ""):
            plan.problem(where, N_("a value in a column without a name in the header"))
            continue
        rows.append((where, values))
    return rows


YEARS = (1900, 2200)


def _start(text: str, zone: str) -> When:
    """An ISO 8601 date or time; without a zone it is read in ``zone`` (and says so).

    Only ISO in files: 03/04/2026 could be March or April, so it is refused, not guessed.
    """
    try:
        parsed = isoparse(text.strip())
    except (ValueError, OverflowError):
        raise InvalidInputError(
            N_("not an ISO date or time: {text} (use e.g. 2026-11-30 or 2026-11-30 15:00)"),
            text=repr(text),
        ) from None
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        raise InvalidInputError(
            N_("year {year} is out of range ({first}-{last})"),
            year=parsed.year,
            first=YEARS[0],
            last=YEARS[1],
        )
    if parsed.tzinfo is not None:
        return When(parsed, None)
    return When(parsed.replace(tzinfo=ZoneInfo(zone)), zone)


# --- field converters: each raises InvalidInputError with what is wrong -------------------
L_WHOLE = N_("{column}: not a whole number: {text}")
L_NUMBER = N_("{column}: not a number: {text}")
L_AMOUNT = N_("{column}: not an amount: {text} (use e.g. 1250.00)")
L_NO_CLIENT_COLUMN = N_("the client column is empty")


def _int(column: str) -> Callable[[str], int]:
    def convert(text: str) -> int:
        try:
            return int(text)
        except ValueError:
            raise InvalidInputError(L_WHOLE, column=column, text=repr(text)) from None

    return convert


def _float(column: str) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise InvalidInputError(L_NUMBER, column=column, text=repr(text)) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise InvalidInputError(L_NUMBER, column=column, text=repr(text))
        return value

    return convert


def _decimal(column: str) -> Callable[[str], Decimal]:
    def convert(text: str) -> Decimal:
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise InvalidInputError(L_AMOUNT, column=column, text=repr(text)) from None
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            raise InvalidInputError(L_AMOUNT, column=column, text=repr(text))
        return value.quantize(Decimal("0.01"))

    return convert


def _bool(column: str) -> Callable[[str], bool]:
    def convert(text: str) -> bool:
        lowered = text.lower()
        if lowered in ("1", "true", "yes", "y"):
            return True
        if lowered in ("0", "false", "no", "n"):
            return False
        raise InvalidInputError(
            N_("{column}: use yes or no, not {text}"), column=column, text=repr(text)
        )

    return convert


def _enum(column: str, cls: type[StrEnum]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        for member in cls:
            if member.value.lower() == key:
                return member
        choices = ", ".join(m.value for m in cls)
        raise InvalidInputError(
            N_("{column}: unknown value {text}; use one of {choices}"),
            column=column,
            text=repr(text),
            choices=choices,
        )

    return convert


def _take(
    values: Row, converters: dict[str, Callable[[str], Any]]
) -> tuple[dict[str, Any], list[Text]]:
    out: dict[str, Any] = {}
    errors: list[Text] = []
    for column, convert in converters.items():
        text = values.get(column, "")
        if text == "":
            continue
        try:
            out[column] = convert(text)
        except InvalidInputError as exc:
            errors.append(exc.text)
    return out, errors


# --- clients ------------------------------------------------------------------------------
CLIENT_FIELDS: dict[str, Callable[[str], Any]] = {
    "kind": _enum("kind", ClientKind),
    "origin": _enum("origin", Origin),
    "cadence_days": _int("cadence_days"),
    "personal_budget": _float("personal_budget"),
    "monthly_meeting_hours_cap": _float("monthly_meeting_hours_cap"),
    "tier_override": _enum("tier_override", Tier),
    "language": str,
    "timezone": str,
    "email": str,
    "owner_colleague": str,
    "notes": str,
}


def _clients(rows: list[tuple[str, Row]], source: str, known: Known, plan: Plan) -> None:
    first_line: dict[str, str] = {}
    referrals: list[tuple[str, PlannedItem, str]] = []
    for where, values in rows:
        name = values.get("name", "")
        if not name:
            plan.problem(where, N_("a client needs a name"))
            continue
        fields, errors = _take(values, CLIENT_FIELDS)
        for error in errors:
            plan.problem(where, error)
        if errors:
            continue
        referred_by = values.get("referred_by") or None
        if referred_by and "origin" not in fields:
            fields["origin"] = Origin.REFERRAL
        client = Client(name=name, **fields)
        try:
            validation.validate_client(client)
        except InvalidInputError as exc:
            plan.problem(where, exc.text)
            continue
        key = name_key(client.name)
        if key in first_line:
            plan.problem(
                where,
                N_("client {name} appears twice (first at line {line})"),
                name=client.name,
                line=first_line[key],
            )
            continue
        first_line[key] = where.rsplit(":", 1)[-1]
        if known.client(client.name) is not None:
            plan.skip.append(Skipped("client", client.name, "already present", where))
            continue
        item = PlannedItem("client", client.name, client, where, referred_by=referred_by)
        plan.create.append(item)
        if referred_by:
            referrals.append((where, item, referred_by))
    in_file = [item.label for item in plan.create]
    for where, item, referrer in referrals:
        if known.client(referrer) is None and name_key(referrer) not in first_line:
            plan.problem(
                where, FIELD_ERROR, field="referred_by", error=no_client(referrer, known, in_file)
            )
        elif name_key(referrer) == name_key(item.label):
            plan.problem(
                where,
                FIELD_ERROR,
                field="referred_by",
                error=Text(N_("a client cannot refer itself")),
            )


# --- contacts -----------------------------------------------------------------------------
def _contacts(rows: list[tuple[str, Row]], source: str, known: Known, plan: Plan) -> None:
    seen: dict[str, str] = {}
    for where, values in rows:
        client = _row_client(where, values, known, plan)
        if client is None:
            continue
        assert client.id is not None
        contact = Contact(
            client_id=client.id,
            name=values.get("name", ""),
            email=values.get("email") or None,
            phone=values.get("phone") or None,
            title=values.get("title") or None,
            notes=values.get("notes", ""),
            external_id=values.get("external_id") or None,
        )
        try:
            validation.validate_contact(contact)
        except InvalidInputError as exc:
            plan.problem(where, exc.text)
            continue
        if contact.external_id is None:
            contact.external_id = stable_id(
                "csv-contact", client.id, contact.name.lower(), (contact.email or "").lower()
            )
        label = f"{contact.name} ({client.name})"
        line = where.rsplit(":", 1)[-1]
        if contact.external_id in seen:
            plan.problem(where, N_("same contact as line {line}"), line=seen[contact.external_id])
            continue
        seen[contact.external_id] = line
        if known.has_contact(contact):
            plan.skip.append(Skipped("contact", label, "already present", where))
            continue
        plan.create.append(PlannedItem("contact", label, contact, where, client_name=client.name))


# --- interactions -------------------------------------------------------------------------
INTERACTION_FIELDS: dict[str, Callable[[str], Any]] = {
    "kind": _enum("kind", InteractionKind),
    "duration_min": _int("duration_min"),
    "business_min": _int("business_min"),
    "personal_min": _int("personal_min"),
    "drain": _int("drain"),
    "client_rating": _int("client_rating"),
    "feedback_asked": _bool("feedback_asked"),
    "point_of_view_shared": _bool("point_of_view_shared"),
    "summary": str,
    "decisions": str,
    "source": str,
    "external_id": str,
}


def _interactions(rows: list[tuple[str, Row]], source: str, known: Known, plan: Plan) -> None:
    seen: dict[tuple[Any, ...] | str, str] = {}
    for where, values in rows:
        client = _row_client(where, values, known, plan)
        if client is None:
            continue
        fields, errors = _take(values, INTERACTION_FIELDS)
        try:
            when = _start(values.get("start", ""), client.timezone)
        except InvalidInputError as exc:
            errors.append(Text(FIELD_ERROR, {"field": "start", "error": exc.text}))
        for error in errors:
            plan.problem(where, error)
        if errors:
            continue
        if when.assumed_zone:
            plan.note(
                f"times without a time zone were read in the client's zone: "
                f"{client.name} ({when.assumed_zone})"
            )
        fields.setdefault("kind", InteractionKind.IN_PERSON)
        fields.setdefault("source", "csv")
        assert client.id is not None
        obj = Interaction(client_id=client.id, started_at=when.at, **fields)
        try:
            validation.validate_interaction(obj)
        except InvalidInputError as exc:
            plan.problem(where, exc.text)
            continue
        natural = interaction_key(client.id, client.name, obj.started_at, obj.kind)
        if obj.external_id is None:
            obj.external_id = stable_id("csv-interaction", *natural)
        label = f"{client.name} {utc_key(obj.started_at)} {obj.kind.value}"
        line = where.rsplit(":", 1)[-1]
        dup = seen.get(natural) or seen.get(obj.external_id)
        if dup:
            plan.problem(where, N_("same interaction as line {line}"), line=dup)
            continue
        seen[natural] = seen[obj.external_id] = line
        if known.has_external("interaction", obj.external_id) or known.has_interaction(obj):
            plan.skip.append(Skipped("interaction", label, "already present", where))
            continue
        plan.create.append(PlannedItem("interaction", label, obj, where, client_name=client.name))


# --- revenue ------------------------------------------------------------------------------
REVENUE_FIELDS: dict[str, Callable[[str], Any]] = {
    "amount": _decimal("amount"),
    "kind": _enum("kind", RevenueKind),
    "currency": str,
    "note": str,
    "external_id": str,
}


def _revenue(rows: list[tuple[str, Row]], source: str, known: Known, plan: Plan) -> None:
    seen: dict[tuple[Any, ...] | str, str] = {}
    for where, values in rows:
        client = _row_client(where, values, known, plan)
        if client is None:
            continue
        fields, errors = _take(values, REVENUE_FIELDS)
        try:
            on = parse_day(values.get("date", ""))
        except InvalidInputError as exc:
            errors.append(Text(FIELD_ERROR, {"field": "date", "error": exc.text}))
        for error in errors:
            plan.problem(where, error)
        if errors:
            continue
        assert client.id is not None
        obj = RevenueEntry(client_id=client.id, on=on, **fields)
        try:
            validation.validate_revenue(obj)
        except InvalidInputError as exc:
            plan.problem(where, exc.text)
            continue
        natural = revenue_key(client.id, client.name, on, obj.amount, obj.currency, obj.kind)
        if obj.external_id is None:
            obj.external_id = stable_id("csv-revenue", *natural)
        label = f"{client.name} {on.isoformat()} {obj.amount} {obj.currency}"
        line = where.rsplit(":", 1)[-1]
        dup = seen.get(natural) or seen.get(obj.external_id)
        if dup:
            plan.problem(
                where,
                N_("same revenue entry as line {line} (give each an external_id if both are real)"),
                line=dup,
            )
            continue
        seen[natural] = seen[obj.external_id] = line
        if known.has_external("revenue", obj.external_id) or known.has_revenue(obj):
            plan.skip.append(Skipped("revenue", label, "already present", where))
            continue
        plan.create.append(PlannedItem("revenue", label, obj, where, client_name=client.name))


def _row_client(where: str, values: Row, known: Known, plan: Plan) -> Client | None:
    """The client a row names, or None after recording why the row has none."""
    name = values.get("client", "")
    client = known.client(name) if name else None
    if client is None:
        plan.problem(where, no_client(name, known) if name else L_NO_CLIENT_COLUMN)
    return client
