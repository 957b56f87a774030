"""The XLSX of a programme version: one row per action and indicator year (through reports/xlsx.py)."""

from __future__ import annotations

from collections.abc import Iterator

from .enums import ActionStatus, Territory
from .models import Action, Programme
from .queries import indicator_table

XLSX_HEADER = (
    "N°",
    "Objectif",
    "Thème ou axe",
    "Action nationale déclinée",
    "Statut",
    "Avancement (%)",
    "Animation",
    "Co-animation",
    "Dimension territoriale",
    "Budget prévu (€, toutes années)",
    "Budget dépensé (€)",
    "ETP (toutes années)",
    "Indicateur",
    "Relié à l'observatoire",
    "Année",
    "Cible",
    "Réalisé",
)
XLSX_WIDTHS = (6, 60, 40, 14, 12, 12, 30, 30, 24, 16, 16, 12, 40, 24, 8, 12, 12)


def _attachment(action: Action) -> str:
    if action.theme_id:
        return f"Thème {action.theme.number} : {action.theme.title}"
    if action.axis_id:
        return f"Axe {action.axis.number} : {action.axis.title}"
    return ""


def _budget(action: Action) -> tuple:
    lines = list(action.budget_lines.all())
    return (
        sum(line.planned for line in lines),
        sum(line.spent or 0 for line in lines),
        sum(line.fte or 0 for line in lines),
    )


def xlsx_rows(programme: Programme, actions: list[Action]) -> Iterator[tuple]:
    for action in actions:
        base = (
            action.number,
            action.title,
            _attachment(action),
            action.declines.number if action.declines_id else "",
            ActionStatus(action.status).label,
            action.progress,
            ", ".join(action.lead),
            ", ".join(action.co_lead),
            ", ".join(Territory(t).label for t in action.territorial_dimension),
            *_budget(action),
        )
        rows = indicator_table(action, programme)
        if not rows:
            yield (*base, "", "", "", "", "")
        for row in rows:
            indicator = row["indicator"]
            for cell in row["years"]:
                yield (
                    *base,
                    indicator.label,
                    indicator.observatory_code,
                    cell["year"],
                    cell["target"],
                    cell["actual"],
                )
