"""Limits on one transcript analysis: its size, its time, and a way to stop it.

A web or API upload (and the ``analyze`` job) analyses with a :class:`Budget`: the analysis
calls :meth:`Budget.step` between its steps (parse, each chunk of language detection and
labelling, metrics, promises), which stops it with a clear error once the time limit has
passed or someone called :meth:`Budget.cancel` (the client went away). Nothing is saved
by a stopped analysis: saving comes after the last step.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from rapport.errors import InvalidInputError, RapportError
from rapport.texts import N_

MIB = 1024 * 1024


class TranscriptTooLargeError(RapportError):
    """The transcript is over the ``transcript_max_mb`` setting (413)."""

    status_code = 413


class AnalysisStoppedError(InvalidInputError):
    """The analysis ran past the ``analysis_time_limit_s`` setting, or was cancelled (422)."""


def max_bytes(limit_mb: float) -> int:
    return int(limit_mb * MIB)


def check_size(size: int, limit_mb: float) -> None:
    """Refuse a transcript of ``size`` bytes over ``limit_mb`` MiB."""
    if size > max_bytes(limit_mb):
        raise TranscriptTooLargeError(
            N_("the transcript is larger than {limit} MB (the transcript_max_mb setting)"),
            limit=f"{limit_mb:g}",
        )


class Budget:
    """Time limit, cancellation and progress of one analysis (thread-safe to cancel)."""

    def __init__(
        self,
        seconds: float | None,
        progress: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self._progress = progress
        self._clock = clock
        self._started = clock()
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def elapsed(self) -> float:
        return self._clock() - self._started

    def step(self, fraction: float) -> None:
        """Between two steps: stop when cancelled or out of time, else report progress."""
        if self._cancelled.is_set():
            raise AnalysisStoppedError(N_("the analysis was stopped: the upload was cancelled"))
        if self.seconds is not None and self.elapsed() > self.seconds:
            raise AnalysisStoppedError(
                N_(
                    "the analysis took longer than {seconds} s (the analysis_time_limit_s "
                    "setting) and was stopped; nothing was saved. Split the transcript or "
                    "raise the limit"
                ),
                seconds=f"{self.seconds:g}",
            )
        if self._progress is not None:
            self._progress(min(max(fraction, 0.0), 1.0))


UNLIMITED = Budget(None)
"""No limit (the command line, which runs on the user's own machine)."""
