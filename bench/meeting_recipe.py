"""A generated one-hour meeting (the data recipe of the benchmarks).

900 utterances, four speakers, in all five languages, taken at random (fixed seed) from
the team-written examples in ``src/rapport/language/seed_examples`` - no corpus text.
Each utterance lasts 2 to 6 seconds, so the meeting runs about one hour.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "src" / "rapport" / "language" / "seed_examples"
SPEAKERS = ("Anna Berg", "Kari Nordmann", "Tanaka", "Linh")


def sentences() -> list[str]:
    out = []
    for path in sorted(SEEDS.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.split("\t", 1)[1])
    return out


def _clock(seconds: float) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:06.3f}"


def meeting_vtt(utterances: int = 900, seed: int = 7) -> str:
    rng = random.Random(seed)
    pool = sentences()
    lines = ["WEBVTT", ""]
    t = 0.0
    for i in range(utterances):
        length = rng.uniform(2.0, 6.0)
        lines += [
            str(i + 1),
            f"{_clock(t)} --> {_clock(t + length)}",
            f"{rng.choice(SPEAKERS)}: {rng.choice(pool)}",
            "",
        ]
        t += length
    return "\n".join(lines)
