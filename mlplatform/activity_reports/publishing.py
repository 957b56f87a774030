"""The report as a PDF laid out like seed 004 (cover, sections, charts with their tables, page
numbers, the annex), through the one PDF pipeline (``reports.pdf``), and its storage for the
published editions (a random file name; the public page serves it)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mlplatform.reports.pdf import render_pdf

from .composition import shown_sections
from .enums import State
from .models import ActivityReport


def context(report: ActivityReport) -> dict:
    return {
        "report": report,
        "structure": report.structure,
        "sections": shown_sections(report),
        "for_pdf": True,
    }


def render(report: ActivityReport) -> bytes:
    return render_pdf("activity_reports/report_pdf.html", context(report))


def build(report: ActivityReport) -> ActivityReport:
    """Render a published report's PDF and store it (the previous file is replaced)."""
    if report.state != State.PUBLISHED:
        raise ValueError("seul un rapport publié a un PDF enregistré")
    content = render(report)
    old = report.pdf.name if report.pdf else ""
    with transaction.atomic():
        report.pdf.save(f"{report.structure.code}-{report.year}.pdf", ContentFile(content), save=False)
        report.pdf_built_at = timezone.now()
        report.pdf_error = ""
        report.save(update_fields=["pdf", "pdf_built_at", "pdf_error"])
    if old and old != report.pdf.name:
        report.pdf.storage.delete(old)
    return report
