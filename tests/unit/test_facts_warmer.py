"""The background refresher `rapport serve` runs: it keeps refreshing and survives errors."""

from __future__ import annotations

import threading

from rapport.services.facts_warmer import FactsWarmer


def test_it_refreshes_at_once_then_on_schedule_and_survives_a_failure() -> None:
    calls: list[str] = []
    enough = threading.Event()

    def refresh() -> int:
        calls.append("refresh")
        if len(calls) == 2:
            raise RuntimeError("database went away")
        if calls.count("refresh") >= 4:
            enough.set()
        return 3

    warmer = FactsWarmer(refresh, 0.01, maintain=lambda: calls.append("maintain"), maintain_every=2)
    warmer.start()
    assert enough.wait(5)
    warmer.stop()
    warmer.join(5)
    assert not warmer.is_alive()
    assert calls[0] == "refresh" and calls[1] == "maintain"  # upkeep after the first round
    assert calls.count("refresh") >= 4  # the failing round did not stop it
