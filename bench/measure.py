"""What a scenario reports: named measures, printed as a table and written to var/bench/."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Measure:
    scenario: str
    name: str
    value: float
    unit: str
    note: str = ""


def timed(function: Callable[[], object], repeat: int = 5) -> float:
    """The median wall time of ``function`` in milliseconds over ``repeat`` runs (after one warm-up)."""
    function()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    return statistics.median(durations)


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def as_rows(measures: list[Measure]) -> list[dict]:
    return [asdict(measure) for measure in measures]
