"""Background production of the published reports' PDFs (Django's task framework: a worker runs
them, ``manage.py db_worker``; tests run them at once)."""

from __future__ import annotations

import logging

from django.tasks import task

from .models import ActivityReport

logger = logging.getLogger(__name__)


def schedule_pdf(report: ActivityReport) -> None:
    build_report_pdf.enqueue(report.pk)


@task()
def build_report_pdf(report_id: int) -> str:
    """One report's PDF; a failure is kept on the report (``pdf_error``) for the command to show."""
    from .publishing import build

    report = ActivityReport.objects.select_related("structure").filter(pk=report_id).first()
    if report is None:
        return "introuvable"
    try:
        build(report)
    except Exception as error:  # kept and shown, then raised for the task's own record
        logger.exception("PDF of activity report %s failed", report_id)
        ActivityReport.objects.filter(pk=report_id).update(pdf_error=f"{type(error).__name__}: {error}"[:300])
        raise
    return report.pdf.name
