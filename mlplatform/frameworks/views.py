"""Reading the label frameworks: contents, parts, search, print/PDF, XLSX, version comparison."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from mlplatform.core.htmx import varies_on_htmx, wants_fragment
from mlplatform.reports.pdf import pdf_response
from mlplatform.reports.xlsx import xlsx_response

from .diff import compare_versions
from .enums import FRAMEWORK_ADDRESSEES, Addressee
from .export import requirement_tree
from .models import Commitment, FrameworkVersion, Part, Requirement, Section
from .search import search_requirements


def _version(code: str, version: str) -> FrameworkVersion:
    return get_object_or_404(
        FrameworkVersion.objects.select_related("framework"), framework__code=code, version=version
    )


def _addressee_choices(version: FrameworkVersion) -> list[tuple[str, str]]:
    allowed = FRAMEWORK_ADDRESSEES.get(version.framework.code, frozenset())
    return (
        [(value, label) for value, label in Addressee.choices if value in allowed] if len(allowed) > 1 else []
    )


def _parts_with_commitments(version: FrameworkVersion, parts=None):
    """Parts with their sections and commitments prefetched, and each commitment's requirement tree."""
    parts = parts if parts is not None else Part.objects.filter(version=version)
    parts = parts.prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("position")),
        Prefetch("commitments", queryset=Commitment.objects.order_by("position")),
    ).order_by("position")
    parts = list(parts)
    tree = requirement_tree(Requirement.objects.filter(commitment__part__in=parts))
    for part in parts:
        for commitment in part.commitments.all():
            commitment.tree = tree.get(commitment.pk, [])
        part.loose_commitments = [c for c in part.commitments.all() if c.section_id is None]
        for section in part.sections.all():
            section.commitment_list = [c for c in part.commitments.all() if c.section_id == section.pk]
    return parts


def framework_list_view(request: HttpRequest) -> HttpResponse:
    versions = (
        FrameworkVersion.objects.select_related("framework")
        .annotate(commitment_count=Count("commitments", distinct=True))
        .order_by("framework__code", "-version")
    )
    return render(request, "frameworks/list.html", {"versions": versions})


def version_view(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework_version = _version(code, version)
    query = request.GET.get("q", "").strip()
    addressee = request.GET.get("destinataire", "")
    choices = _addressee_choices(framework_version)
    if addressee not in dict(choices):
        addressee = ""
    results = (
        list(search_requirements(framework_version.pk, query, addressee)) if (query or addressee) else None
    )
    context = {
        "version": framework_version,
        "query": query,
        "addressee": addressee,
        "addressee_choices": choices,
        "results": results,
    }
    if wants_fragment(request):
        return varies_on_htmx(render(request, "frameworks/_search_results.html", context))
    parts = (
        Part.objects.filter(version=framework_version)
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position")),
            Prefetch("commitments", queryset=Commitment.objects.order_by("position")),
        )
        .order_by("position")
    )
    counts = Counter(
        Requirement.objects.filter(version=framework_version).values_list("addressee", flat=True)
    )
    context.update(
        parts=parts,
        preamble=framework_version.preamble.all(),
        requirement_count=sum(counts.values()),
        addressee_counts=[(Addressee(a).label, n) for a, n in sorted(counts.items())]
        if len(counts) > 1
        else [],
        other_versions=FrameworkVersion.objects.filter(framework=framework_version.framework)
        .exclude(pk=framework_version.pk)
        .order_by("-version"),
    )
    return varies_on_htmx(render(request, "frameworks/version.html", context))


def preamble_view(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework_version = _version(code, version)
    return render(
        request,
        "frameworks/preamble.html",
        {"version": framework_version, "preamble": framework_version.preamble.all()},
    )


def part_view(request: HttpRequest, code: str, version: str, number: str) -> HttpResponse:
    framework_version = _version(code, version)
    part = get_object_or_404(Part, version=framework_version, number=number)
    neighbours = list(
        Part.objects.filter(version=framework_version).order_by("position").values("number", "title")
    )
    index = next(i for i, p in enumerate(neighbours) if p["number"] == number)
    return render(
        request,
        "frameworks/part.html",
        {
            "version": framework_version,
            "part": _parts_with_commitments(framework_version, Part.objects.filter(pk=part.pk))[0],
            "previous_part": neighbours[index - 1] if index > 0 else None,
            "next_part": neighbours[index + 1] if index + 1 < len(neighbours) else None,
            "show_addressee": bool(_addressee_choices(framework_version)),
        },
    )


def _print_context(framework_version: FrameworkVersion) -> dict:
    return {
        "version": framework_version,
        "preamble": framework_version.preamble.all(),
        "parts": _parts_with_commitments(framework_version),
        "show_addressee": bool(_addressee_choices(framework_version)),
    }


def print_view(request: HttpRequest, code: str, version: str) -> HttpResponse:
    return render(request, "frameworks/print.html", _print_context(_version(code, version)))


def pdf_view(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework_version = _version(code, version)
    context = _print_context(framework_version) | {"for_pdf": True}
    return pdf_response("frameworks/print.html", context, f"referentiel-{code}-{version}", request)


def xlsx_view(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework_version = _version(code, version)
    requirements = (
        Requirement.objects.filter(version=framework_version)
        .select_related("commitment__part", "commitment__section", "parent")
        .order_by("position")
    )
    rows = (
        (
            r.ref,
            r.parent.ref if r.parent else "",
            r.commitment.ref,
            r.commitment.title,
            f"{r.commitment.part.number}. {r.commitment.part.title}",
            f"{r.commitment.section.number}. {r.commitment.section.title}" if r.commitment.section else "",
            r.get_addressee_display(),
            r.text,
            "\n".join(r.examples),
            "\n".join(r.commitment.reference_texts),
        )
        for r in requirements
    )
    header = [
        "Référence",
        "Exigence parente",
        "Engagement (réf.)",
        "Engagement",
        "Partie",
        "Section",
        "Destinataire",
        "Exigence",
        "Exemples",
        "Textes de référence",
    ]
    return xlsx_response(
        f"referentiel-{code}-{version}",
        f"{code} {version}",
        header,
        rows,
        widths=[18, 18, 16, 50, 30, 30, 14, 80, 50, 50],
    )


def compare_view(request: HttpRequest, code: str) -> HttpResponse:
    membership = request.membership
    if membership is None or not membership.is_national_admin:
        raise PermissionDenied("La comparaison des versions est réservée à l'administration nationale.")
    versions = list(
        FrameworkVersion.objects.select_related("framework").filter(framework__code=code).order_by("version")
    )
    if not versions:
        return render(request, "404.html", status=404)
    by_name = {v.version: v for v in versions}
    old = by_name.get(request.GET.get("de", ""), versions[-2] if len(versions) > 1 else versions[0])
    new = by_name.get(request.GET.get("a", ""), versions[-1])
    rows = compare_versions(old, new) if old != new else []
    summary = Counter(row.status for row in rows)
    return render(
        request,
        "frameworks/compare.html",
        {
            "code": code,
            "versions": versions,
            "old": old,
            "new": new,
            "rows": rows,
            "summary": sorted(summary.items()),
            "show_all": request.GET.get("tout") == "1",
        },
    )
