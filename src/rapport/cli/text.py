"""The language of the command line's own texts (the ``cli`` translation domain).

The root command picks the language once per run: ``rapport --lang ja ...``, else the
``RAPPORT_LANGUAGE`` setting, else English. Commands mark their human-readable texts with
:func:`_` (translated now, in that language) or :func:`N_` (marked for extraction only,
translated later); ``python scripts/messages.py cli`` extracts them. JSON output is never
translated.
"""

from __future__ import annotations

from rapport.errors import ImportProblem, RapportError
from rapport.i18n import translations

DOMAIN = "cli"
ERROR_DOMAINS = ("cli", "trust")
"""Where user errors' templates are looked up (the assessment's errors live in ``trust``)."""

_chosen: str | None = None


def N_(message: str) -> str:
    """Mark ``message`` for extraction; return it unchanged."""
    return message


def use(lang: str | None) -> None:
    """Use ``lang`` for this run (None: the ``RAPPORT_LANGUAGE`` setting, read when needed).

    Raises InvalidInputError for an unknown language."""
    global _chosen
    if lang is None:
        _chosen = None
        return
    from rapport.domain.validation import check_language

    _chosen = None
    _chosen = check_language(lang)


def command_language(lang: str | None) -> str:
    """The language of one command: its own ``--lang`` wins over the root's for the rest
    of the run."""
    if lang:
        use(lang)
    return language()


def language() -> str:
    """The language of this run's texts."""
    global _chosen
    if _chosen is None:
        from rapport.config import load_settings
        from rapport.domain.validation import check_language

        _chosen = "en"  # while reading the setting, and if it is not a language we know
        _chosen = check_language(load_settings().language)
    return _chosen


def _(message: str) -> str:
    """``message`` (an English msgid of the ``cli`` domain) in this run's language."""
    return translations(DOMAIN, language()).gettext(message)


def translate_error(message: str) -> str:
    """An error template in this run's language: from the ``cli`` domain, else ``trust``."""
    lang = language()
    for domain in ERROR_DOMAINS:
        text = translations(domain, lang).gettext(message)
        if text != message:
            return text
    return message


def error_lines(exc: RapportError) -> list[str]:
    """What to print for a user error, in this run's language."""
    if isinstance(exc, ImportProblem):
        return exc.localized_problems(translate_error)
    return [exc.localized(translate_error)]


KINDS_OF_ROWS: dict[str, str] = {
    "clients": N_("clients"),
    "contacts": N_("contacts"),
    "interactions": N_("interactions"),
    "commitments": N_("commitments"),
    "revenue": N_("revenue entries"),
    "revenue_entries": N_("revenue entries"),
    "projects": N_("projects"),
    "notes": N_("notes"),
    "assessments": N_("self-assessments"),
    "trust_snapshots": N_("trust snapshots"),
    "boundary_resets": N_("boundary resets"),
    "triage_decisions": N_("triage decisions"),
    "conversation_analyses": N_("conversation analyses"),
}
"""How many rows of each kind a backup, export or demo wrote, by table or export key."""


def counts(numbers: dict[str, int], *, skip_zero: bool = False) -> str:
    """``3 clients, 12 contacts`` in this run's language (unknown kinds keep their key)."""
    parts = [
        _("{count} {rows}").format(
            count=n, rows=_(KINDS_OF_ROWS[key]) if key in KINDS_OF_ROWS else key
        )
        for key, n in numbers.items()
        if n or not skip_zero
    ]
    return _(", ").join(parts) if parts else _("no rows")
