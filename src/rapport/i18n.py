"""Translations for the five languages, from Babel message catalogs.

Catalogs live in ``rapport/locale/<locale>/LC_MESSAGES/<domain>.po``, one *domain* per area
(``web``, ``drafts``, ``trust``, ...), with the template ``rapport/locale/<domain>.pot``
extracted from the sources by ``python scripts/messages.py DOMAIN``. English is the source
language: its msgids are the English text.

The wheel ships compiled ``.mo`` files beside the ``.po`` files (setup.py compiles them at
build time), and they are what is read. In a source checkout a ``.mo`` that is missing or
older than its ``.po`` is compiled on first use and written beside it (when the folder is
writable; otherwise it is compiled in memory). Each (domain, language) pair is loaded once.
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from rapport.domain.model import LANGUAGES
from rapport.texts import Text

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_CHECKOUT = (Path(__file__).parents[2] / "pyproject.toml").is_file()
"""Running from the repository (``src/rapport``), where catalogs are edited: a ``.mo`` is
then checked against its ``.po``. An installed wheel's ``.mo`` files are taken as built."""

BABEL_LOCALES: dict[str, str] = {
    "en": "en",
    "ja": "ja",
    "vi": "vi",
    "zh-Hans": "zh_Hans",
    "nb": "nb",
}
"""Our language tags mapped to Babel/gettext locale identifiers."""

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ja": "日本語",
    "vi": "Tiếng Việt",
    "zh-Hans": "简体中文",
    "nb": "Norsk bokmål",
}


@cache
def babel_locale(lang: str) -> Locale:
    """The Babel Locale for one of our language tags (for dates, numbers, currency)."""
    return Locale.parse(BABEL_LOCALES[lang])


def catalog_path(domain: str, lang: str) -> Path:
    return LOCALE_DIR / BABEL_LOCALES[lang] / "LC_MESSAGES" / f"{domain}.po"


def template_path(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.pot"


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=BABEL_LOCALES[lang] if lang else None)


@cache
def translations(domain: str, lang: str) -> Translations:
    """Translations for ``domain`` in ``lang``; English (or a missing file) passes msgids
    through unchanged."""
    if lang not in BABEL_LOCALES:
        raise ValueError(f"unknown language {lang!r}")
    path = catalog_path(domain, lang)
    if lang == "en" and not path.exists():
        return Translations(domain=domain)
    compiled = path.with_suffix(".mo")
    if _usable(compiled, path):
        with compiled.open("rb") as fh:
            return Translations(fp=fh, domain=domain)
    data = compile_catalog(path, lang)
    _store(compiled, data)
    return Translations(fp=io.BytesIO(data), domain=domain)


def compile_catalog(path: Path, lang: str) -> bytes:
    """The ``.mo`` bytes of the catalog at ``path`` (fuzzy entries left out)."""
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(path, lang), use_fuzzy=False)
    return buffer.getvalue()


def _usable(compiled: Path, source: Path) -> bool:
    try:
        built = compiled.stat().st_mtime
    except OSError:
        return False
    if not SOURCE_CHECKOUT:
        return True
    try:
        return built >= source.stat().st_mtime
    except OSError:
        return True  # a wheel without .po files


def _store(compiled: Path, data: bytes) -> None:
    """Write a freshly compiled catalog beside its source, atomically; a read-only folder
    is fine (the catalog is then compiled again by the next process)."""
    part = compiled.with_name(f".{compiled.name}.{os.getpid()}.part")
    try:
        part.write_bytes(data)
        part.replace(compiled)
    except OSError:
        part.unlink(missing_ok=True)


def gettext(domain: str, lang: str, message: str) -> str:
    return translations(domain, lang).gettext(message)


Domains = str | tuple[str, ...]
"""A translation domain, or several looked up in turn (the first that translates wins)."""


def render(text: Text, lang: str, domain: Domains, *, localize_values: bool = False) -> str:
    """``text`` in ``lang``: its template translated in ``domain`` (the form its count
    chooses, for a message with a plural), nested texts rendered the same way, the values
    filled in. A translation whose placeholders do not fit falls back to the English
    template.

    ``localize_values`` is for the core's messages (``rapport.services.rendering``, the
    ``trust`` domain): there a string value is a msgid of the domain too and a number is
    written the way ``lang`` writes numbers (Babel), and English is the source text itself.
    Otherwise values are inserted as they are (names, user input, line numbers)."""
    if localize_values and lang == "en":
        return text.english
    domains = (domain,) if isinstance(domain, str) else domain
    form = template(text, lang, domains)
    if not text.params:
        return form
    values = {
        key: _value(value, lang, domains, localize_values) for key, value in text.params.items()
    }
    try:
        return form.format(**values)
    except (KeyError, IndexError, ValueError):
        return text.form.format(**values)


def template(text: Text, lang: str, domain: Domains) -> str:
    """``text``'s template in ``lang``, unfilled: the form its count chooses, translated in
    the first domain that has a translation (else English)."""
    domains = (domain,) if isinstance(domain, str) else domain
    if not text.template:
        return ""
    english = text.form
    if text.plural is not None:
        n = text.params.get(text.plural.count)
        count = n if isinstance(n, int) else 2
        for name in domains:
            found = translations(name, lang).ngettext(text.plural.singular, text.template, count)
            if found != english:
                return found
        return english
    for name in domains:
        found = translations(name, lang).gettext(english)
        if found != english:
            return found
    return english


def _value(value: object, lang: str, domains: tuple[str, ...], localize: bool) -> object:
    if isinstance(value, Text):
        return render(value, lang, domains, localize_values=localize)
    if not localize:
        return value
    if isinstance(value, str):
        return template(Text(value), lang, domains)
    if isinstance(value, int | float):
        from babel.numbers import format_decimal

        return format_decimal(value, locale=babel_locale(lang))
    return value


def domains() -> list[str]:
    """Every domain with a template in the locale folder."""
    return sorted(p.stem for p in LOCALE_DIR.glob("*.pot"))


def catalog_gaps(domain: str) -> dict[str, list[str]]:
    """For each non-English language: msgids of the template with no (or a fuzzy)
    translation, and translations whose ``{placeholders}`` differ from the msgid's."""
    import re

    with template_path(domain).open("rb") as fh:
        template = read_po(fh)
    field = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*\}|%\([a-zA-Z_]+\)s")
    gaps: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        if lang == "en":
            continue
        problems: list[str] = []
        path = catalog_path(domain, lang)
        if not path.exists():
            gaps[lang] = [f"no catalog {path}"]
            continue
        catalog = read_catalog(path, lang)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context)
            strings = (
                [s for s in found.string if s]
                if found is not None and isinstance(found.string, tuple | list)
                else ([found.string] if found is not None and found.string else [])
            )
            if found is None or not strings or found.fuzzy:
                problems.append(str(message.id))
                continue
            msgid = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
            want = sorted(set(field.findall(msgid)))
            for text in strings:
                found_fields = set(field.findall(str(text)))
                if domain == "drafts":  # the Vietnamese pronoun (rapport.drafts.ADDRESS_FIELDS)
                    found_fields -= {"%(you)s", "%(You)s", "%(peer)s", "%(Peer)s"} - set(want)
                if sorted(found_fields) != want:
                    problems.append(f"{msgid!r}: placeholders differ in {text!r}")
        if problems:
            gaps[lang] = problems
    return gaps
