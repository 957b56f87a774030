"""Public pages (no login): the published reports, their page and their PDF.

Only published editions are reached here; a draft or a report to proofread is 404 even if its
address is guessed. The figures shown are the ones frozen at publication.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from mlplatform.network.enums import StructureType

from . import publishing
from .composition import shown_sections
from .models import ActivityReport


def _published():
    return ActivityReport.objects.published().select_related("structure")


def latest_editions(reports) -> list[ActivityReport]:
    """The latest published edition of each (structure, year), without their frozen figures (large:
    a list needs none of them)."""
    latest: dict[tuple[int, int], ActivityReport] = {}
    for report in reports.defer("frozen").order_by("edition"):
        latest[(report.structure_id, report.year)] = report
    return list(latest.values())


@login_not_required
def public_list_view(request: HttpRequest) -> HttpResponse:
    reports = _published()
    years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("annee", "")
    if year.isdigit() and int(year) in years:
        reports = reports.filter(year=int(year))
    else:
        year = ""
    entries = sorted(
        latest_editions(reports),
        key=lambda r: (
            -r.year,
            {StructureType.UNML: 0, StructureType.ARML: 1}.get(r.structure.type, 2),
            r.structure.region,
            r.structure.sort_name,
        ),
    )
    return render(
        request, "activity_reports/public_list.html", {"entries": entries, "years": years, "year": year}
    )


def _report(code: str, year: int, edition: int) -> ActivityReport:
    return get_object_or_404(_published(), structure__code=code, year=year, edition=edition)


@login_not_required
def public_latest_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The latest published edition (a stable address for links from elsewhere)."""
    report = _published().filter(structure__code=code, year=year).order_by("-edition").first()
    if report is None:
        raise Http404("Aucun rapport publié.")
    return _page(request, report)


@login_not_required
def public_report_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    return _page(request, _report(code, year, edition))


def _page(request: HttpRequest, report: ActivityReport) -> HttpResponse:
    year, edition = report.year, report.edition
    later = (
        _published()
        .filter(structure=report.structure, year=year, edition__gt=edition)
        .order_by("-edition")
        .first()
    )
    context = {
        "report": report,
        "structure": report.structure,
        "sections": shown_sections(report),
        "later": later,
    }
    return render(request, "activity_reports/public_report.html", context)


@login_not_required
def public_pdf_view(request: HttpRequest, code: str, year: int, edition: int) -> HttpResponse:
    report = _report(code, year, edition)
    if not report.pdf:
        publishing.build(report)  # not built yet (the background task has not run): built once, kept
    name = slugify(f"rapport-activite-{report.year}-{report.structure.code}-edition-{report.edition}")
    return FileResponse(
        report.pdf.open("rb"), as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf"
    )
