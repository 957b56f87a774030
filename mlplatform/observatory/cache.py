"""Figures computed once per state of the observatory's data, then shared by every process.

The national and regional pages sum the counts of hundreds of MLs over several years and draw
their charts: worth computing once, not at every request. A cached value is keyed by the state of
everything the figures are computed from, read from the database in two aggregate queries:

- the coverages of the imported extracts (``DatasetStructure``: every import adds rows, a
  re-import supersedes them with new ones, a deletion lowers the count, a recomputation that
  changes an ML's aggregates stamps ``computed_at``), which also carry the objectives (created
  with them at import);
- the registry (``Structure``: every change stamps ``updated_at``; MLs that close, move to another
  region or are renamed change what a regional or national figure covers);
- the day (what is "current" may depend on it);
- the code that computes and lays them out (a fingerprint of its files, so that a new release
  never serves figures computed by the previous one from a cache shared by every process).

So an import, a recomputation, a registry change, a new day or a new release gives new keys: no
value outlives the data it was computed from, whatever the cache backend (per process or Redis
shared by all of them). The
values themselves come from the one source (``indicators``, ``report``): cached or not, the pages
show the same figures as the command line and the API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache as cache_for_process
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from mlplatform.network.models import Structure

from .models import DatasetStructure

# Keys change with the data; the timeout only bounds the memory of values no longer asked for.
TIMEOUT = 6 * 3600


# The files the cached figures and their markup come from.
_CODE = (
    Path(__file__).with_name("indicators.py"),
    Path(__file__).with_name("report.py"),
    Path(__file__).with_name("opendata.py"),  # the public open-data files (public.py)
    Path(__file__).parent.parent / "reports" / "charts.py",
    *(
        Path(settings.BASE_DIR) / "templates" / name
        for name in (
            "observatory/_key_figures.html",
            "observatory/_kpi.html",
            "charts/chart.html",
        )
    ),
)


@cache_for_process
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in _CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _stamp(value) -> str:
    return f"{value.timestamp():.6f}" if value else "0"


def data_state() -> str:
    """A token that changes whenever the figures may change (two aggregate queries)."""
    coverage = DatasetStructure.objects.aggregate(
        last=Max("pk"), count=Count("pk"), computed=Max("computed_at")
    )
    registry = Structure.objects.aggregate(last=Max("updated_at"), count=Count("pk"))
    return ".".join(
        [
            str(coverage["last"]),
            str(coverage["count"]),
            _stamp(coverage["computed"]),
            _stamp(registry["last"]),
            str(registry["count"]),
            f"{timezone.localdate():%Y%m%d}",
            code_fingerprint(),
        ]
    )


def remember[T](name: str, compute: Callable[[], T], *parts: object, state: str | None = None) -> T:
    """``compute()``, or its value cached for the current state of the data (``state``, when the
    caller already read it, spares the two queries)."""
    state = state or data_state()
    key = ":".join(["observatory", name, state, *(str(part) for part in parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
