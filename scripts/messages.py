"""Extract a translation domain's messages and update its five catalogs.

    python scripts/messages.py DOMAIN

reads the mapping ``babel/DOMAIN.cfg`` (which sources belong to the domain), writes the
template ``src/rapport/locale/DOMAIN.pot`` and creates or updates
``src/rapport/locale/<locale>/LC_MESSAGES/DOMAIN.po`` for en, ja, vi, zh_Hans and nb.
Then fill in the new msgstr entries (new ones are empty; changed ones are marked fuzzy).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "src" / "rapport" / "locale"
LOCALES = ["en", "ja", "vi", "zh_Hans", "nb"]


def main(domain: str) -> None:
    mapping = ROOT / "babel" / f"{domain}.cfg"
    if not mapping.exists():
        sys.exit(f"error: no mapping file {mapping}")
    pot = LOCALE_DIR / f"{domain}.pot"
    cli = CommandLineInterface()
    cli.run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(mapping),
            "-o",
            str(pot),
            "--no-location",
            "--sort-output",
            "-k",
            "_",
            "-k",
            "gettext",
            "-k",
            "ngettext:1,2",
            "-k",
            "N_",
            "--project",
            "Rapport",
            str(ROOT / "src"),
        ]
    )
    for locale in LOCALES:
        po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"
        verb = "update" if po.exists() else "init"
        args = [
            "pybabel",
            "-q",
            verb,
            "-i",
            str(pot),
            "-d",
            str(LOCALE_DIR),
            "-D",
            domain,
            "-l",
            locale,
        ]
        if verb == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        cli.run(args)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
