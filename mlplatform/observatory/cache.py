"""Figures computed once per state of the observatory's data, then shared by every process.

The national and regional pages sum the counts of hundreds of MLs over several years and draw
their charts: worth computing once, not at every request. A cached value is keyed by the state of
everything the figures are computed from, read from the database in two aggregate queries:

- the coverages of the imported extracts (``DatasetStructure``: every import adds rows, a
  re-import supersedes them with new ones, a deletion lowers the count), which also carry the
  objectives (created with them at import);
- the registry (``Structure``: every change stamps ``updated_at``; MLs that close, move to another
  region or are renamed change what a regional or national figure covers);
- the day (what is "current" may depend on it).

So an import, a registry change or a new day gives new keys: no value outlives the data it was
computed from, whatever the cache backend (per process or Redis shared by all of them). The
values themselves come from the one source (``indicators``, ``report``): cached or not, the pages
show the same figures as the command line and the API.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from mlplatform.network.models import Structure

from .models import DatasetStructure

# Keys change with the data; the timeout only bounds the memory of values no longer asked for.
TIMEOUT = 6 * 3600


def data_state() -> str:
    """A token that changes whenever the figures may change (two aggregate queries)."""
    coverage = DatasetStructure.objects.aggregate(last=Max("pk"), count=Count("pk"))
    registry = Structure.objects.aggregate(last=Max("updated_at"), count=Count("pk"))
    changed = registry["last"].timestamp() if registry["last"] else 0
    today = timezone.localdate()
    return f"{coverage['last']}.{coverage['count']}.{changed:.6f}.{registry['count']}.{today:%Y%m%d}"


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
