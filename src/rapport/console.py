"""The ``rapport`` entry point, with a fast path for `rapport classify`.

`rapport classify` (a pipe, and the measuring contract) is served without importing the
CLI framework, the database layers or the web stack, which take most of a second to
import; every other command goes to the Typer app in ``rapport.cli``.
"""

from __future__ import annotations

import json
import sys
from typing import BinaryIO, TextIO

CHUNK = 1024


def run(stdin: BinaryIO | None = None, stdout: TextIO | None = None) -> None:
    """Read UTF-8 lines, write one JSON object per line, in order."""
    from rapport.language.detect import UNDETERMINED, detect
    from rapport.language.labeller import shared_labeller

    source = stdin if stdin is not None else sys.stdin.buffer
    sink = stdout if stdout is not None else sys.stdout
    labeller = shared_labeller()
    previous = UNDETERMINED
    lines = source.read().decode("utf-8-sig", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for start in range(0, len(lines), CHUNK):
        texts = [raw.rstrip("\r") for raw in lines[start : start + CHUNK]]
        out: list[str] = []
        for text, labelled in zip(texts, labeller.label_many(texts), strict=True):
            if text.strip():
                language = previous = detect(text, fallback=previous)
            else:
                language = UNDETERMINED
            record = {
                "text": text,
                "label": labelled.label,
                "language": language,
                "confidence": labelled.confidence,
            }
            out.append(json.dumps(record, ensure_ascii=False))
        sink.write("\n".join(out) + "\n")
    sink.flush()


def main() -> None:
    if sys.argv[1:] in (["classify"], ["classify", "--json"]):
        run()
        return
    from rapport.cli import main as app_main

    app_main()
