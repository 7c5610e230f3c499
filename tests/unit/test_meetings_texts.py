"""Every agenda and triage text exists in every language, with its values filled in."""

from __future__ import annotations

import re

import pytest

from rapport.domain import agenda, triage
from rapport.domain.model import LANGUAGES
from rapport.i18n import render, translations
from rapport.texts import Text

FIELD = re.compile(r"\{([a-z_]+)\}")
MESSAGES = sorted(
    {
        value
        for module in (agenda, triage)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and FIELD.sub("", value).strip(" .()")
    }
    | set(agenda.CHECKPOINT_QUESTIONS)
)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_text_is_translated_and_filled(lang: str) -> None:
    catalog = translations("meetings", lang)
    for msgid in MESSAGES:
        assert msgid in catalog._catalog, f"{msgid!r} has no {lang} translation"  # type: ignore[attr-defined]
        text = Text(msgid, {name: "7" for name in FIELD.findall(msgid)})
        rendered = render(text, lang, "meetings")
        assert "{" not in rendered and rendered != text.english, (lang, msgid, rendered)
