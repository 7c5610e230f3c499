"""The importers, each declared once: ``rapport import <name>``, the web import page
(/import) and the API (``POST /api/import/{fmt}``) read this registry.

An entry (:class:`Importer`) names its reader, a pure ``read_x(data, source, known,
**options) -> Plan`` given as ``"module:function"`` (imported on first use: vobject and
icalendar load only when their files are read), the file extensions it accepts (and their
media types, for the browser's file picker), its label on the web page, its command help and
the options it takes from :data:`OPTIONS`. :func:`register` adds one more; docs/import-export.md
"Adding an importer" walks through it. Pure data: the CLI builds its commands from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from rapport.domain.registry import Registry
from rapport.texts import N_

if TYPE_CHECKING:
    from rapport.importers.plan import Known, Plan

Reader = Callable[..., "Plan"]
"""``read_x(data: bytes, source: str, known: Known, **options) -> Plan``."""


OPTIONS = ("what", "client", "window")
"""The options an importer may take (``ImportOptions`` attributes): ``what`` (which CSV
table), ``client`` (the client for records that name none), ``window`` (iCalendar: the
occurrences between two moments; default a year back to 90 days ahead)."""


@dataclass(frozen=True, slots=True)
class Importer:
    name: str
    reader: str
    """``"module:function"``; the function is a pure ``read_x(...) -> Plan``."""
    extensions: tuple[str, ...]
    media_types: tuple[str, ...] = ()
    label: str = ""
    """Its name on the web import page (a ``web`` msgid)."""
    help: str = ""
    """``rapport import <name> --help``."""
    options: tuple[str, ...] = ()
    records: bool = False
    """It reads the stored rows of every exported table too (a whole-workspace import)."""

    def __post_init__(self) -> None:
        unknown = [o for o in self.options if o not in OPTIONS]
        if unknown:
            raise ValueError(f"importer {self.name!r}: unknown options {unknown}")

    def read(self, data: bytes, source: str, known: Known, **options: Any) -> Plan:
        module, _, function = self.reader.partition(":")
        reader: Reader = getattr(import_module(module), function)
        return reader(data, source, known, **options)


BUILT_IN: tuple[Importer, ...] = (
    Importer(
        "csv",
        "rapport.importers.csv_tables:read_csv",
        (".csv",),
        ("text/csv",),
        label=N_("CSV (clients, interactions or revenue)"),
        help="Import clients, contacts, interactions or revenue from a CSV file.",
        options=("what",),
    ),
    Importer(
        "vcard",
        "rapport.importers.vcard:read_vcard",
        (".vcf",),
        ("text/vcard",),
        label=N_("vCard contacts (.vcf)"),
        help="Import contacts from a vCard file; ORG names the client (created when missing).",
        options=("client",),
    ),
    Importer(
        "ics",
        "rapport.importers.ical:read_ics",
        (".ics",),
        ("text/calendar",),
        label=N_("Calendar (.ics): meetings become interactions"),
        help="Import meetings from an iCalendar file as interactions.",
        options=("client", "window"),
    ),
    Importer(
        "json",
        "rapport.importers.workspace_json:read_json",
        (".json",),
        ("application/json",),
        label=N_("Rapport workspace export (.json)"),
        help="Import a workspace written by `rapport export json` (ids are kept).",
        records=True,
    ),
)

_REGISTRY: Registry[Importer] = Registry(BUILT_IN)
register = _REGISTRY.register
unregister = _REGISTRY.unregister
importers = _REGISTRY.entries
names = _REGISTRY.names
get = _REGISTRY.get


def accept() -> str:
    """The web file picker's ``accept``: every extension, then every media type."""
    extensions = [e for i in importers() for e in i.extensions]
    media = [m for i in importers() for m in i.media_types]
    return ",".join(dict.fromkeys([*extensions, *media]))
