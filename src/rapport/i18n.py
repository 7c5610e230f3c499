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
