"""Next steps of the activity report on the home page: write last year's report, proofread the
report another person submitted, or go on with a draft. Two queries whatever the data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from mlplatform.core.next_steps import Step

from .enums import State
from .models import ActivityReport


def report_steps(user: Any, membership: Any) -> list[Step]:
    structure = membership.structure
    if not membership.contributes_to(structure):
        return []
    year = timezone.localdate().year - 1
    reports = list(
        ActivityReport.objects.filter(structure=structure)
        .exclude(state=State.PUBLISHED)
        .select_related("structure", "submitted_by")
        .order_by("year", "edition")[:5]
    )
    steps = []
    for report in reports:
        if report.state == State.REVIEW and report.submitted_by_id != user.pk:
            who = (
                (report.submitted_by.get_full_name() or report.submitted_by.email)
                if report.submitted_by
                else ""
            )
            steps.append(
                Step(
                    f"Relire le {report.title.lower()}",
                    f"Soumis à relecture par {who} : relisez-le, puis validez la relecture ou renvoyez-le "
                    "en brouillon.",
                    report.get_absolute_url(),
                    "Relire le rapport",
                )
            )
        elif report.state == State.PROOFREAD and membership.leads_quality_of(structure):
            steps.append(
                Step(
                    f"Publier le {report.title.lower()}",
                    "Le rapport est relu : publiez-le (ses chiffres seront figés et sa page publique).",
                    report.get_absolute_url(),
                    "Publier le rapport",
                )
            )
        elif report.state == State.DRAFT:
            steps.append(
                Step(
                    f"Terminer le {report.title.lower()}",
                    "Le rapport est en brouillon : rédigez ses textes, puis soumettez-le à relecture.",
                    report.get_absolute_url(),
                    "Reprendre le rapport",
                )
            )
    if not ActivityReport.objects.filter(structure=structure, year=year).exists():
        steps.append(
            Step(
                f"Rédiger le rapport d'activité {year}",
                "Ses chiffres viennent de la plateforme ; la structure y ajoute son éditorial, ses temps "
                "forts et ses perspectives.",
                reverse("activity_reports:list"),
                "Commencer le rapport",
            )
        )
    return steps
