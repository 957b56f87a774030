"""Observatory pages: key figures, comparison, completeness, annual report, exports, uploads.

Scoping: a structure is reached through ``Structure.objects.for_user`` (404 outside the
perimeter). An ML sees its own figures, an ARML its MLs and its regional total, the national
administration every structure and the nation (the UNML's code stands for the nation).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from mlplatform.accounts.enums import Role
from mlplatform.network.enums import StructureType
from mlplatform.network.models import Structure
from mlplatform.network.perimeter import Level
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from . import indicators as ind
from . import opendata, report
from .forms import ChoiceForm, UploadForm, expected_names
from .jobs import ensure_worker, fail_stale_jobs, submit_import
from .models import ImportJob

# Who may upload extracts: ML directors for their ML, ARML staff for their region, national admins.
UPLOAD_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ARML_REFERENT, Role.ARML_STAFF, Role.ML_DIRECTOR})
RECENT_JOBS = 20


def _level(request: HttpRequest) -> Level:
    membership = request.membership
    return Level.NONE if membership is None else membership.perimeter().level


def _require_perimeter(request: HttpRequest) -> None:
    # Auditors and commission members read only the label files assigned to them, never figures.
    membership = request.membership
    if membership is None or not membership.perimeter().is_structural:
        raise PermissionDenied("Votre rôle ne donne accès à aucun chiffre de l'observatoire.")


def visible_structure(request: HttpRequest, code: str) -> Structure:
    return get_object_or_404(Structure.objects.for_user(request.user).select_related("parent"), code=code)


def _national(structure: Structure) -> Structure | None:
    """The argument of the indicator functions: None stands for the nation."""
    return None if structure.type == StructureType.UNML else structure


def _years(structure: Structure) -> list[int]:
    return ind.years_available(_national(structure))


def home_view(request: HttpRequest) -> HttpResponse:
    _require_perimeter(request)
    structures = list(Structure.objects.for_user(request.user).order_by("type", "region", "name"))
    structures.sort(key=lambda s: (not s.is_unml, not s.is_arml, s.region, s.name))
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


def figures_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    figures = report.key_figures(year, structure)
    years = _years(structure)
    return render(
        request,
        "observatory/figures.html",
        {
            "structure": structure,
            "year": year,
            "figures": figures,
            "evolution": report.evolution_chart(structure, years),
            "year_links": _year_links(structure, years, "observatory:figures"),
            "can_compare": not structure.is_ml,
        },
    )


def comparison_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    if structure.is_ml:
        raise Http404("La comparaison porte sur les Missions Locales d'une région ou sur les régions.")
    if structure.is_arml:
        members = list(Structure.objects.filter(parent=structure, type=StructureType.ML).order_by("name"))
    else:
        members = list(Structure.objects.filter(type=StructureType.ARML).order_by("name"))
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
    if _level(request) not in (Level.NATIONAL, Level.REGIONAL):
        raise PermissionDenied(
            "La complétude des imports est suivie par les ARML et l'administration nationale."
        )
    mls = list(
        Structure.objects.for_user(request.user)
        .filter(type=StructureType.ML)
        .select_related("parent")
        .order_by("parent__name", "name")
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
    context = report_context(structure, year) | {"for_pdf": True}
    return pdf_response("observatory/report_pdf.html", context, f"rapport-activite-{year}-{code}", request)


def report_context(structure: Structure, year: int) -> dict:
    """What the annual activity report shows (the PDF, and the tests that read it)."""
    figures = report.key_figures(year, structure)
    members: list[report.ComparisonRow] = []
    if not structure.is_ml:
        kind = StructureType.ML if structure.is_arml else StructureType.ARML
        queryset = Structure.objects.filter(type=kind)
        if structure.is_arml:
            queryset = queryset.filter(parent=structure)
        others = list(queryset.order_by("name"))
        data = ind.indicators_many(year, others)
        members = [report.comparison_row(s, data[s.code]) for s in others]
    return {
        "structure": structure,
        "year": year,
        "figures": figures,
        "evolution": report.evolution_chart(structure, _years(structure)),
        "members": members,
        "columns": report.COMPARISON_COLUMNS,
        "member_label": "Mission Locale" if structure.is_arml else "Région (ARML)",
    }


def report_xlsx_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    structure = visible_structure(request, code)
    structures = report.perimeter_structures(structure)
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
    response = HttpResponse(opendata.opendata_csv(structure, year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(f"donnees-ouvertes-{year}-{code}")}.csv"'
    )
    return response


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
    jobs = ImportJob.objects.for_user(request.user).select_related("structure", "created_by")[:RECENT_JOBS]
    return render(
        request,
        "observatory/upload.html",
        {"form": form, "jobs": jobs, "expected_names": expected_names(), "membership": request.membership},
    )


def _job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, scoped; a job whose worker died is marked failed, a queued one gets a worker."""
    job = get_object_or_404(
        ImportJob.objects.for_user(request.user).select_related("structure", "created_by"), pk=pk
    )
    _require_upload_role(request)
    if job.is_stale:
        fail_stale_jobs()
        job.refresh_from_db()
    elif job.status == ImportJob.Status.QUEUED and not settings.OBSERVATORY_RUN_JOBS_INLINE:
        ensure_worker()  # e.g. after a restart of the web process
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
                "value": example.get("value", ""),
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
