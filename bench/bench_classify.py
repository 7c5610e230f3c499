"""Time `rapport classify`: start-up, and utterances per second after start-up.

    PYTHONPATH=src python bench/bench_classify.py [--lines 20000]

Runs the real command (``python -m rapport classify``) on one line and on N lines of
team-written examples in five languages (see meeting_recipe.py); throughput is
N / (time for N lines - time for one line). Also reports the in-process model load.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from meeting_recipe import sentences  # noqa: E402


def run(text: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one `rapport classify` run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OMP_NUM_THREADS": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "rapport", "classify"],
        input=text.encode("utf-8"),
        capture_output=True,
        env=env,
        check=True,
    )
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert done.stdout.count(b"\n") == text.count("\n")
    return took, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(3)
    pool = sentences()
    many = "\n".join(rng.choice(pool) for _ in range(args.lines)) + "\n"

    sys.path.insert(0, str(ROOT / "src"))
    started = time.perf_counter()
    from rapport.language.detect import detect
    from rapport.language.labeller import shared_labeller

    shared_labeller()
    detect("warm up the detector")
    load = time.perf_counter() - started
    print(f"model load in process (labeller + language detector): {load:.2f} s")

    ones = [run("How was your weekend?\n") for _ in range(3)]
    fulls = [run(many) for _ in range(3)]
    for kind, k in (("wall-clock", 0), ("CPU", 1)):
        one = statistics.median(r[k] for r in ones)
        full = statistics.median(r[k] for r in fulls)
        print(f"{kind}: `rapport classify`, 1 line (process start-up): {one:.2f} s")
        print(f"{kind}: `rapport classify`, {args.lines} lines: {full:.2f} s")
        print(f"{kind}: throughput after start-up: {args.lines / (full - one):,.0f} utterances/s")


if __name__ == "__main__":
    main()
