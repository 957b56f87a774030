"""The public list of labelled structures (no sign-in): names, places and dates, no personal data.

Searchable by name, region or department, filtered by region, 50 structures a page; two queries
whatever the number of structures (the labelled files, the regions of the registry)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from mlplatform.core.collation import sort_key
from mlplatform.frameworks.search import fold
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure

from .dashboards import labelled_q
from .models import LabelFile

MAX_QUERY = 100
PAGE_SIZE = 50
UNML_GROUP = "Tête de réseau"


@dataclass(frozen=True)
class PublicEntry:
    name: str
    type: str
    department: str
    region: str
    valid_from: datetime.date
    valid_until: datetime.date
    search_text: str


def labelled_entries(today: datetime.date | None = None) -> list[PublicEntry]:
    """Structures holding a label valid today, with only public facts about them (one query)."""
    today = today or timezone.localdate()
    rows = (
        LabelFile.objects.filter(labelled_q(today), structure__closed_on__isnull=True)
        .values_list(
            "structure__name",
            "structure__type",
            "structure__department",
            "structure__region",
            "structure__parent__region",
            "valid_from",
            "valid_until",
        )
        .order_by("structure__sort_name")
    )
    types = dict(StructureType.choices)
    entries = []
    for name, type_, department, region, parent_region, valid_from, valid_until in rows:
        region = region or parent_region or UNML_GROUP
        if type_ == StructureType.UNML:
            region = UNML_GROUP
        entries.append(
            PublicEntry(
                name,
                types[type_],
                department,
                region,
                valid_from,
                valid_until,
                fold(f"{name} {region} {department} {types[type_]}"),
            )
        )
    return entries


def in_list_order(entries: list[PublicEntry]) -> list[PublicEntry]:
    """By region (the head of the network last), then by name, in French directory order."""
    return sorted(entries, key=lambda e: (e.region == UNML_GROUP, sort_key(e.region), sort_key(e.name)))


def group_by_region(entries: list[PublicEntry]) -> list[tuple[str, list[PublicEntry]]]:
    """Consecutive entries of the same region (``entries`` in list order) under one heading."""
    groups: dict[str, list[PublicEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.region, []).append(entry)
    return list(groups.items())


def region_choices() -> list[str]:
    """The regions of the registry (those of its open ARMLs), then the head of the network."""
    regions = Structure.objects.open().arml().exclude(region="").order_by().values_list("region", flat=True)
    return [*sorted(set(regions), key=sort_key), UNML_GROUP]


@login_not_required
@require_GET
def public_list_view(request: HttpRequest) -> HttpResponse:
    """Searchable by name, region, department, filtered by region; HTMX refreshes the results as
    one types or chooses."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    regions = region_choices()
    region = request.GET.get("region", "")
    if region not in regions:
        region = ""
    entries = labelled_entries()
    total = len(entries)
    words = fold(query).split()
    if words:
        entries = [entry for entry in entries if all(word in entry.search_text for word in words)]
    if region:
        entries = [entry for entry in entries if entry.region == region]
    page = Paginator(in_list_order(entries), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "region": region,
        "regions": regions,
        "filtered": bool(words or region),
        "groups": group_by_region(list(page.object_list)),
        "page": page,
        "page_range": list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "count": len(entries),
        "total": total,
        "today": timezone.localdate(),
    }
    template = "label/public_results.html" if request.headers.get("HX-Request") else "label/public.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
