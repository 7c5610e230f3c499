"""The language of the command line's own texts (the ``cli`` translation domain).

The root command picks the language once per run: ``rapport --lang ja ...``, else the
``RAPPORT_LANGUAGE`` setting, else English. Commands mark their human-readable texts with
:func:`_` (translated now, in that language) or :func:`N_` (marked for extraction only,
translated later); ``python scripts/messages.py cli`` extracts them. JSON output is never
translated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rapport.errors import ImportProblem, RapportError

if TYPE_CHECKING:
    from babel.support import Translations

    from rapport.i18n import Domains
    from rapport.texts import Text


def tr(message: str, lang: str) -> str:
    """``message`` (an English msgid of the trust domain) in ``lang``; see
    :func:`rapport.services.rendering.tr` (loaded when first used)."""
    from rapport.services.rendering import tr as render

    return render(message, lang)


def translations(domain: str, lang: str) -> Translations:
    """The catalog of ``domain`` in ``lang`` (Babel loads only when a text is shown)."""
    from rapport.i18n import translations as load

    return load(domain, lang)


DOMAIN = "cli"
ERROR_DOMAINS = ("cli", "trust", "sync", "mail")
"""Where user errors' templates are looked up (the assessment's errors live in ``trust``,
calendar sync's in ``sync``, outgoing mail's in ``mail``)."""

_chosen: str | None = None


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
    lang = language()
    return message if lang == "en" else translations(DOMAIN, lang).gettext(message)


def term(group: str, value: object) -> str:
    """The display name of an identifier (``rapport.domain.labels``) in this run's
    language."""
    from rapport.services.rendering import label

    return label(group, value, language())


def amount(value: object, digits: int = 2) -> str:
    """A number (an amount of money, a share) written the way this run's language does."""
    from rapport.services.rendering import number

    return number(float(str(value)), language(), digits)


def percent(share: float) -> str:
    """A share (0..1) as a whole percentage written the way this run's language does."""
    from babel.numbers import format_percent

    from rapport.i18n import babel_locale

    return format_percent(share, locale=babel_locale(language()))


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in this run's language."""
    lang = language()
    if lang == "en":
        return singular if n == 1 else plural
    return translations(DOMAIN, lang).ngettext(singular, plural, n)


def localized(message: Text, domain: Domains = DOMAIN) -> str:
    """``message`` in this run's language, translated in ``domain`` (``rapport.i18n.render``,
    loaded when first used)."""
    from rapport.i18n import render

    return render(message, language(), domain)


def error_lines(exc: RapportError) -> list[str]:
    """What to print for a user error, in this run's language (the template from the
    ``cli`` domain, else the other :data:`ERROR_DOMAINS`)."""
    texts = [p.text for p in exc.details] if isinstance(exc, ImportProblem) else [exc.text]
    return [localized(text, ERROR_DOMAINS) for text in texts]


ROWS: dict[str, Callable[[int], str]] = {
    "clients": lambda n: ngettext("{count} client", "{count} clients", n),
    "contacts": lambda n: ngettext("{count} contact", "{count} contacts", n),
    "interactions": lambda n: ngettext("{count} interaction", "{count} interactions", n),
    "commitments": lambda n: ngettext("{count} commitment", "{count} commitments", n),
    "revenue": lambda n: ngettext("{count} revenue entry", "{count} revenue entries", n),
    "revenue_entries": lambda n: ngettext("{count} revenue entry", "{count} revenue entries", n),
    "projects": lambda n: ngettext("{count} project", "{count} projects", n),
    "notes": lambda n: ngettext("{count} note", "{count} notes", n),
    "assessments": lambda n: ngettext("{count} self-assessment", "{count} self-assessments", n),
    "trust_snapshots": lambda n: ngettext("{count} trust snapshot", "{count} trust snapshots", n),
    "boundary_resets": lambda n: ngettext("{count} boundary reset", "{count} boundary resets", n),
    "triage_decisions": lambda n: ngettext(
        "{count} triage decision", "{count} triage decisions", n
    ),
    "conversation_analyses": lambda n: ngettext(
        "{count} conversation analysis", "{count} conversation analyses", n
    ),
    "utterance_corrections": lambda n: ngettext(
        "{count} label correction", "{count} label corrections", n
    ),
    "saved_agendas": lambda n: ngettext("{count} saved agenda", "{count} saved agendas", n),
    "audit_log": lambda n: ngettext("{count} audit entry", "{count} audit entries", n),
    "client_scores": lambda n: ngettext("{count} client fact row", "{count} client fact rows", n),
    "jobs": lambda n: ngettext("{count} background job", "{count} background jobs", n),
    "login_throttle": lambda n: ngettext(
        "{count} sign-in throttle row", "{count} sign-in throttle rows", n
    ),
    "users": lambda n: ngettext("{count} account", "{count} accounts", n),
    "api_tokens": lambda n: ngettext("{count} API token", "{count} API tokens", n),
    "client_owners": lambda n: ngettext("{count} client owner", "{count} client owners", n),
    "client_shares": lambda n: ngettext("{count} client share", "{count} client shares", n),
    "web_sessions": lambda n: ngettext("{count} web session", "{count} web sessions", n),
}
"""How many rows of each kind a backup, export, import or demo wrote, by table or key."""


def counts(numbers: dict[str, int], *, skip_zero: bool = False) -> str:
    """``3 clients, 1 contact`` in this run's language (unknown kinds keep their key)."""
    parts = [
        ROWS[key](n).format(count=n) if key in ROWS else f"{n} {key}"
        for key, n in numbers.items()
        if n or not skip_zero
    ]
    return _(", ").join(parts) if parts else _("no rows")


def label(group: str, value: object, lang: str) -> str:
    """``rapport.services.rendering.label``, loaded when first used (CLI start-up)."""
    from rapport.services import rendering

    return rendering.label(group, value, lang)


def number(value: float | int, lang: str, digits: int | None = None) -> str:
    """``rapport.services.rendering.number``, loaded when first used (CLI start-up)."""
    from rapport.services import rendering

    return rendering.number(value, lang, digits)


def signed(value: float | int, lang: str, digits: int = 0) -> str:
    """``rapport.services.rendering.signed``, loaded when first used (CLI start-up)."""
    from rapport.services import rendering

    return rendering.signed(value, lang, digits)
