"""One word per product term and language (src/rapport/locale/glossary.toml, docs/glossary.md):
no screen catalog uses a synonym the glossary lists under ``avoid``, and every translation
of a message that names a checked term (``match``) uses the glossary's word for it.

Drafted messages to clients (the ``drafts`` catalog) are not screens: they follow each
language's style guide, where "お客様" or "quý khách" address the reader."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rapport.i18n import BABEL_LOCALES, LOCALE_DIR, domains

GLOSSARY = tomllib.loads((LOCALE_DIR / "glossary.toml").read_text(encoding="utf-8"))
SCREEN_DOMAINS = [d for d in domains() if d != "drafts"]
LOCALES = [BABEL_LOCALES[lang] for lang in BABEL_LOCALES if lang != "en"]
CJK = {"ja", "zh_Hans"}
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def _translations(domain: str, locale: str) -> list[tuple[str, list[str]]]:
    path = Path(LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po")
    with path.open("rb") as fh:
        catalog = read_po(fh)
    found = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        found.append((str(msgid), [str(s) for s in strings if s]))
    return found


def _names(text: str, word: str, locale: str) -> bool:
    """Does ``text`` name the glossary's ``word``: as a substring in Japanese and Chinese,
    elsewhere as a word or the start of one (Norwegian «orienteringen»)."""
    if locale in CJK:
        return word in text
    return re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE) is not None


def _uses(text: str, word: str, locale: str) -> bool:
    """Does ``text`` use ``word``: as a substring in Japanese and Chinese, as whole words
    (any case) elsewhere, so that Norwegian «inntektspost» is not «inntekt». A word that
    starts with ``re:`` is a regular expression."""
    if word.startswith("re:"):
        return re.search(word[3:], text) is not None
    if locale in CJK:
        return word in text
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def test_every_term_has_a_word_in_every_language() -> None:
    for name, term in GLOSSARY.items():
        for locale in ["en", *LOCALES]:
            assert term.get(locale), f"glossary term {name!r} has no {locale} word"
        for locale, avoided in term.get("avoid", {}).items():
            assert locale in LOCALES, f"{name}: avoid.{locale} is not a language"
            assert term[locale] not in avoided, f"{name}: the {locale} word is also avoided"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("domain", SCREEN_DOMAINS)
def test_catalog_uses_one_word_per_term(domain: str, locale: str) -> None:
    problems = []
    for msgid, strings in _translations(domain, locale):
        english = PLACEHOLDER.sub("", msgid)
        for name, term in GLOSSARY.items():
            for text in strings:
                for avoided in term.get("avoid", {}).get(locale, []):
                    if _uses(text, avoided, locale):
                        problems.append(
                            f"{name}: {avoided!r} instead of {term[locale]!r} in {text!r}"
                        )
                if (
                    "match" in term
                    and locale in term.get("enforce", [])
                    and re.search(term["match"], english, re.IGNORECASE)
                    and not _names(text, term[locale], locale)
                ):
                    problems.append(
                        f"{name}: {msgid!r} is not translated with {term[locale]!r}: {text!r}"
                    )
    assert not problems, "\n".join(problems)


def test_the_glossary_page_lists_every_term() -> None:
    page = (LOCALE_DIR.parents[2] / "docs" / "glossary.md").read_text(encoding="utf-8")
    for name, term in GLOSSARY.items():
        row = f"| {term['en']} | {term['ja']} | {term['vi']} | {term['zh_Hans']} | {term['nb']} |"
        assert row in page, f"docs/glossary.md has no row for {name!r}: {row}"
