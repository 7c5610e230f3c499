"""Time the whole pipeline on a one-hour meeting: parse + language + label + metrics.

    PYTHONPATH=src python bench/bench_analyze.py

Prints the model load time and the median of several analyses of a generated 900-utterance
WebVTT meeting (see meeting_recipe.py), in one process on one core.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from meeting_recipe import meeting_vtt


def main() -> None:
    data = meeting_vtt().encode("utf-8")
    started = time.perf_counter()
    from rapport.language.detect import detect
    from rapport.language.labeller import shared_labeller
    from rapport.services.analysis import analyse

    shared_labeller()
    detect("warm up the detector")
    load = time.perf_counter() - started
    runs = []
    cpu = []
    for _ in range(7):
        t = time.perf_counter()
        c = time.process_time()
        analysis = analyse(data, "bench.vtt", me="Anna Berg", video=True, on=date(2026, 11, 23))
        runs.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    m = analysis.metrics
    print(f"utterances: {len(analysis.utterances)}, meeting: {m.total / 60:.1f} min ({m.basis})")
    print(f"imports + model load: {load:.2f} s")
    print(f"analyse one meeting: median {statistics.median(runs):.3f} s, best {min(runs):.3f} s")
    print(f"CPU time per meeting: median {statistics.median(cpu):.3f} s")


if __name__ == "__main__":
    main()
