"""The report as a PDF laid out like seed 004 (cover, sections, charts with their tables, page
numbers, the annex), through the one PDF pipeline (``reports.pdf``), and its storage for the
published editions (a random file name; the public page serves it)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mlplatform.assessments.generated_evidence import attach_document, requirements_numbered
from mlplatform.evidence.services import EvidenceRefused
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


# The requirement on reporting the quality approach in the annual report, per structure type
# (ML-2022 5.4.2; ARML-UNML 2022 3.3.2.6 for an ARML, 3.3.1.6 for the UNML).
QUALITY_REPORT_REQUIREMENTS = {"ML": ("5.4.2",), "ARML": ("3.3.2.6",), "UNML": ("3.3.1.6",)}


def attach_as_evidence(report: ActivityReport, user) -> tuple[str, str]:
    """The published report's PDF in the structure's evidence library, linked to the requirement
    on reporting the quality approach. Returns (message level, French message)."""
    if report.state != State.PUBLISHED:
        return "error", "Seul un rapport publié peut être joint comme preuve."
    if report.pdf:
        with report.pdf.open("rb") as handle:
            content = handle.read()
    else:
        content = render(report)
    numbers = QUALITY_REPORT_REQUIREMENTS.get(report.structure.type, ())
    try:
        attached = attach_document(
            report.structure,
            content=content,
            filename=f"rapport-activite-{report.year}-{report.structure.code}.pdf",
            title=f"{report.title} (édition {report.edition})",
            user=user,
            requirements=lambda assessment: requirements_numbered(assessment, numbers),
        )
    except EvidenceRefused as refusal:
        return "error", " ".join(refusal.messages) + " Rien n'a été joint."
    if not attached.requirements:
        return "success", (
            f"Rapport ajouté à la bibliothèque de preuves (« {attached.evidence.title} ») ; aucune "
            "auto-évaluation en cours : rattachez-le à l'exigence quand la prochaine campagne s'ouvrira."
        )
    return "success", f"Rapport joint comme preuve ({attached.refs}) de votre auto-évaluation."
