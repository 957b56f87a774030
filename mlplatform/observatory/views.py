"""Observatory pages: key figures, comparison, completeness, annual report, exports, uploads.

Access: every figure page goes through ``access`` (403 for a role without figures, 404 for a
structure outside the perimeter, lists of MLs or regions cut to the perimeter). An ML sees its own
figures, an ARML its MLs and its regional total, the national administration every structure and
the nation (the UNML's code stands for the nation).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from mlplatform.accounts.enums import Role
from mlplatform.core.collation import sort_key
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level
from mlplatform.reports.csvfile import csv_response
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from . import access, opendata, report
from . import indicators as ind
from .cache import TIMEOUT as CACHE_TIMEOUT
from .cache import data_state, remember
from .forms import ChoiceForm, UploadForm, expected_names
from .jobs import fail_stale_jobs, submit_import
from .models import DatasetStructure, ImportJob
from .spec import IDENTIFIER_COLUMNS, shown_value

# Who may upload extracts: ML directors for their ML, ARML staff for their region, national admins.
UPLOAD_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ARML_REFERENT, Role.ARML_STAFF, Role.ML_DIRECTOR})
RECENT_JOBS = 20


def _level(request: HttpRequest) -> Level:
    membership = request.membership
    return Level.NONE if membership is None else membership.perimeter().level


def visible_structure(request: HttpRequest, code: str) -> Structure:
    return access.visible_structure(request.membership, code)


def _national(structure: Structure) -> Structure | None:
    """The argument of the indicator functions: None stands for the nation."""
    return None if structure.type == StructureType.UNML else structure


def _years(structure: Structure) -> list[int]:
    return ind.years_available(_national(structure))


def home_view(request: HttpRequest) -> HttpResponse:
    structures = list(access.readable_structures(request.membership).order_by("type", "region", "name"))
    structures.sort(key=lambda s: (not s.is_unml, not s.is_arml, sort_key(s.region), s.sort_name))
    top = structures[0] if structures else None
    years = _years(top) if top is not None else []
    form = ChoiceForm(request.GET or None, structures=structures, years=years)
    if form.is_bound and form.is_valid():
        return redirect(
            "observatory:figures", code=form.cleaned_data["structure"], year=form.cleaned_data["annee"]
        )
    membership = request.membership
    return render(
        request,
        "observatory/home.html",
        {
            "form": form,
            "top": top,
            "years": years,
            "latest": years[-1] if years else None,
            "can_upload": membership.role in UPLOAD_ROLES,
            "can_see_completeness": _level(request) in (Level.NATIONAL, Level.REGIONAL),
        },
    )


def _year_links(structure: Structure, years: list[int], view: str) -> list[tuple[int, str]]:
    return [(y, reverse(view, kwargs={"code": structure.code, "year": y})) for y in years]


def _figures_and_evolution(
    structure: Structure, year: int, state: str | None = None
) -> tuple[report.KeyFigures, object, list[int]]:
    """The key figures of a year, the evolution chart and the years imported: computed once per
    state of the data (``cache``), for the page and the PDF."""

    def compute():
        years = _years(structure)
        return report.key_figures(year, structure), report.evolution_chart(structure, years), years

    return remember("figures", compute, structure.code, year, state=state)


def figures_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    state = data_state()
    figures, evolution, years = _figures_and_evolution(structure, year, state)
    return render(
        request,
        "observatory/figures.html",
        {
            "structure": structure,
            "year": year,
            "figures": figures,
            "evolution": evolution,
            # The figures' markup is cached with the same key as the figures (figures.html).
            "data_state": state,
            "cache_timeout": CACHE_TIMEOUT,
            "year_links": _year_links(structure, years, "observatory:figures"),
            "can_compare": not structure.is_ml,
        },
    )


def comparison_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    if structure.is_ml:
        raise Http404("La comparaison porte sur les Missions Locales d'une région ou sur les régions.")
    members = access.components(structure, request.membership)
    data = ind.indicators_many(year, [structure, *members])
    rows = [report.comparison_row(s, data[s.code]) for s in members]
    sort = request.GET.get("tri", "nom")
    if sort not in report.COMPARISON_KEYS:
        sort = "nom"
    descending = request.GET.get("ordre") == "desc"
    rows = report.sort_rows(rows, sort, descending)
    total = report.comparison_row(structure, data[structure.code])
    return render(
        request,
        "observatory/comparison.html",
        {
            "structure": structure,
            "year": year,
            "rows": rows,
            "total": total,
            "columns": report.COMPARISON_COLUMNS,
            "sort": sort,
            "descending": descending,
            "member_label": "Mission Locale" if structure.is_arml else "Région (ARML)",
            "year_links": _year_links(structure, _years(structure), "observatory:comparison"),
        },
    )


def completeness_view(request: HttpRequest) -> HttpResponse:
    if access.reader_perimeter(request.membership).level not in (Level.NATIONAL, Level.REGIONAL):
        raise PermissionDenied(
            "La complétude des imports est suivie par les ARML et l'administration nationale."
        )
    mls = list(
        access.readable_structures(request.membership)
        .filter(type=StructureType.ML)
        .select_related("parent")
        .order_by("parent__sort_name", "sort_name")
    )
    membership = request.membership
    scope = None if _level(request) == Level.NATIONAL else membership.structure
    years = ind.years_available(scope)
    table = ind.completeness(mls, years)
    rows = [(ml, [table[ml.code][y] for y in years]) for ml in mls]
    totals = [sum(1 for ml in mls if table[ml.code][y] is not None) for y in years]
    return render(
        request,
        "observatory/completeness.html",
        {"rows": rows, "years": years, "totals": totals, "ml_count": len(mls), "scope": scope},
    )


def report_pdf_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    context = report_context(structure, year, access.components(structure, request.membership))
    context["for_pdf"] = True
    return pdf_response("observatory/report_pdf.html", context, f"rapport-activite-{year}-{code}", request)


def report_context(structure: Structure, year: int, components: list[Structure]) -> dict:
    """What the annual activity report shows (the PDF, and the tests that read it); ``components``
    are the MLs of an ARML or the regions of the nation that the reader may see (``access``)."""
    figures, evolution, _ = _figures_and_evolution(structure, year)
    data = ind.indicators_many(year, components) if components else {}
    members = [report.comparison_row(s, data[s.code]) for s in components]
    return {
        "structure": structure,
        "year": year,
        "figures": figures,
        "evolution": evolution,
        "members": members,
        "columns": report.COMPARISON_COLUMNS,
        "member_label": "Mission Locale" if structure.is_arml else "Région (ARML)",
    }


def report_xlsx_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    structures = report.perimeter_structures(structure, access.readable_structures(request.membership))
    data = ind.indicators_many(year, structures)
    rows = [report.xlsx_row(s, data[s.code]) for s in structures]
    return xlsx_response(
        f"indicateurs-{year}-{code}",
        f"Indicateurs {year}",
        report.xlsx_header(),
        rows,
        widths=[14, 40, 16, 22],
    )


def opendata_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    readable = set(access.readable_structures(request.membership).values_list("code", flat=True))
    return csv_response(f"donnees-ouvertes-{year}-{code}", opendata.opendata_csv(structure, year, readable))


# --------------------------------------------------------------------------------------------
# Uploads and their jobs


def _require_upload_role(request: HttpRequest) -> None:
    membership = request.membership
    if membership is None or membership.role not in UPLOAD_ROLES:
        raise PermissionDenied(
            "Le dépôt des extractions est réservé aux directions de Mission Locale, aux équipes des ARML et "
            "à l'administration nationale."
        )


def upload_view(request: HttpRequest) -> HttpResponse:
    _require_upload_role(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = submit_import(
            form.cleaned_data["annee"], form.cleaned_data["fichiers"], request.user, request.membership
        )
        return redirect("observatory:job", pk=job.pk)
    # Not only the jobs submitted from the person's structure: an ML also sees the imports of its
    # data made by its ARML or the national administration (only those of its perimeter open).
    perimeter = request.membership.perimeter()
    jobs = list(
        ImportJob.objects.concerning(perimeter).select_related("structure", "created_by")[:RECENT_JOBS]
    )
    # Data loaded without this page (command line, demonstration): said when no job is listed.
    loaded = (
        0 if jobs else DatasetStructure.objects.in_perimeter(perimeter).values("dataset").distinct().count()
    )
    return render(
        request,
        "observatory/upload.html",
        {
            "form": form,
            "jobs": jobs,
            "loaded_datasets": loaded,
            "expected_names": expected_names(),
            "membership": request.membership,
        },
    )


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, scoped; a job whose worker died is marked failed (the task queue runs queued ones)."""
    _require_upload_role(request)
    job = get_object_or_404(
        ImportJob.objects.for_user(request.user).select_related("structure", "created_by"), pk=pk
    )
    if job.is_stale:
        fail_stale_jobs()
        job.refresh_from_db()
    return job


def problem_groups(job: ImportJob) -> list[dict]:
    """The refusal of a job, per rule: message, count, first rows (file, line, column, value)."""
    groups = []
    for group in job.problems:
        examples = [
            {
                "file": example.get("file", ""),
                "line": example.get("line"),
                "column": example.get("column", ""),
                # Never an identifier, even from a job recorded before they were left out.
                "value": shown_value(example.get("column", ""), example.get("value", "")),
                "masked": example.get("column", "") in IDENTIFIER_COLUMNS,
            }
            for example in group.get("examples", [])
        ]
        count = group.get("count", len(examples))
        groups.append(
            {
                "message": group.get("message") or group.get("rule", ""),
                "count": count,
                "examples": examples,
                "more": max(count - len(examples), 0),
            }
        )
    return groups


def _job_context(job: ImportJob) -> dict:
    return {
        "job": job,
        "problem_groups": problem_groups(job),
        "job_files": [item.get("name", "") for item in job.files],
    }


def job_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "observatory/job.html", _job_context(_job(request, pk)))


def job_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment that the job page polls (every 2 s until the job is finished)."""
    return render(request, "observatory/_job_status.html", _job_context(_job(request, pk)))
