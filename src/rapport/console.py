"""The ``rapport`` entry point, with a fast path for `rapport classify`.

`rapport classify` (a pipe, and the measuring contract) is served without importing the
CLI framework, the database layers or the web stack, which take most of a second to
import (rapport.language.pipe); every other command goes to the Typer app in
``rapport.cli``. Nothing imports this module but ``rapport.__main__``: it is the top floor
(docs/architecture.md).
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] in (["classify"], ["classify", "--json"]):
        from rapport.language.pipe import run

        run()
        return
    from rapport.cli import main as app_main

    app_main()
