"""The public list of labelled structures (no sign-in): names, places and dates, no personal data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from mlplatform.frameworks.search import fold
from mlplatform.network.enums import StructureType

from .dashboards import labelled_q
from .models import LabelFile

MAX_QUERY = 100
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
        .order_by("structure__name")
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


def group_by_region(entries: list[PublicEntry]) -> list[tuple[str, list[PublicEntry]]]:
    groups: dict[str, list[PublicEntry]] = {}
    for entry in sorted(entries, key=lambda e: (e.region == UNML_GROUP, fold(e.region), fold(e.name))):
        groups.setdefault(entry.region, []).append(entry)
    return list(groups.items())


@login_not_required
@require_GET
def public_list_view(request: HttpRequest) -> HttpResponse:
    """Searchable by name, region, department; HTMX refreshes the results as one types."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    entries = labelled_entries()
    total = len(entries)
    words = fold(query).split()
    if words:
        entries = [entry for entry in entries if all(word in entry.search_text for word in words)]
    context = {
        "query": query,
        "groups": group_by_region(entries),
        "count": len(entries),
        "total": total,
        "today": timezone.localdate(),
    }
    template = "label/public_results.html" if request.headers.get("HX-Request") else "label/public.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
