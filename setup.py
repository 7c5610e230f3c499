"""Build step beyond pyproject.toml: compile the message catalogs (.po) into the .mo files
the wheel ships, so an installed Rapport reads compiled catalogs and never compiles at run
time. Everything else about the package is declared in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """``build_py`` that also writes ``<lang>/LC_MESSAGES/<domain>.mo`` beside every
    ``.po`` under ``rapport/locale`` in the build tree."""

    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale = Path(self.build_lib) / "rapport" / "locale"
        for po in sorted(locale.glob("*/LC_MESSAGES/*.po")):
            lang = po.parent.parent.name
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
            with po.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalog, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithCatalogs})
