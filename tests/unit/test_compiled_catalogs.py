"""Compiled catalogs (.mo): what is read is what the .po says. An installed wheel reads the
.mo files built with it; a source checkout compiles a missing or stale one on first use."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.support import Translations

from rapport import i18n


def test_a_missing_or_older_mo_is_compiled_again(tmp_path: Path) -> None:
    po, mo = tmp_path / "web.po", tmp_path / "web.mo"
    po.write_text('msgid "Clients"\nmsgstr "Kunder"\n', encoding="utf-8")
    assert not i18n._usable(mo, po)
    i18n._store(mo, i18n.compile_catalog(po, "nb"))
    assert i18n._usable(mo, po)
    assert Translations(fp=mo.open("rb")).gettext("Clients") == "Kunder"
    newer = mo.stat().st_mtime + 10
    os.utime(po, (newer, newer))  # the .po was edited after the .mo was built
    assert i18n._usable(mo, po) is not i18n.SOURCE_CHECKOUT


@pytest.mark.parametrize("domain", i18n.domains())
def test_every_catalog_reads_as_its_po_says(domain: str) -> None:
    for lang in ("ja", "vi", "zh-Hans", "nb"):
        catalog = i18n.read_catalog(i18n.catalog_path(domain, lang), lang)
        loaded = i18n.translations(domain, lang)
        for message in catalog:
            if message.id and not message.pluralizable and message.string and not message.fuzzy:
                assert loaded.gettext(str(message.id)) == message.string, (lang, message.id)
        assert i18n.catalog_path(domain, lang).with_suffix(".mo").is_file()
