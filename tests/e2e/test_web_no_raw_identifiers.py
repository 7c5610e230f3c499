"""The web pages show no raw identifier, English phrase or fractional day in ja, vi, zh-Hans
and nb either (issue 12): the demo workspace's main pages, with what the user typed taken
out first (see test_cli_no_raw_identifiers.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import RunCli
from tests.e2e.test_cli_no_raw_identifiers import ENGLISH, FRACTIONAL_DAYS, RAW, _free_text
from tests.e2e.web_support import visible_text

PAGES = ["/today", "/portfolio", "/meetings/triage", "/meetings/agenda", "/transcripts"]
PAGES += ["/assessment", "/clients", "/audit"]
STORED = re.compile(r"<(code|samp)>.*?</\1>", re.S)


def test_web_pages_show_display_names(cli: RunCli, api: Any, tmp_path: Path) -> None:
    assert cli("demo").returncode == 0
    export_path = tmp_path / "workspace.json"
    assert cli("export", "json", str(export_path)).returncode == 0
    export = json.loads(export_path.read_text(encoding="utf-8"))
    free = _free_text(export)
    clients = [c["id"] for c in export["clients"][:6]]
    pages = PAGES + [f"/clients/{i}" for i in clients] + [f"/clients/{clients[0]}/timeline"]
    problems = []
    for lang in ("ja", "vi", "zh-Hans", "nb"):
        for page in pages:
            response = api.get(f"{page}?lang={lang}")
            assert response.status_code == 200, (lang, page)
            # Field names and stored values in the audit log's changes are data, shown
            # verbatim in <code> and <samp>; everything around them must be translated.
            shown = STORED.sub(" ", response.text)
            text = free.sub("¤", visible_text(shown))
            problems += [f"[{lang}] {page}: raw {m.group(0)!r}" for m in RAW[lang].finditer(text)]
            problems += [
                f"[{lang}] {page}: days {m.group(0)!r}" for m in FRACTIONAL_DAYS.finditer(text)
            ]
            problems += [f"[{lang}] {page}: English {p!r}" for p in ENGLISH if p in text]
    assert not problems, "\n".join(sorted(set(problems)))
