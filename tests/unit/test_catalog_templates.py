"""Each translation template holds exactly the messages its sources mark: every error raised
with ``N_("...")`` and every ``_()`` text of the command line is in its domain's catalog (and
so, by test_catalogs.py, translated into every language)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from rapport.i18n import template_path

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = sorted((ROOT / "babel").glob("*.cfg"))


def _msgid(message: str | tuple[str, ...]) -> str:
    return message if isinstance(message, str) else message[0]


@pytest.mark.parametrize("mapping", MAPPINGS, ids=lambda p: p.stem)
def test_template_matches_the_sources(mapping: Path) -> None:
    with mapping.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(mapping))
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    marked = {
        _msgid(message)
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / "src"), method_map, options_map, keywords=keywords
        )
    }
    with template_path(mapping.stem).open("rb") as fh:
        template = {_msgid(m.id) for m in read_po(fh) if m.id}
    assert marked - template == set(), (
        f"run `python scripts/messages.py {mapping.stem}` and translate the new messages"
    )
    assert template - marked == set(), f"stale messages in {mapping.stem}.pot"
