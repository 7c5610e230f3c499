"""CSV cells a spreadsheet would run as formulas, made inert on the way out and restored on
the way back in (OWASP "CSV injection").

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written with a leading single quote, which spreadsheets show as text and do not evaluate.
So that the CSV importer reads Rapport's own export back exactly, a cell made of quotes
followed by one of those characters gets one more quote too; the importer takes one
quote off every cell of that shape. Numbers are written as they are (``-120.50`` is a
number, not a formula).
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r"
_ESCAPED_SHAPE = re.compile(r"'*[=+\-@\t\r]", re.DOTALL)
_QUOTED_SHAPE = re.compile(r"'+[=+\-@\t\r]", re.DOTALL)


def neutralise(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet evaluates."""
    return "'" + text if _ESCAPED_SHAPE.match(text) else text


def restore(cell: str) -> str:
    """The text :func:`neutralise` was given (other cells are returned unchanged)."""
    return cell[1:] if _QUOTED_SHAPE.match(cell) else cell
