"""The ``rapport classify`` pipe: UTF-8 lines in, one JSON object per line out, in order.

Served by the entry point (``rapport.console``) without importing the CLI framework, the
database layers or the web stack, and by the ``rapport classify`` command of the CLI; both
call :func:`run`. Needs only the language models, loaded on first use.
"""

from __future__ import annotations

import json
import sys
from typing import BinaryIO, TextIO

CHUNK = 1024


def run(stdin: BinaryIO | None = None, stdout: TextIO | None = None) -> None:
    """Read UTF-8 lines, write one JSON object per line, in order.

    Lines are labelled in batches of whatever has already arrived (up to CHUNK), and the
    output is flushed before waiting for more input, so a caller that writes one line and
    waits for its answer is served at once, and a large pipe is served at full speed.
    """
    from rapport.language.detect import UNDETERMINED, detect
    from rapport.language.labeller import StreamState, shared_labeller

    source = stdin if stdin is not None else sys.stdin.buffer
    sink = stdout if stdout is not None else sys.stdout
    labeller = shared_labeller()
    previous = UNDETERMINED
    state = StreamState()
    batch: list[str] = []
    first = True

    def flush() -> None:
        nonlocal previous
        out: list[str] = []
        labels = labeller.label_stream(batch, state)
        for text, labelled in zip(batch, labels, strict=True):
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
        if out:
            sink.write("\n".join(out) + "\n")
            sink.flush()
        batch.clear()

    while True:
        raw = source.readline()
        if not raw:
            break
        text = raw.decode("utf-8", errors="replace")
        if first:
            text = text.removeprefix("\ufeff")
            first = False
        batch.append(text.rstrip("\n").rstrip("\r"))
        if len(batch) >= CHUNK or not _more_waiting(source):
            flush()
    flush()


def _more_waiting(source: BinaryIO) -> bool:
    """True when more input can be read without blocking (so batching is free)."""
    import select

    try:
        fileno = source.fileno()
    except (AttributeError, OSError, ValueError):
        return True  # an in-memory stream: all of it is already there
    try:
        ready, _, _ = select.select([fileno], [], [], 0)
    except (OSError, ValueError):
        return False
    return bool(ready)
