"""The plan as XLSX rows and as the context of its PDF, for the actions the filters select."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone

from .models import ImprovementAction
from .queries import StatusCounts
from .timeline import build_timeline

XLSX_HEADER = [
    "Intitulé",
    "Description",
    "Exigences liées",
    "Engagements",
    "Responsable",
    "Échéance",
    "En retard",
    "Priorité",
    "Statut",
    "Avancement (%)",
    "Réalisée le",
    "Origine",
    "Créée le",
    "Créée par",
    "Dernier point d'avancement",
]
XLSX_WIDTHS = [40, 50, 30, 30, 24, 12, 10, 10, 12, 12, 12, 24, 12, 24, 50]


def _name(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


def xlsx_rows(actions: list[ImprovementAction], today: datetime.date) -> Iterator[tuple]:
    """One row per action (requirements, their commitments and notes prefetched)."""
    for action in actions:
        requirements = list(action.requirements.all())
        commitments = dict.fromkeys(r.commitment.ref for r in requirements)
        notes = list(action.notes.all())
        yield (
            action.title,
            action.description,
            ", ".join(r.ref for r in requirements),
            ", ".join(commitments),
            _name(action.owner),
            action.due_on,
            "Oui" if action.is_overdue_on(today) else "Non",
            action.get_priority_display(),
            action.get_status_display(),
            action.progress,
            action.completed_on,
            action.source,
            timezone.localtime(action.created_at).date(),
            _name(action.created_by),
            notes[-1].text if notes else "",
        )


def plan_pdf_context(
    structure, actions: list[ImprovementAction], filters: list[str], today: datetime.date
) -> dict:
    """The context of templates/improvement/plan_pdf.html: cover, counts, table, timeline."""
    return {
        "structure": structure,
        "actions": actions,
        "timeline": build_timeline(actions, today),
        "counts": StatusCounts.of(actions, today),
        "filters": filters,
        "today": today,
        "generated_at": timezone.localtime(),
        "for_pdf": True,
    }
