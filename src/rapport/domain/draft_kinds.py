"""The draft kinds, each declared once: the CLI (``rapport draft KIND``), the web draft form
(/clients/{id}/draft) and the API (``POST /api/drafts/{kind}``) all read this registry.

An entry (:class:`DraftKind`) names its template, the options it uses (from :data:`FIELDS`,
the one catalogue of draft options: CLI flag, API field, web input), the ones it cannot do
without, whether it is said in a meeting rather than written, and, for the kinds offered on
the web form, its menu label and position. The built-in kinds are the entries of
:data:`BUILT_IN` (templates in rapport/drafts/templates); :func:`register` adds one more
(with its own template folder). docs/drafts.md "Adding a draft kind" walks through it.
Pure data (no Jinja2 or Babel): the CLI reads it to write its help.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapport.domain.registry import Registry
from rapport.texts import N_


@dataclass(frozen=True, slots=True)
class DraftField:
    """One option a draft may take: the ``DraftOptions`` attribute and API field ``name``,
    the CLI ``flag``, its English ``help`` (CLI and API), and on the web form its
    ``label`` (a msgid of the ``web`` catalog) and HTML input type."""

    name: str
    flag: str
    help: str
    label: str | None = None
    input: str = "text"


FIELDS: dict[str, DraftField] = {
    f.name: f
    for f in (
        DraftField("start", "--start", "When the meeting is (ISO)."),
        DraftField("minutes", "--minutes", "Meeting length or time box."),
        DraftField("new_date", "--new-date", "New date", N_("New date"), "date"),
        DraftField("commitment_id", "--commitment", "Commitment id"),
        DraftField("colleague", "--colleague", "Colleague"),
        DraftField("reason", "--reason", "Why", N_("The reason, in your words")),
        DraftField("topic", "--topic", "The matter"),
        DraftField("reply_by", "--reply-by", "Date of your written answer"),
        DraftField("group", "--group", "Group variant"),
        DraftField("slots", "--slot", "An alternative time to offer, once per time"),
        DraftField("next_date", "--next", "The next meeting to propose"),
        DraftField(
            "agenda",
            "--agenda-item",
            "An agenda item sent for the meeting, once per item: drafts mention an agenda "
            "only when there is one.",
        ),
    )
}
"""Every draft option, in the order the CLI and the API list them."""

GENERAL = frozenset({"start", "minutes", "agenda"})
"""Options any kind may take: their help names no kinds."""


@dataclass(frozen=True, slots=True)
class DraftKind:
    """One kind of draft. ``fields``: the options (keys of :data:`FIELDS`) it uses;
    ``needs``: those it cannot be drafted without; ``form``: the options the web form asks
    for; ``label``: its name on the web form's menu (a ``web`` msgid; ``None``: offered by
    the CLI and the API only); ``menu``: its place in that menu; ``spoken``: a phrase to say
    in a meeting (no greeting or sign-off); ``templates``: the folder of ``<name>.jinja``."""

    name: str
    fields: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    form: tuple[str, ...] = ()
    label: str | None = None
    menu: int = 0
    spoken: bool = False
    templates: Path | None = None
    """None: the built-in folder (rapport/drafts/templates)."""

    def __post_init__(self) -> None:
        unknown = [f for f in (*self.fields, *self.needs, *self.form) if f not in FIELDS]
        if unknown:
            raise ValueError(f"draft kind {self.name!r}: unknown options {unknown}")
        if not set(self.needs) <= set(self.fields) or not set(self.form) <= set(self.fields):
            raise ValueError(f"draft kind {self.name!r}: needs and form must be among fields")

    @property
    def template(self) -> str:
        return f"{self.name}.jinja"


BUILT_IN: tuple[DraftKind, ...] = (
    DraftKind("shorten", fields=("start", "minutes", "agenda")),
    DraftKind("call", fields=("start",)),
    DraftKind("email", fields=("start", "topic", "reply_by"), needs=("reply_by",)),
    DraftKind("delegate", fields=("start", "minutes", "colleague")),
    DraftKind(
        "boundary_reset",
        fields=("minutes", "agenda"),
        needs=("minutes",),
        label=N_("Boundary reset to say at the start of the next meeting"),
        menu=3,
        spoken=True,
    ),
    DraftKind(
        "redirect",
        fields=("group", "agenda"),
        label=N_("Back to the agenda (redirect phrase)"),
        menu=5,
        spoken=True,
    ),
    DraftKind(
        "wrap_up",
        fields=("start", "new_date", "group", "next_date"),
        label=N_("Wrap up the meeting"),
        menu=6,
        spoken=True,
    ),
    DraftKind(
        "deviation",
        fields=("new_date", "commitment_id", "reason"),
        form=("reason", "new_date"),
        label=N_("We are changing the agreed schedule or terms"),
        menu=4,
    ),
    DraftKind(
        "early_notice",
        fields=("new_date", "commitment_id", "reason"),
        needs=("commitment_id", "new_date"),
    ),
    DraftKind("check_in", label=N_("Hello, how are things (check-in)"), menu=1),
    DraftKind("feedback", label=N_("Ask for feedback on the work and the relationship"), menu=2),
    DraftKind("reschedule", fields=("start", "slots", "agenda")),
)
"""The built-in kinds, in the order the CLI and the API list them (``reschedule`` serves
meeting triage)."""

_REGISTRY: Registry[DraftKind] = Registry(BUILT_IN)
register = _REGISTRY.register
unregister = _REGISTRY.unregister
kinds = _REGISTRY.entries
"""Every registered kind, built-in ones first."""
names = _REGISTRY.names
get = _REGISTRY.get


def on_form() -> tuple[DraftKind, ...]:
    """The kinds the web draft form offers, in menu order."""
    return tuple(sorted((k for k in kinds() if k.label is not None), key=lambda k: k.menu))


def spoken() -> frozenset[str]:
    return frozenset(k.name for k in kinds() if k.spoken)


def template_folders() -> tuple[Path, ...]:
    """The template folders of the kinds registered with their own (after the built-in
    folder, which :mod:`rapport.drafts` knows)."""
    return tuple(dict.fromkeys(k.templates for k in kinds() if k.templates is not None))


def field_help(name: str) -> str:
    """An option's help, naming the kinds that use it (CLI ``--help``, API schema)."""
    spec = FIELDS[name]
    if name in GENERAL:
        return spec.help
    users = ", ".join(k.name for k in kinds() if name in k.fields)
    return f"{spec.help} ({users})." if users else f"{spec.help}."
