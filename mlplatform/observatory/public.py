"""The public open-data page and files (issue 18, item 4): no account needed.

Only the open-data tables of :mod:`.opendata` are served here: aggregates with the statistical
secrecy of spec section 6, computed once on the national table, so that the national file, a
region's file and the files people with an account download never let a masked cell be
recomputed from another. One file per year for the nation (every published row: the nation, the
ARMLs, the MLs that imported the year) and one per region (its ARML and its MLs).

The national table sums hundreds of MLs and runs the secrecy over all of them: each file is
computed once per state of the data (:func:`.cache.remember`, keyed by imports, recomputations,
the registry, the day and the code) and served with ``Cache-Control: public`` for an hour. That
makes repeated downloads cheap, so no per-visitor rate limit is applied.

Public API::

    NATIONAL_FILE = "NATIONAL"
    published_files() -> list[YearFiles]       # years with data, newest first, with their files
    file_text(year, code) -> str | None        # the CSV text, None when there is no such file
    index_view(request), file_view(request, year, code)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from mlplatform.core.collation import sort_key
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.reports.csvfile import csv_response

from . import opendata
from .cache import remember
from .models import DatasetStructure

NATIONAL_FILE = opendata.NATION
MAX_AGE = 3600  # seconds a browser or a proxy may keep a file


@dataclass(frozen=True)
class PublishedFile:
    code: str
    label: str
    url: str


@dataclass(frozen=True)
class YearFiles:
    year: int
    national: PublishedFile
    regions: list[PublishedFile]


def _regions_by_year() -> dict[int, list[tuple[str, str]]]:
    """Year -> (code, name) of the ARMLs one of whose MLs has current data for it (one query)."""
    rows = (
        DatasetStructure.objects.current()
        .filter(kind=DatasetStructure.Kind.DATA, structure__parent__type=StructureType.ARML)
        .values_list("year", "structure__parent__code", "structure__parent__name")
        .distinct()
        .order_by("year", "structure__parent__code")
    )
    years: dict[int, list[tuple[str, str]]] = {}
    for year, code, name in rows:
        years.setdefault(year, []).append((code, name))
    for year in (
        DatasetStructure.objects.current()
        .filter(kind=DatasetStructure.Kind.DATA)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    ):
        years.setdefault(year, [])
    return years


def _file(year: int, code: str, label: str) -> PublishedFile:
    return PublishedFile(code, label, reverse("opendata:file", kwargs={"year": year, "code": code}))


def published_files() -> list[YearFiles]:
    """The published files, newest year first, regions by name."""
    result = []
    for year, regions in sorted(_regions_by_year().items(), reverse=True):
        ordered = sorted(regions, key=lambda region: sort_key(region[1]))
        result.append(
            YearFiles(
                year,
                _file(year, NATIONAL_FILE, "France entière : le réseau, les régions et les Missions Locales"),
                [_file(year, code, name) for code, name in ordered],
            )
        )
    return result


def file_text(year: int, code: str) -> str | None:
    """The CSV text of the national file (``NATIONAL``) or of a region's file (an ARML's code)
    for ``year``; ``None`` when the year has no data or the code names no region in it."""
    if code != NATIONAL_FILE and code not in dict(_regions_by_year().get(year, [])):
        return None
    table = remember("opendata-table", lambda: opendata.national_table(year), year)
    if table is None:
        return None
    if code == NATIONAL_FILE:
        return remember("opendata-file", lambda: opendata.write_csv(table), year, code)
    rows = {code} | {row.structure_code for row in table.rows if row.parent_code == code}
    return remember("opendata-file", lambda: opendata.write_csv(table, rows), year, code)


@login_not_required
@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    return render(request, "observatory/opendata_public.html", {"years": published_files()})


@login_not_required
@require_GET
def file_view(request: HttpRequest, year: int, code: str) -> HttpResponse:
    if not Structure.objects.filter(code=code, type=StructureType.ARML).exists() and code != NATIONAL_FILE:
        raise Http404("Fichier inconnu.")
    text = file_text(year, code)
    if text is None:
        raise Http404("Aucune donnée ouverte pour cette année et cette région.")
    response = csv_response(f"donnees-ouvertes-{year}-{code}", text)
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
