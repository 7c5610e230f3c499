"""Keeps the stored per-client facts current in the background while the server runs.

Facts expire at the next UTC midnight and a self-assessment makes every client's facts
stale; with thousands of clients, computing them all takes a while (about 25 s for 10,000
clients and 1,000,000 interactions, bench/README.md). ``rapport serve`` runs one warmer
thread that refreshes whatever is stale every ``facts_refresh_seconds``, so that requests
find the facts current. A request that still finds stale facts computes those itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class FactsWarmer(threading.Thread):
    def __init__(
        self,
        refresh: Callable[[], int],
        every_seconds: float,
        *,
        maintain: Callable[[], None] | None = None,
        maintain_every: int = 60,
    ) -> None:
        super().__init__(name="rapport-facts-warmer", daemon=True)
        self.refresh = refresh
        self.every = every_seconds
        # Database upkeep (planner statistics) after the first refresh, then every
        # ``maintain_every`` rounds.
        self.maintain = maintain
        self.maintain_every = maintain_every
        self.stopped = threading.Event()

    def run(self) -> None:
        rounds = 0
        while True:
            try:
                computed = self.refresh()
                if computed:
                    log.info("refreshed the stored facts of %d clients", computed)
                if self.maintain and rounds % self.maintain_every == 0:
                    self.maintain()
            except Exception:
                log.exception("refreshing the stored client facts failed")
            rounds += 1
            if self.stopped.wait(self.every):
                return

    def stop(self) -> None:
        self.stopped.set()
